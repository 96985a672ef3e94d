"""`python -m editorial.site_check SITE [--root DIR]`: the first release's entry, kept for its callers; it is
`editorial check-site`, with the same output and exit codes."""

import sys

from .cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    root = args[args.index("--root") : args.index("--root") + 2] if "--root" in args else []
    sys.exit(main([*root, "check-site", *(a for a in args if a not in root)]))
