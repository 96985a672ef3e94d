"""`editorial onboard`: one command that readies this clone for an editor, and says what to send the maintainer.

It makes an SSH signing key if there is none, sets the git options the review record needs on this clone
(`gpg.format ssh`, `user.signingkey`, merges rather than rebases on pull, and the merge driver that keeps both
sides' appends to the review comments), proves that signing works, checks the identity and key against the reviewer
set in force (reviewers/), and prints exactly what to send the maintainer. Run again, it changes nothing that is
already right. It lives beside the desk because it readies a clone for the desk's work.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from ..declarations import load_declarations
from ..errors import EditorialError
from ..signatures import public_key
from .appendmerge import DRIVER

__all__ = ["FIRST_SIGNER", "Onboarding", "onboard"]

# What the first signer's key may do alone (the record decides; this is what it allows today).
FIRST_SIGNER = (
    "you are the first signer: when you declare the first reviewer (`editorial reviewer add`), version 1 of the "
    "reviewer set (you, as maintainer) becomes the trust root, pinned in editorial.yml. Until the set has a second "
    "member your key alone may declare and retire reviewers, so anyone holding it could make a reviewer up. Keep the "
    "key on this machine only, declare a second reviewer soon (from then on a change needs two signatures), and "
    "`editorial reviewer list` shows who signed each version."
)


@dataclasses.dataclass
class Onboarding:
    lines: list[str] = dataclasses.field(default_factory=list)
    send: list[str] = dataclasses.field(default_factory=list)  # the message for the maintainer, if any
    ready: bool = True

    def text(self) -> str:
        out = list(self.lines)
        if self.send:
            out += ["", "Send this to the maintainer (e-mail or chat; a public key is not secret):", ""]
            out += [f"    {line}" for line in self.send]
        return "\n".join(out)


def _git(root: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise EditorialError(f"git {' '.join(args)} failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout.strip()


def _config(root: Path, key: str) -> str:
    return _git(root, "config", key, check=False)


def _set(root: Path, report: Onboarding, key: str, value: str) -> None:
    if _config(root, key) != value:
        _git(root, "config", "--local", key, value)
        report.lines.append(f"  set    git config {key} {value}")
    else:
        report.lines.append(f"  ok     git config {key} {value}")


def _signing_works(key: Path) -> str:
    """'' if `ssh-keygen -Y sign` signs with this key (as git will), else why not."""
    private = key.with_suffix("") if key.suffix == ".pub" else key
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / "probe"
        probe.write_text("editorial onboard\n")
        done = subprocess.run(
            ["ssh-keygen", "-Y", "sign", "-n", "git", "-f", str(private), str(probe)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    return "" if done.returncode == 0 else (done.stderr or done.stdout).strip() or "ssh-keygen -Y sign failed"


def onboard(root: Path, name: str | None = None, email: str | None = None, key: str | None = None) -> Onboarding:
    report = Onboarding()
    report.lines.append(f"Readying {root} for editorial work:")
    # Who: the ledger records the git identity of this clone.
    for field, given in (("user.name", name), ("user.email", email)):
        if given:
            _set(root, report, field, given)
        elif not _config(root, field):
            raise EditorialError(
                f'git config {field} is not set: run `editorial onboard --name "Your Name" --email you@example.org`.'
            )
    name, email = _config(root, "user.name"), _config(root, "user.email")
    # The key: the one given, the one git already signs with, or a new one.
    chosen = Path(key).expanduser() if key else None
    if chosen is None and _config(root, "user.signingkey"):
        chosen = Path(_config(root, "user.signingkey")).expanduser()
    if chosen is None:
        chosen = Path("~/.ssh/id_ed25519").expanduser()
    pub = chosen if chosen.suffix == ".pub" else Path(f"{chosen}.pub")
    private = pub.with_suffix("")
    if not pub.is_file():
        if private.exists():
            raise EditorialError(f"{private} exists but {pub} does not: run `ssh-keygen -y -f {private} > {pub}`.")
        private.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(private)],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        report.lines.append(f"  made   an SSH key {private} (no passphrase: the desk signs without asking)")
    else:
        report.lines.append(f"  ok     SSH key {pub}")
    _set(root, report, "gpg.format", "ssh")
    _set(root, report, "user.signingkey", str(pub))
    declarations = load_declarations(root)
    _set(root, report, "pull.rebase", "false")  # a rebase re-creates commits, and signatures with them
    _set(root, report, f"merge.{DRIVER}.name", "keep both sides' appended lines (review comments)")
    _set(root, report, f"merge.{DRIVER}.driver", f"{sys.executable} -m editorial.desk.appendmerge %O %A %B")
    problem = _signing_works(pub)
    if problem:
        report.ready = False
        report.lines.append(f"  FAILED signing a test message with {private}: {problem}")
    else:
        report.lines.append("  ok     signing works (a test message was signed as git will sign commits)")
    print_identity(report, declarations, name, email, public_key(str(pub)))
    return report


def fingerprint(key_text: str) -> str:
    """The key's SHA256 fingerprint as `ssh-keygen -l` prints it."""
    digest = hashlib.sha256(base64.b64decode(key_text.split()[1])).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def print_identity(report: Onboarding, declarations, name: str, email: str, key_text: str) -> None:
    member = declarations.member_by_email(email)
    reviewer = declarations.reviewer_set.reviewer(member.id) if member else None
    mine = " ".join(key_text.split()[:2])
    report.lines.append("")
    report.lines.append(f"You are {name} <{email}>; your key is {fingerprint(key_text)}.")
    if reviewer is not None and mine in reviewer.keys:
        report.lines.append(
            f"The reviewer set in force declares you as {reviewer.name}, {reviewer.credentials} ({reviewer.role} "
            "reviewer) with this key: you are ready to review. Start the desk with `editorial serve`."
        )
        return
    if reviewer is not None:
        report.lines.append(
            f"The reviewer set in force declares you as {reviewer.name} ({reviewer.role} reviewer), but not with this "
            "key: statements signed with it would not count."
        )
        report.send += ["Please record this signing key for me in the reviewer set:", f"{email} {mine}"]
        return
    first = not declarations.reviewer_set.version
    report.lines.append(
        "You are not a declared reviewer: you can write, edit and submit pages in the desk (`editorial serve`)."
    )
    if first:
        report.lines.append(
            "No reviewer is declared yet. If you keep this repository (its maintainer): " + FIRST_SIGNER
        )
        report.lines.append("If you are to review pages, send the maintainer the text below; an author sends nothing.")
    handle = email.split("@", 1)[0].lower().replace(".", "-")
    report.send += [
        "To review pages for the IgM Guide, please declare me. In the repository, run:",
        f'editorial reviewer add --id {handle} --name {_quote(name)} --credentials "<my degrees and post>" '
        f'--role clinical --email {email} --affiliation "<my hospital>" --key {_quote(mine)}',
        f"My key's fingerprint (check it with me by phone): {fingerprint(key_text)}",
    ]


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
