"""The calculators as a pure-Python wheel, and its entry in the Pyodide lockfile the site ships.

The wheel is what a clinician or researcher installs with pip (Python, Jupyter, JupyterLite); the same file is
registered in the lockfile the worker hands Pyodide, so `pyodide.loadPackage("igm-calculators")` loads it the
standard Pyodide way, from this host only, checked against its sha256.

The wheel is written here rather than by setuptools: a PEP 517 build in a subprocess costs 0.8-1.8 s, which would
double every site build (about 1 s warm) and the test suite builds sites many times. What we write is checked
against setuptools' own wheel of the same sources, and installed with pip into a fresh venv, by
tests/site/test_wheel.py.

The lockfile entry is made by `pyodide_lock.utils.add_wheels_to_spec`, the function behind `pyodide lockfile
add-wheels`. The command itself cannot run here: pyodide-build 0.25.1 (what pip resolves on Python 3.11) brings
pyodide-lock 0.1.0a4, whose schema rejects Pyodide 314's lockfile and whose CLI discards the wheels it adds; and
pyodide-lock 0.1.2's CLI does not start under pyodide-cli 0.2.4 with a current typer (README, "The calculators as
a wheel").
"""

from __future__ import annotations

import base64
import hashlib
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import calculators

__all__ = ["DISTRIBUTION", "Wheel", "calculators_wheel", "lock_entry"]

DISTRIBUTION = "igm-calculators"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_SUMMARY = "IgM Guide's clinical calculators (monoclonal IgM, IgM MGUS, Waldenström macroglobulinemia)"


@dataclass(frozen=True)
class Wheel:
    filename: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _metadata(version: str) -> str:
    return (
        "Metadata-Version: 2.1\n"
        f"Name: {DISTRIBUTION}\n"
        f"Version: {version}\n"
        f"Summary: {_SUMMARY}\n"
        "Requires-Python: >=3.11\n"
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Intended Audience :: Healthcare Industry\n"
        "Classifier: Topic :: Scientific/Engineering :: Medical Science Apps.\n"
        "\n"
        "Standard library only; the same files run in CPython and in Pyodide. Decision support for clinicians:\n"
        "every rule cites its primary source (`calculators.describe(id)`). See `calculators.run(id, inputs)`.\n"
    )


_WHEEL = "Wheel-Version: 1.0\nGenerator: igm_site.wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def calculators_wheel(package_dir: Path, version: str = calculators.__version__) -> Wheel:
    """`igm_calculators-<version>-py3-none-any.whl` with sorted entries and fixed times: same sources, same bytes."""
    stem = f"{DISTRIBUTION.replace('-', '_')}-{version}"
    members = [
        (f"calculators/{path.relative_to(package_dir).as_posix()}", path.read_bytes())
        for path in sorted(package_dir.rglob("*.py"))
        if "__pycache__" not in path.parts
    ]
    dist_info = f"{stem}.dist-info"
    members += [
        (f"{dist_info}/METADATA", _metadata(version).encode()),
        (f"{dist_info}/WHEEL", _WHEEL.encode()),
        (f"{dist_info}/top_level.txt", b"calculators\n"),
    ]
    record = "\n".join([*(_record_line(name, data) for name, data in members), f"{dist_info}/RECORD,,"]) + "\n"
    members.append((f"{dist_info}/RECORD", record.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return Wheel(f"{stem}-py3-none-any.whl", buffer.getvalue())


def lock_entry(wheel: Wheel, info: dict, npm_version: str) -> dict:
    """The wheel's package entry for `pyodide-lock.json` (name, version, file_name, sha256, imports, depends).

    pyodide-lock's schema wants `info.version`, which Pyodide 314's lockfile no longer carries: it is given the npm
    package's version for the computation only; the lockfile the site ships keeps the core's own `info`.
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = PyodideLockSpec(info={**info, "version": npm_version}, packages={})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel.filename
        path.write_bytes(wheel.data)
        added = add_wheels_to_spec(spec, [path], base_path=Path(tmp))
    return added.packages[DISTRIBUTION].model_dump(mode="json")


def main(argv: list[str] | None = None) -> None:
    """`python -m igm_site.wheel [DIR]`: write the wheel into DIR (default `dist/`) and print its path and sha256."""
    import sys

    out = Path((argv if argv is not None else sys.argv[1:] or ["dist"])[0])
    out.mkdir(parents=True, exist_ok=True)
    wheel = calculators_wheel(Path(calculators.__file__).parent)
    (out / wheel.filename).write_bytes(wheel.data)
    print(f"{out / wheel.filename}  sha256 {wheel.sha256}")


if __name__ == "__main__":
    main()
