"""`editorial onboard`: one command that readies this clone for an editor, and says what to send the maintainer.

It makes an SSH signing key if there is none, sets the git options the review record needs on this clone
(`gpg.format ssh`, `user.signingkey`, `gpg.ssh.allowedSignersFile`, merges rather than rebases on pull, and the
merge driver that keeps both sides' appends to a ledger), proves that signing works, checks the identity against
editorial.yml and allowed_signers, and prints exactly what to send the maintainer. Run again, it changes nothing
that is already right.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tempfile
from pathlib import Path

from .appendmerge import DRIVER
from .declarations import load_declarations
from .errors import EditorialError
from .signing import fingerprint, public_key

__all__ = ["FIRST_SIGNER", "Onboarding", "onboard"]

# What the first signer's key may do alone (the record decides; this is what it allows today).
FIRST_SIGNER = (
    "you are the first signer: when you declare the first reviewer (`editorial reviewer add`), your key becomes the "
    "trust root and an allowed signer. From then on your key alone may declare and retire reviewers (editorial.yml "
    "and allowed_signers) and sign ledger repairs, so anyone holding it could make a reviewer up. Keep the key on "
    "this machine only, declare a second reviewer soon, and have them check each declaration commit "
    "(`editorial reviewer list` shows who signed it)."
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
    signers = root / declarations.allowed_signers_name
    _set(root, report, "gpg.ssh.allowedSignersFile", str(signers))
    _set(root, report, "pull.rebase", "false")  # a rebase re-creates commits, and signatures with them
    _set(root, report, f"merge.{DRIVER}.name", "keep both sides' appended lines (ledgers, comments)")
    _set(root, report, f"merge.{DRIVER}.driver", f"{sys.executable} -m editorial.appendmerge %O %A %B")
    problem = _signing_works(pub)
    if problem:
        report.ready = False
        report.lines.append(f"  FAILED signing a test message with {private}: {problem}")
    else:
        report.lines.append("  ok     signing works (a test message was signed as git will sign commits)")
    text = public_key(str(pub))
    print_identity(report, root, declarations, name, email, text)
    return report


def print_identity(report: Onboarding, root: Path, declarations, name: str, email: str, key_text: str) -> None:
    listed = []
    signers = root / declarations.allowed_signers_name
    if signers.is_file():
        for line in signers.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 3 and email.lower() in parts[0].lower().split(","):
                listed.append(" ".join(parts[-2:]))
    reviewer = declarations.reviewer_by_email(email)
    mine = " ".join(key_text.split()[:2])
    report.lines.append("")
    report.lines.append(f"You are {name} <{email}>; your key is {fingerprint(key_text)}.")
    if reviewer is not None and mine in listed:
        report.lines.append(
            f"editorial.yml declares you as {reviewer.name}, {reviewer.credentials} ({reviewer.role} reviewer), and "
            f"{declarations.allowed_signers_name} holds this key: you are ready to review. Start the desk with "
            "`editorial serve`."
        )
        return
    if reviewer is not None:
        report.lines.append(
            f"editorial.yml declares you as {reviewer.name} ({reviewer.role} reviewer), but "
            f"{declarations.allowed_signers_name} does not hold this key for {email}: your approvals would not count."
        )
        report.send += [f"Please add my signing key to {declarations.allowed_signers_name}:", f"{email} {mine}"]
        return
    first = not declarations.reviewers and not declarations.trust_root
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
