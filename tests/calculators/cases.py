"""The case files, `tests/cases/<calculator>.json`: one per calculator, read by the shared CPython test
(`test_cases.py`) and by the Pyodide parity run (`tests/pyodide/test_parity.py`).

Each entry is `{"inputs": ..., "expect": ..., "source": ...}` (plus an optional `"role": "normal"` marking the
valid entry the contract tests vary, an optional `"note"`, and an optional `"id"`: a name that stays when cases are
inserted before it, needed by any case the hazard log names). `expect` is written from the source named in
`source`, never copied from the code's output. Its keys:

- `error_codes`: `[[input, code], ...]`, each of which must be among the result's errors;
- `warning_codes`: codes that must be among the warnings; `absent_warning_codes`: codes that must not be;
- `criteria_met_ids`: the ids of `criteria_met`, in order (treatment indication);
- `outcomes`: `{label: value}` pairs that must be among the result's outcomes;
- any other key: that key of the result. A dict is matched key by key (partial); anything else exactly.
Codes, never wording: a message may be reworded without touching a case.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"


def load(calculator: str) -> list[dict[str, Any]]:
    return json.loads((CASES_DIR / f"{calculator}.json").read_text(encoding="utf-8"))


def every_case() -> list[tuple[str, int, dict[str, Any]]]:
    return [(path.stem, n, case) for path in sorted(CASES_DIR.glob("*.json")) for n, case in enumerate(load(path.stem))]


def case_id(calculator: str, n: int, case: dict[str, Any]) -> str:
    """The test id of a case: its `"id"` when it has one, else its position (which moves when a case is inserted)."""
    return f"{calculator}-{case.get('id', n)}"


def normal_inputs(calculator: str) -> dict[str, Any]:
    """The entry marked `"role": "normal"`: valid inputs the contract tests vary one field at a time."""
    normal = [case for case in load(calculator) if case.get("role") == "normal"]
    assert len(normal) == 1, f'{calculator}: exactly one case needs "role": "normal"'
    return normal[0]["inputs"]


def mismatches(result: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """What in `result` differs from `expect`; empty when the case passes."""
    problems: list[str] = []
    errors = [[e["input"], e["code"]] for e in result.get("errors", [])]
    warnings = [w["code"] for w in result.get("warnings", [])]
    for key, want in expect.items():
        if key == "error_codes":
            missing = [pair for pair in want if pair not in errors]
            if missing or "errors" not in result:
                problems.append(f"errors: wanted {want}, got {errors}")
        elif "errors" in result:
            problems.append(f"{key}: wanted a result, got errors {errors}")
            break
        elif key == "warning_codes":
            if not set(want) <= set(warnings):
                problems.append(f"warning_codes: wanted {want} among {warnings}")
        elif key == "absent_warning_codes":
            if set(want) & set(warnings):
                problems.append(f"absent_warning_codes: {sorted(set(want) & set(warnings))} present")
        elif key == "criteria_met_ids":
            got = [c["id"] for c in result["criteria_met"]]
            if got != want:
                problems.append(f"criteria_met_ids: wanted {want}, got {got}")
        elif key == "outcomes":
            got = {o["label"]: o["value"] for o in result["outcome"]}
            for label, value in want.items():
                if got.get(label) != value:
                    problems.append(f"outcome {label!r}: wanted {value!r}, got {got.get(label)!r}")
        elif key not in result:
            problems.append(f"{key}: not in the result")
        elif isinstance(want, dict) and isinstance(result[key], dict):
            for sub, value in want.items():
                if result[key].get(sub) != value:
                    problems.append(f"{key}.{sub}: wanted {value!r}, got {result[key].get(sub)!r}")
        elif result[key] != want:
            problems.append(f"{key}: wanted {want!r}, got {result[key]!r}")
    return problems
