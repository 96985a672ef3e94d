"""Command line: `python -m calculators ipsswm --json '{...}'`.

Prints the result as JSON and exits 0, or prints `{"errors": [...]}` and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import calculator_ids, describe, run_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators", description="Run an IgM Guide calculator.")
    parser.add_argument("calculator", help=f"one of: {', '.join(calculator_ids())}")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--json", dest="inputs", help="inputs as a JSON object; '-' reads standard input")
    group.add_argument("--describe", action="store_true", help="print the calculator's declaration")
    args = parser.parse_args(argv)
    if args.describe:
        try:
            print(json.dumps(describe(args.calculator), ensure_ascii=False, indent=2))
        except KeyError as exc:
            print(json.dumps({"errors": [{"input": "", "code": "unknown_calculator", "message": exc.args[0]}]}))
            return 2
        return 0
    text = sys.stdin.read() if args.inputs == "-" else args.inputs
    result = json.loads(run_json(args.calculator, text))
    print(json.dumps(result, ensure_ascii=False))
    return 2 if "errors" in result else 0


if __name__ == "__main__":
    sys.exit(main())
