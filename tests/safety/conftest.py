"""The hazard log's open mitigations are listed at the end of every run that checks the log: accepted, and said."""

from __future__ import annotations

from igm_site.hazard_log import HazardLogError, load_hazard_log


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    try:
        opened = load_hazard_log().open_mitigations()
    except HazardLogError as exc:
        terminalreporter.write_line(f"hazard log unreadable: {exc}")
        return
    terminalreporter.section(f"hazard log: {len(opened)} open mitigations (no test yet, not counted as evidence)")
    for hazard_id, mitigation in opened:
        terminalreporter.write_line(f"{hazard_id}: open (issue {mitigation.open}): {' '.join(mitigation.what.split())}")
