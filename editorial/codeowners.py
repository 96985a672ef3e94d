"""`.github/CODEOWNERS` generated from `editorial.yml`, so the forge asks the declared reviewers for their review.

    python -m editorial.codeowners          # write .github/CODEOWNERS (`make codeowners`)
    python -m editorial.codeowners --check  # exit 1 if it is out of date (run by the tests)

Owners are the reviewers' e-mail addresses (GitHub accepts an e-mail of a member in CODEOWNERS). Every page needs a
clinical reviewer; the calculators and their pages need a technical one too; the review records (ledger, declarations,
signers) need every reviewer's attention. CODEOWNERS only asks: what counts is the approval in the ledger.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .declarations import load_declarations
from .errors import EditorialError
from .repository import find_root

__all__ = ["CODEOWNERS", "codeowners", "main"]

CODEOWNERS = ".github/CODEOWNERS"
HEADER = """\
# Generated from editorial.yml by `make codeowners` (python -m editorial.codeowners); do not edit by hand.
# The forge requests a review from these people; the approval that publishes a page is the one in ledger/.
"""


def codeowners(root: Path) -> str:
    declarations = load_declarations(root)
    active = [r for r in declarations.reviewers.values() if not r.retired]
    by_role = {role: sorted({r.email for r in active if r.role == role}) for role in ("clinical", "technical")}
    everyone = sorted({r.email for r in active})
    if not everyone:
        return HEADER + "# No reviewer is declared in editorial.yml yet, so no path has an owner.\n"
    rules = [
        ("/docs/", by_role["clinical"]),
        ("/docs/calculators/", by_role["clinical"] + by_role["technical"]),
        ("/calculators/", by_role["clinical"] + by_role["technical"]),
        ("/ledger/", everyone),
        ("/editorial.yml", everyone),
        ("/reviewers/", everyone),
    ]
    # Later rules win in CODEOWNERS, so the general /docs/ rule comes first.
    lines = [f"{pattern} {' '.join(owners)}" for pattern, owners in rules if owners]
    return HEADER + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m editorial.codeowners", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from editorial.yml")
    parser.add_argument("--root", help="the repository (default: the nearest directory with editorial.yml)")
    args = parser.parse_args(argv)
    try:
        root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
        expected = codeowners(root)
    except EditorialError as exc:
        print(f"editorial: {exc}", file=sys.stderr)
        return 1
    path = root / CODEOWNERS
    if args.check:
        stale = not path.is_file() or path.read_text(encoding="utf-8") != expected
        if stale:
            print(f"{CODEOWNERS} is out of date with the reviewer set; run `make codeowners`.", file=sys.stderr)
        return int(stale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(expected, encoding="utf-8")
    print(f"wrote {CODEOWNERS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
