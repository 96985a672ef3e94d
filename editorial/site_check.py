"""`python -m editorial.site_check SITE`: the built-site check, runnable without the `editorial` script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .built_site import check_site
from .errors import EditorialError
from .repository import Repository, find_root

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m editorial.site_check", description=__doc__.splitlines()[0].strip("`")
    )
    parser.add_argument("site")
    parser.add_argument("--root", help="the repository (default: the nearest directory with editorial.yml)")
    args = parser.parse_args(argv)
    try:
        root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
        problems = check_site(Repository(root, strict=True), Path(args.site))
    except EditorialError as exc:
        print(f"editorial: {exc}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"built-site check of {args.site}: {len(problems)} error(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
