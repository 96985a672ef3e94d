"""The Pyodide core copied into the site is exactly the one `package-lock.json` pins.

The lock's `integrity` is the sha512 of the npm tarball, not of the unpacked files, and `npm ci` checks it only
while installing: a `node_modules/pyodide` changed afterwards would be shipped as is. So each build:

1. takes the tarball from npm's own content-addressed cache (`<npm cache>/_cacache/content-v2/sha512/…`, where
   `npm ci` left it; `npm cache add` puts it back if the cache was cleared) and checks its sha512 against the lock;
2. reads each core file out of that tarball (`package/<name>`) and records its sha256 in `.cache/igm/`, keyed by the
   integrity, so the tarball is unpacked once per Pyodide version;
3. hashes the files in `node_modules/pyodide` that the site is about to copy and compares them with those digests.

A mismatch at any step stops the build and names the file. The record in `.cache/igm/` only saves a tar read: the
production build (`trust_cache=False`, see `runtime.trust_cache`) reads the tarball again and refuses a record that
says otherwise (reliability review 2026-12, F5: a rewritten record let a changed `pyodide.mjs` through).
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PyodideIntegrityError", "file_sha256", "locked_integrity", "verify_pyodide_core"]

PACKAGE = "node_modules/pyodide"


class PyodideIntegrityError(ValueError):
    pass


def locked_integrity(lock_file: Path) -> tuple[str, str]:
    """(version, integrity) of pyodide in package-lock.json."""
    try:
        entry = json.loads(lock_file.read_text(encoding="utf-8"))["packages"][PACKAGE]
        return entry["version"], entry["integrity"]
    except (OSError, KeyError, json.JSONDecodeError) as exc:
        raise PyodideIntegrityError(f"{lock_file}: no pinned {PACKAGE} with an integrity ({exc}).") from None


def _sha512_hex(integrity: str) -> str:
    algorithm, _, digest = integrity.partition("-")
    if algorithm != "sha512":
        raise PyodideIntegrityError(f"package-lock.json: pyodide integrity is {algorithm}, expected sha512.")
    return base64.b64decode(digest).hex()


def _npm_cache() -> Path:
    done = subprocess.run(["npm", "config", "get", "cache"], capture_output=True, text=True, check=False)
    return Path(done.stdout.strip() or Path.home() / ".npm")


def _tarball(version: str, integrity: str) -> Path:
    hexdigest = _sha512_hex(integrity)
    rel = Path("_cacache", "content-v2", "sha512", hexdigest[:2], hexdigest[2:4], hexdigest[4:])
    # The cache is content-addressed and the file's sha512 is checked below, so npm's default place is as good as
    # any; asking npm where its cache is starts a Node process, so that comes second.
    path = Path.home() / ".npm" / rel
    if not path.is_file():
        path = _npm_cache() / rel
    if not path.is_file():
        subprocess.run(["npm", "cache", "add", f"pyodide@{version}"], capture_output=True, check=False)
    if not path.is_file():
        raise PyodideIntegrityError(f"the pyodide {version} tarball is not in npm's cache ({path}); run `npm ci`.")
    if hashlib.sha512(path.read_bytes()).hexdigest() != hexdigest:
        raise PyodideIntegrityError(f"{path}: does not match the integrity of pyodide {version} in package-lock.json.")
    return path


def _locked_digests(
    version: str, integrity: str, names: Iterable[str], cache_dir: Path, trust_record: bool = True
) -> dict[str, str]:
    record = cache_dir / f"pyodide-{_sha512_hex(integrity)[:32]}.json"
    recorded = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    if trust_record and all(name in recorded for name in names):
        return recorded
    digests = {}
    with tarfile.open(_tarball(version, integrity), "r|gz") as archive:  # one pass: a seek back decompresses again
        for member in archive:
            name = member.name.removeprefix("package/")
            if name in names and (data := archive.extractfile(member)) is not None:
                digests[name] = hashlib.sha256(data.read()).hexdigest()
    for name in names:
        if name not in digests:
            raise PyodideIntegrityError(f"the pyodide {version} tarball has no {name}.")
    changed = [name for name in names if name in recorded and recorded[name] != digests[name]]
    if changed:
        raise PyodideIntegrityError(
            f"{record}: records digests of {', '.join(changed)} that the pyodide {version} tarball does not have: "
            "the build cache was changed outside the build. Delete .cache/igm/ and build again."
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
    return digests


_hashed: dict[tuple, bytes] = {}


def file_sha256(path: Path) -> bytes:
    """The file's sha256, read once per process for the same file (same inode, size and mtime)."""
    info = path.stat()
    key = (str(path.resolve()), info.st_ino, info.st_size, info.st_mtime_ns)
    if key not in _hashed:
        _hashed[key] = hashlib.sha256(path.read_bytes()).digest()
    return _hashed[key]


def verify_pyodide_core(
    pyodide_dir: Path, names: Iterable[str], lock_file: Path, cache_dir: Path, trust_cache: bool = True
) -> str:
    """Check every core file against the locked tarball; return the locked version."""
    names = tuple(names)
    version, integrity = locked_integrity(lock_file)
    installed = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != version:
        raise PyodideIntegrityError(f"{pyodide_dir}: pyodide {installed} installed, {version} locked; run `npm ci`.")
    expected = _locked_digests(version, integrity, names, cache_dir, trust_cache)
    for name in names:
        if file_sha256(pyodide_dir / name).hex() != expected[name]:
            raise PyodideIntegrityError(
                f"{pyodide_dir / name}: differs from the pyodide {version} tarball pinned in package-lock.json "
                "(changed after `npm ci`?); run `npm ci` to restore it."
            )
    return version
