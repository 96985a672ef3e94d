"""What the browser needs to run the calculators, as files for the built site.

The Pyodide core is copied from the pinned npm package (verified against the lock's integrity:
`pyodide_integrity`) under a versioned path, and the calculators
package is zipped reproducibly under a content-hashed name, so both can be cached as immutable.

The bytecode compiled for the browser is kept in `.cache/igm/` between builds, under a name that carries a digest of
its inputs. A development build trusts that cache. A production build (`editorial build` sets `IGM_VERIFY_CACHE=1`)
uses a cached file only when its sha256 is the one committed in `igm_site/compiled.lock` for that name (the digest
of what a fresh compile of those inputs made); otherwise it compiles the file itself, refuses to go on when a cached
file differs from what it made (reliability review 2026-12, F5: a poisoned bundle computed age > 85 under a page
saying > 65), ships what it made and records its digest in the lock, to be committed with the change that made it.
A line of the lock is checked against a fresh compile by tests/site/test_build_cache.py.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from calculators.numbers import MAX_CHARS

from .pyodide_integrity import PyodideIntegrityError, verify_pyodide_core
from .snapshot import make_snapshot, snapshot_name
from .stdlib import precompiled_stdlib, precompiled_zip, stdlib_name, zip_name
from .wheel import Wheel, calculators_wheel, lock_entry

__all__ = [
    "ASSETS",
    "BROWSER_MODULES",
    "COMPILED_LOCK",
    "PAGE_SCRIPT",
    "PYODIDE_CORE_FILES",
    "VERIFY_CACHE",
    "Runtime",
    "calculators_zip",
    "committed_digests",
    "integrity",
    "pyodide_version",
    "record",
    "trust_cache",
    "verified",
]

ROOT = Path(__file__).resolve().parent.parent
ASSETS = Path(__file__).parent / "assets"
# Modules served under content-hashed names, with what each imports by relative URL.
BROWSER_MODULES = (
    "calc-worker.js",
    "calc-runtime.js",
    "calc-result.js",
    "calc-page.js",
    "calc-start.js",
    "search-after-start.js",
)
MODULE_IMPORTS = {
    "calc-worker.js": {"runtime.js"},
    "calc-runtime.js": {"runtime.js", "calc-worker.js"},
    "calc-result.js": set(),
    "calc-page.js": {"calc-runtime.js", "calc-result.js"},
    "calc-start.js": {"calc-runtime.js", "calc-page.js"},
    "search-after-start.js": set(),  # a classic script (Material's bundle is one): it must run before that
}
# The page's script is calc-start.js, which starts the worker once calc-runtime.js and runtime.js have loaded and
# then imports calc-page.js (issue 23). A calculator page preloads the rest of that graph and the worker's script,
# the worker's first, so the worker starts without waiting for a chain of fetches (issue 12). The worker fetches
# Pyodide only when it runs.
PAGE_SCRIPT = "calc-start.js"
CALC_PRELOAD = ("calc-runtime.js", "runtime.js", "calc-worker.js", "calc-page.js", "calc-result.js")
PYODIDE_CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
VERIFY_CACHE = "IGM_VERIFY_CACHE"
COMPILED_LOCK = Path(__file__).with_name("compiled.lock")
_LOCK_HEADER = (
    "# sha256 of each artefact a fresh build made, by file name (the name carries the digest of its inputs).\n"
    "# Written by a production build (`editorial build`) that had to make one; commit it with the change.\n"
)
log = logging.getLogger("mkdocs.plugins.igm_site")


def trust_cache() -> bool:
    """False in a production build: nothing under .cache/ is used that this build did not make itself."""
    return os.environ.get(VERIFY_CACHE) != "1"


def _made_here(cache: Path, build) -> Path:
    """`build(directory)` run in a fresh directory; the result must equal the cached file of the same name, if any."""
    fresh_dir = Path(tempfile.mkdtemp(prefix="igm-verified-"))
    atexit.register(shutil.rmtree, fresh_dir, True)
    fresh = build(fresh_dir)
    cached = cache / fresh.name
    if cached.is_file() and cached.read_bytes() != fresh.read_bytes():
        raise PyodideIntegrityError(
            f"{cached}: differs from what this build compiled from the same inputs: the build cache was changed "
            "outside the build. Delete .cache/igm/ and build again."
        )
    return fresh


def committed_digests(lock: Path = COMPILED_LOCK) -> dict[str, str]:
    lines = lock.read_text(encoding="utf-8").splitlines() if lock.is_file() else []
    return dict(line.split()[:2] for line in lines if line.strip() and not line.startswith("#"))


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def record(lock: Path, name: str, digest: str) -> None:
    """Pin `digest` (of a file this build made) for `name` in the lock, in place of the line for earlier inputs."""
    kind = name.split(".")[0]  # one line per artefact: the digest for its current inputs
    rows = {n: d for n, d in committed_digests(lock).items() if n.split(".")[0] != kind} | {name: digest}
    lock.write_text(_LOCK_HEADER + "".join(f"{n} {d}\n" for n, d in sorted(rows.items())), encoding="utf-8")
    log.info(f"{lock.name}: recorded {name} {digest}; commit it so production builds can use the cache.")


def verified(cache: Path, name: str, build, lock: Path = COMPILED_LOCK) -> Path:
    """The production build's `name`: the cached file if it has the digest committed for that name, else compiled
    here (`_made_here`), checked against the committed digest or recorded in the lock, and put in the cache."""
    recorded = committed_digests(lock).get(name)
    cached = cache / name
    if recorded and cached.is_file() and _sha256(cached) == recorded:
        return cached
    fresh = _made_here(cache, build)
    digest = _sha256(fresh)
    if recorded and digest != recorded:
        raise PyodideIntegrityError(
            f"{lock}: records {recorded} for {name}, but this build compiled {digest} from the same inputs: the "
            "line was not written by a build. Delete it and build again (`editorial build` records it)."
        )
    with contextlib.suppress(OSError):  # a read-only checkout compiles at every production build
        if not recorded:
            record(lock, name, digest)
        if not cached.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(fresh, cached.with_suffix(".tmp"))
            os.replace(cached.with_suffix(".tmp"), cached)
    return fresh


def pyodide_version(pyodide_dir: Path) -> str:
    return json.loads((pyodide_dir / "package.json").read_text())["version"]


def calculators_zip(package_dir: Path) -> bytes:
    """The calculators package as a zip with sorted entries and fixed times: same sources, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package_dir.rglob("*.py")):
            info = zipfile.ZipInfo(f"calculators/{path.relative_to(package_dir).as_posix()}", _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def integrity(content: bytes) -> str:
    """Subresource Integrity's form of the sha256, which `fetch(url, {integrity})` checks."""
    return "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")


