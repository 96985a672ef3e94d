"""Command line: `python -m calculators ipsswm --json '{...}'`.

Prints the result as JSON and exits 0, or prints `{"errors": [...]}` and exits 2, whatever the input
(too large, too deep, not UTF-8, not JSON): never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import calculator_ids, describe, run_json
from .inputs import MAX_JSON_BYTES, InputProblem


def _print(text: str) -> None:
    # A lone surrogate (from an argument that was not UTF-8) goes out as its JSON escape, never as an error.
    sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace") + b"\n")
    sys.stdout.flush()


def _read_stdin() -> str | InputProblem:
    data = sys.stdin.buffer.read(MAX_JSON_BYTES + 1)  # never more than the limit, whatever is sent
    if len(data) > MAX_JSON_BYTES:
        return InputProblem("", "too_large", f"Inputs are larger than {MAX_JSON_BYTES // 1024} kB.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return InputProblem("", "malformed", "Inputs are not valid UTF-8.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calculators", description="Run an IgM Guide calculator.")
    parser.add_argument("calculator", help=f"one of: {', '.join(calculator_ids())}")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--json", dest="inputs", help="inputs as a JSON object; '-' reads standard input")
    group.add_argument("--describe", action="store_true", help="print the calculator's declaration")
    args = parser.parse_args(argv)
    if args.describe:
        try:
            _print(json.dumps(describe(args.calculator), ensure_ascii=False, indent=2))
        except KeyError as exc:
            _print(json.dumps({"errors": [{"input": "", "code": "unknown_calculator", "message": exc.args[0]}]}))
            return 2
        return 0
    text = _read_stdin() if args.inputs == "-" else args.inputs
    if isinstance(text, InputProblem):
        _print(json.dumps({"errors": [text.to_dict()]}))
        return 2
    output = run_json(args.calculator, text)
    _print(output)
    return 2 if "errors" in json.loads(output) else 0


if __name__ == "__main__":
    sys.exit(main())
