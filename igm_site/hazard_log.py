"""The hazard log (`safety/hazards.yml`): read, checked for shape, and rendered as Markdown for its site page.

The page `docs/about/hazard-log.md` includes the log with the line `--8<-- "safety/hazards.yml"`, the snippet form the
editorial package binds into a page's approval by its bytes (`editorial.content`): a change to the log is a change to
the page, and goes back under review. The plugin puts the rendered log in place of that line. Whether every test the
log names exists is checked by the test suite (`tests/safety/test_hazard_log.py`, with pytest's own collection); this
module only reads and renders.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "HAZARDS_FILE",
    "INCLUDE",
    "Hazard",
    "HazardLog",
    "HazardLogError",
    "Mitigation",
    "include_hazard_log",
    "load_hazard_log",
    "render_hazard_log",
]

ROOT = Path(__file__).resolve().parent.parent
HAZARDS_FILE = ROOT / "safety" / "hazards.yml"
INCLUDE = re.compile(r"""^-{1,}8<-{1,}\s+["']safety/hazards\.yml["']\s*$""", re.MULTILINE)
HAZARD_ID = re.compile(r"^HZ-\d{2,}$")


class HazardLogError(ValueError):
    pass


@dataclass(frozen=True)
class Finding:
    review: str
    id: str
    note: str


@dataclass(frozen=True)
class Mitigation:
    what: str
    tests: tuple[str, ...]
    #: The project issue building this mitigation, when no test exists yet; never counted as evidence.
    open: int | None


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    cause: str
    effect: str
    severity: str
    likelihood: str
    findings: tuple[Finding, ...]
    mitigations: tuple[Mitigation, ...]

    @property
    def open_issues(self) -> tuple[int, ...]:
        return tuple(sorted({m.open for m in self.mitigations if m.open is not None}))


@dataclass(frozen=True)
class HazardLog:
    severity: dict[str, str]
    likelihood: dict[str, str]
    hazards: tuple[Hazard, ...]

    def tests(self) -> set[str]:
        return {test for hazard in self.hazards for m in hazard.mitigations for test in m.tests}

    def open_mitigations(self) -> list[tuple[str, Mitigation]]:
        return [(h.id, m) for h in self.hazards for m in h.mitigations if m.open is not None]


def _text(where: str, data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise HazardLogError(f"{where}: '{key}' must be non-empty text")
    return value.strip()


def _mitigation(where: str, data: Any) -> Mitigation:
    if not isinstance(data, dict) or set(data) - {"what", "tests", "open"}:
        raise HazardLogError(f"{where}: a mitigation has 'what', and 'tests' or 'open' (got {data!r:.80})")
    tests, issue = data.get("tests") or [], data.get("open")
    if not isinstance(tests, list) or not all(isinstance(t, str) and t.startswith("tests/") for t in tests):
        raise HazardLogError(f"{where}: 'tests' must list pytest node ids under tests/")
    if issue is not None and (isinstance(issue, bool) or not isinstance(issue, int) or issue <= 0):
        raise HazardLogError(f"{where}: 'open' must be the number of the issue building it")
    if bool(tests) == (issue is not None):
        raise HazardLogError(f"{where}: a mitigation names its tests, or is open under an issue, not both or neither")
    return Mitigation(_text(where, data, "what"), tuple(tests), issue)


def _hazard(data: Any, severity: dict[str, str], likelihood: dict[str, str]) -> Hazard:
    where = f"safety/hazards.yml: {data.get('id') if isinstance(data, dict) else data!r:.40}"
    if not isinstance(data, dict) or not HAZARD_ID.match(str(data.get("id"))):
        raise HazardLogError(f"{where}: every hazard needs an id like HZ-01")
    if data.get("severity") not in severity or data.get("likelihood") not in likelihood:
        raise HazardLogError(f"{where}: severity must be one of {list(severity)}, likelihood one of {list(likelihood)}")
    findings = data.get("findings") or []
    if not isinstance(findings, list) or not all(isinstance(f, dict) and {"review", "id"} <= set(f) for f in findings):
        raise HazardLogError(f"{where}: each finding names its 'review' file and its 'id' there")
    mitigations = data.get("mitigations")
    if not isinstance(mitigations, list) or not mitigations:
        raise HazardLogError(f"{where}: a hazard needs at least one mitigation")
    return Hazard(
        id=data["id"],
        title=_text(where, data, "title"),
        cause=_text(where, data, "cause"),
        effect=_text(where, data, "effect"),
        severity=data["severity"],
        likelihood=data["likelihood"],
        findings=tuple(Finding(str(f["review"]), str(f["id"]), str(f.get("note") or "")) for f in findings),
        mitigations=tuple(_mitigation(f"{where}, mitigation {n + 1}", m) for n, m in enumerate(mitigations)),
    )


def load_hazard_log(path: Path = HAZARDS_FILE) -> HazardLog:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise HazardLogError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k), dict) for k in ("severity", "likelihood")):
        raise HazardLogError(f"{path}: needs 'severity' and 'likelihood' scales and a list of 'hazards'")
    hazards = tuple(_hazard(h, data["severity"], data["likelihood"]) for h in data.get("hazards") or [])
    ids = [h.id for h in hazards]
    if not hazards or len(set(ids)) != len(ids):
        raise HazardLogError(f"{path}: hazard ids must be present and unique ({ids})")
    return HazardLog(dict(data["severity"]), dict(data["likelihood"]), hazards)


