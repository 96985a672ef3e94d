"""The command-line side of the editors' desk: `editorial onboard` and `editorial notify`, registered by `cli`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..repository import Repository, find_root

__all__ = ["add_desk_commands"]


def cmd_onboard(args: argparse.Namespace) -> int:
    from .onboard import onboard

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    report = onboard(root, args.name, args.email, args.key)
    print(report.text())
    return 0 if report.ready else 1


def add_desk_commands(sub, repo_of: Callable[[argparse.Namespace], Repository]) -> None:
    def cmd_notify(args: argparse.Namespace) -> int:
        from .notify import write_notices

        written = write_notices(repo_of(args), Path(args.out), args.sender, args.email)
        for path in written:
            print(f"wrote {path}")
        if not written:
            print("Nothing needs anyone: no notice written.")
        return 0

    onboarding = sub.add_parser(
        "onboard", help="ready this clone: SSH signing key, git options, identity checked, what to send the maintainer"
    )
    onboarding.add_argument("--name", help="your name as readers should see it (sets git config user.name)")
    onboarding.add_argument("--email", help="your e-mail (sets git config user.email)")
    onboarding.add_argument("--key", help="an SSH key to sign with (default: user.signingkey, else ~/.ssh/id_ed25519)")
    onboarding.set_defaults(func=cmd_onboard)
    notify = sub.add_parser("notify", help="what needs each person, as e-mail texts and Atom feeds for cron to send")
    notify.add_argument("--out", default="notices", help="the folder to write <address>.eml and .atom into")
    notify.add_argument("--email", help="only this person")
    notify.add_argument("--sender", default="IgM Guide editors <editors@example.org>", help="the From: of the e-mails")
    notify.set_defaults(func=cmd_notify)
