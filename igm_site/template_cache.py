"""The compiled Jinja templates a production build may reuse: generated Python source, pinned by digest.

Jinja parses each template and generates Python source for it at every build unless a bytecode cache holds the
result: a tenth of a build here. Its file cache holds marshalled code behind a pickle, which a production build may
not load unverified (compiled templates are code: reliability review 2026-12, F5) and whose bytes are not
reproducible enough to pin (marshal's output depends on reference counts in the process that wrote it). This cache
keeps the generated source instead, which Jinja makes the same every time: a production build loads a file only when
its sha256 is the one committed in `igm_site/compiled.lock` for its name (template key and source checksum), and
records the line for a file it generated itself, as `runtime.verified` does for the bytecode.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from .runtime import COMPILED_LOCK, committed_digests, record

__all__ = ["PinnedTemplateCache"]


class PinnedTemplateCache(BytecodeCache):
    def __init__(self, directory: Path, lock: Path = COMPILED_LOCK) -> None:
        self.directory, self.lock = directory, lock
        self.pinned = committed_digests(lock)

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        # Named by the template's name and source, not by its path: the same line serves every checkout.
        path = self.directory / f"jinja-{_sha256(name.encode())[:16]}.{bucket.checksum[:16]}.{jinja2.__version__}.py"
        bucket.igm = (path, name, filename, source)  # for dump_bytecode, which Jinja gives only the bucket
        text = path.read_bytes() if path.is_file() else b""
        if text and "sha256:" + _sha256(text) == self.pinned.get(path.name):
            bucket.code = compile(text, filename or "<template>", "exec")
        return bucket

    def dump_bytecode(self, bucket: Bucket) -> None:
        path, name, filename, source = bucket.igm
        text = bucket.environment.compile(source, name, filename, raw=True).encode()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(text)
            temporary.replace(path)
            if path.name not in self.pinned:
                record(self.lock, path.name, "sha256:" + _sha256(text))
        except OSError:
            pass  # a read-only checkout compiles every template at every production build


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