def _e(text: str) -> str:
    """Text as Markdown shows it literally: HTML escaped, and the table and emphasis characters neutral."""
    return html.escape(" ".join(text.split())).replace("|", "&#124;").replace("*", "&#42;").replace("_", "&#95;")


def _issue(number: int) -> str:
    return f"open: being built under issue {number}; no test yet, so it is not counted as evidence"


def render_hazard_log(log: HazardLog) -> str:
    mitigations = [m for h in log.hazards for m in h.mitigations]
    traced = [m for m in mitigations if m.tests]
    open_issues = sorted({m.open for m in mitigations if m.open is not None})
    lines = [
        f"{len(log.hazards)} hazards, {len(mitigations)} mitigations: {len(traced)} traced to "
        f"{len(log.tests())} tests of the suite, {len(mitigations) - len(traced)} open "
        f"(issues {', '.join(map(str, open_issues)) or 'none'}).",
        "",
        "| Hazard | Severity | Likelihood now | Open mitigations |",
        "| --- | --- | --- | --- |",
    ]
    for h in log.hazards:
        opened = ", ".join(f"issue {n}" for n in h.open_issues) or "none"
        lines.append(f"| [{h.id}](#{h.id.lower()}): {_e(h.title)} | {h.severity} | {h.likelihood} | {opened} |")
    for h in log.hazards:
        lines += ["", f"### {h.id}: {_e(h.title)} {{#{h.id.lower()}}}", "", "| | |", "| --- | --- |"]
        lines.append(f"| Cause | {_e(h.cause)} |")
        lines.append(f"| Effect | {_e(h.effect)} |")
        lines.append(f"| Severity | {h.severity}: {_e(log.severity[h.severity])} |")
        lines.append(f"| Likelihood now | {h.likelihood}: {_e(log.likelihood[h.likelihood])} |")
        found = "; ".join(f"`{_e(f.review)}` {_e(f.id)}" + (f" ({_e(f.note)})" if f.note else "") for f in h.findings)
        lines.append(f"| Found by | {found or 'the project, before any review'} |")
        lines += ["", "Mitigations:", ""]
        for m in h.mitigations:
            if m.open is not None:
                lines.append(f"- {_e(m.what)} **{_issue(m.open)}**.")
            else:
                lines.append(f"- {_e(m.what)} Evidence: " + ", ".join(f"`{t}`" for t in m.tests) + ".")
    return "\n".join(lines) + "\n"


def include_hazard_log(markdown: str, path: Path = HAZARDS_FILE) -> str:
    """Put the rendered log where the page includes `safety/hazards.yml`."""
    if not INCLUDE.search(markdown):
        return markdown
    rendered = render_hazard_log(load_hazard_log(path))
    return INCLUDE.sub(lambda _: rendered, markdown, count=1)
