"""The desk's login, kept in the clone's `.git/igm-desk/` so it outlives the browser and the desk's process.

- The session lives under a secret path, `/d/<prefix>/`, and its cookie is scoped to that path. A cookie set by
  http://127.0.0.1 is sent to every port of 127.0.0.1 (cookies ignore ports: D10), so any local listener the browser
  visits would receive a cookie scoped to `/`; a cookie scoped to a path the browser only ever requests from the desk
  never leaves it. Replaying the session needs both the cookie and the prefix.
- The cookie is persistent (`Max-Age`), and the session and prefix are kept on disk (mode 0600 in a 0700 folder of
  the clone's git directory), so closing the browser or restarting `editorial serve` keeps the editor logged in and
  a bookmark of the desk keeps working.
- A launch token is good once: its hash is removed from the file when it is used, and a second use is refused and
  told why. `editorial serve` mints one at start, or, when the desk already runs for this clone, mints one for the
  running desk and prints its address.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["TOKEN_LIFETIME", "DeskLogin", "desk_state_dir"]

TOKEN_LIFETIME = 24 * 3600  # an unused launch address stops working after a day
SESSION_LIFETIME = 90 * 24 * 3600  # the browser keeps the login for 90 days
_USED_KEPT = 50


def desk_state_dir(root: Path) -> Path:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=False
    )
    git_dir = Path(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else root / ".git"
    folder = git_dir / "igm-desk"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)


@dataclasses.dataclass
class DeskLogin:
    """The login of one clone's desk: its secret path, its session, and its one-time launch tokens."""

    folder: Path
    prefix: str
    session: str

    @classmethod
    def open(cls, root: Path) -> DeskLogin:
        folder = desk_state_dir(root)
        with cls._locked(folder):
            path = folder / "login.json"
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                prefix, session = str(data["prefix"]), str(data["session"])
            except (OSError, ValueError, KeyError, TypeError):
                prefix, session = secrets.token_urlsafe(12), secrets.token_urlsafe(32)
                _write_private(path, json.dumps({"prefix": prefix, "session": session}))
        return cls(folder, prefix, session)

    @staticmethod
    @contextlib.contextmanager
    def _locked(folder: Path) -> Iterator[None]:
        with (folder / "lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def base_path(self) -> str:
        return f"/d/{self.prefix}"

    @property
    def csrf(self) -> str:
        """The forms' token: derived from the session, so a page left open survives a restart of the desk."""
        return hmac.new(self.session.encode(), b"csrf", hashlib.sha256).hexdigest()

    def cookie(self, name: str) -> str:
        return f"{name}={self.session}; Path={self.base_path}/; Max-Age={SESSION_LIFETIME}; HttpOnly; SameSite=Strict"

    def _tokens(self) -> dict:
        try:
            data = json.loads((self.folder / "tokens.json").read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def mint(self) -> str:
        """A new launch token, good once, for a day."""
        token = secrets.token_urlsafe(24)
        with self._locked(self.folder):
            data = self._tokens()
            now = time.time()
            fresh = {k: v for k, v in data.get("fresh", {}).items() if v > now}
            fresh[_digest(token)] = now + TOKEN_LIFETIME
            data["fresh"] = fresh
            _write_private(self.folder / "tokens.json", json.dumps(data))
        return token

    def consume(self, token: str) -> str:
        """'ok' (and the token is spent), 'used' (it was good once, and was used), or 'unknown'."""
        key = _digest(token)
        with self._locked(self.folder):
            data = self._tokens()
            fresh, used = data.get("fresh", {}), data.get("used", [])
            now = time.time()
            if key in fresh and fresh[key] > now:
                del fresh[key]
                data["used"] = [*used, key][-_USED_KEPT:]
                data["fresh"] = fresh
                _write_private(self.folder / "tokens.json", json.dumps(data))
                return "ok"
            return "used" if key in used or key in fresh else "unknown"

    def valid_session(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(value, self.session)

    def record_server(self, port: int) -> None:
        _write_private(self.folder / "server.json", json.dumps({"port": port, "pid": os.getpid()}))

    def running_port(self) -> int | None:
        """The port of a desk already running for this clone (its process alive), or None."""
        try:
            data = json.loads((self.folder / "server.json").read_text(encoding="utf-8"))
            pid, port = int(data["pid"]), int(data["port"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return port
        return port