def _hashed_name(stem: str, content: bytes) -> str:
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}.zip"


@dataclass(frozen=True)
class Runtime:
    """Where each runtime file goes in the site, relative to the site root."""

    pyodide_dir: Path
    pyodide_version: str
    bundle: bytes
    stdlib: Path
    wheel: Wheel
    snapshot: Path  # Pyodide's heap after start-up and the calculators' imports (`snapshot`)

    @classmethod
    def locate(
        cls,
        pyodide_dir: Path | None = None,
        package_dir: Path | None = None,
        cache: Path | None = None,
        verify: bool | None = None,
        compiled_lock: Path = COMPILED_LOCK,
    ) -> Runtime:
        pyodide_dir = pyodide_dir or ROOT / "node_modules" / "pyodide"
        missing = [name for name in PYODIDE_CORE_FILES if not (pyodide_dir / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"Pyodide core files {missing} are missing from {pyodide_dir}; run `npm ci` (make does it for you)."
            )
        cache = cache or ROOT / ".cache" / "igm"
        verify = not trust_cache() if verify is None else verify
        # node_modules/pyodide sits beside the package-lock.json that pins it.
        npm_lock = pyodide_dir.resolve().parents[1] / "package-lock.json"
        verify_pyodide_core(pyodide_dir, PYODIDE_CORE_FILES, npm_lock, cache, trust_cache=not verify)
        package_dir = package_dir or ROOT / "calculators"
        sources = calculators_zip(package_dir)

        # Bytecode compiled by Pyodide itself: importing .py would compile it at every start.
        def bundle(directory: Path) -> Path:
            return precompiled_zip(pyodide_dir, directory, sources, "calculators")

        def stdlib(directory: Path) -> Path:
            return precompiled_stdlib(pyodide_dir, directory)

        wheel = calculators_wheel(package_dir)  # made here at every build, never cached
        if verify:
            bundle_file = verified(cache, zip_name(pyodide_dir, sources, "calculators"), bundle, compiled_lock)
            stdlib_file = verified(cache, stdlib_name(pyodide_dir), stdlib, compiled_lock)
        else:
            bundle_file, stdlib_file = bundle(cache), stdlib(cache)
        compiled = bundle_file.read_bytes()
        bundle_name = _hashed_name("calculators", compiled)

        def snapshot(directory: Path) -> Path:  # of the stdlib and bundle this build ships (verified above)
            return make_snapshot(pyodide_dir, directory, stdlib_file, compiled, bundle_name)

        if verify:
            name = snapshot_name(pyodide_dir, stdlib_file, bundle_name)
            snapshot_file = verified(cache, name, snapshot, compiled_lock)
        else:
            snapshot_file = snapshot(cache)
        return cls(pyodide_dir, pyodide_version(pyodide_dir), compiled, stdlib_file, wheel, snapshot_file)

    @property
    def pyodide_path(self) -> str:
        return f"assets/pyodide/{self.pyodide_version}"

    @property
    def bundle_path(self) -> str:
        return f"assets/igm/{_hashed_name('calculators', self.bundle)}"

    @property
    def snapshot_path(self) -> str:
        return f"assets/igm/{self.snapshot.name}"

    @property
    def wheel_dir(self) -> str:
        """Content-addressed, so the immutable caching of assets/igm/ can never serve an older wheel."""
        return f"assets/igm/wheels/{self.wheel.sha256[:12]}"

    @property
    def wheel_path(self) -> str:
        return f"{self.wheel_dir}/{self.wheel.filename}"

    @property
    def stdlib_path(self) -> str:
        return f"assets/igm/{self.stdlib.name}"

    def lockfile(self) -> dict:
        """The core's lockfile with none of its packages, only ours: saves fetching 119 kB at every start, and
        with no other package listed Pyodide can never fall back to its CDN. `igm-calculators` is the wheel,
        fetched relative to the worker's `packageBaseUrl` (PACKAGE_BASE) and checked against its sha256."""
        info = json.loads((self.pyodide_dir / "pyodide-lock.json").read_text())["info"]
        entry = lock_entry(self.wheel, info, self.pyodide_version)
        return {"info": info, "packages": {entry["name"]: entry}}

    def browser_modules(self) -> dict[str, tuple[str, bytes]]:
        """The browser's ES modules under content-hashed names, so a returning reader's browser takes
        them from its cache without asking: {source name: (site path, content)}.

        Each module's imports are rewritten to the hashed names of the modules it imports, in dependency
        order (runtime.js, then the worker, the runtime that starts it, and the page script).
        """
        hashed: dict[str, tuple[str, bytes]] = {}

        def add(name: str, content: bytes) -> None:
            digest = hashlib.sha256(content).hexdigest()[:12]
            hashed[name] = (f"assets/igm/{name.removesuffix('.js')}.{digest}.js", content)

        add("runtime.js", self.config_module().encode())
        for name in BROWSER_MODULES:
            text = (ASSETS / name).read_text(encoding="utf-8")
            for dependency, (path, _) in list(hashed.items()):
                reference = f'"./{dependency}"'
                if dependency in MODULE_IMPORTS[name]:
                    if reference not in text:
                        raise ValueError(f"igm_site/assets/{name}: expected to import {reference}")
                    text = text.replace(reference, f'"./{path.rsplit("/", 1)[1]}"')
            add(name, text.encode())
        return hashed

    def downloads(self) -> dict[str, int]:
        """The big files a start fetches, relative to `runtime.js`, with their sizes as served (uncompressed):
        the worker requests them at once and counts their bytes, so the page can show progress."""
        wasm = self.pyodide_dir / "pyodide.asm.wasm"
        return {
            f"../pyodide/{self.pyodide_version}/pyodide.asm.wasm": wasm.stat().st_size,
            self.stdlib.name: self.stdlib.stat().st_size,
            self.bundle_path.rsplit("/", 1)[1]: len(self.bundle),
        }

    def config_module(self) -> str:
        """`runtime.js`: the worker imports its asset URLs from here, the page runtime the input limit."""
        here = 'new URL("{}", import.meta.url).href'
        downloads = ", ".join(f"[{here.format(path)}]: {size}" for path, size in self.downloads().items())
        return (
            "// Generated by the igm-guide MkDocs plugin at build time.\n"
            f"export const PYODIDE_BASE = {here.format(f'../pyodide/{self.pyodide_version}/')};\n"
            f"export const STDLIB_URL = {here.format(self.stdlib.name)};\n"
            f"export const CALCULATORS_BUNDLE = {here.format(self.bundle_path.rsplit('/', 1)[1])};\n"
            f"export const SNAPSHOT_URL = {here.format(self.snapshot.name)};\n"
            f"export const SNAPSHOT_INTEGRITY = {json.dumps(integrity(self.snapshot.read_bytes()))};\n"
            f"export const SNAPSHOT_BYTES = {self.snapshot.stat().st_size};\n"
            f"export const LOCKFILE = {json.dumps(self.lockfile())};\n"
            f"export const PACKAGE_BASE = {here.format(self.wheel_dir.removeprefix('assets/igm/') + '/')};\n"
            f"export const DOWNLOADS = {{{downloads}}};\n"
            f"export const MAX_CHARS = {MAX_CHARS}; // calculators.numbers: the longest number read\n"
        )
