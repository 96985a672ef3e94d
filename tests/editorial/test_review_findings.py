"""Which test reproduces which finding of the two November 2026 reviews (issue 13, "Tests").

Sources, in /work/shared/reviews/:
- editorial-workflow-2026-11.md (editor audit 2): §2.1 attacks A1a…A8d, §2.2 attacks B1…B8, and the ordinary actions
  of §2.3 that used to make the whole site unbuildable, numbered here O1…O7 in the order of its table (the squash
  merge of §2.3 is B8). "A8b-prime" is the review's A8b′.
- reliability-security-2026-11.md: §3 content injection, numbered here RS3.1…RS3.5 (variants 1–3, then "Does the CSP
  stop it?": every inline script hashed, and the regex hasher, ranked #12); §5 the editorial ledger, RS5.1…RS5.13 as
  the rows of its table.

An attack must fail `editorial check --production` (or `editorial check-site`) with a message naming it; an ordinary
action must leave the production check and the build passing, or be named with a fix that brings them back. Every
test listed names its finding in its docstring, so a reader can go from the review to the test and back; the test
below keeps the table and the docstrings in step.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

A = "tests/editorial/test_attacks.py::"
T = "tests/editorial/test_trust.py::"
S = "tests/editorial/test_signatures.py::"
W = "tests/editorial/test_ordinary_work.py::"
SITE = "tests/editorial/test_site.py::"
INJ = "tests/editorial/test_injection.py::"
RV = "tests/editorial/test_reader_view.py::"

# finding -> (one-line summary, the tests that reproduce it). A bare module path (no "::") is a file another session
# owns; its tests are checked once it exists.
FINDINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    # editor audit 2, §2.1
    "A1a": ("a reviewer approves his own page", (A + "test_approve_as_the_author",)),
    "A1c": (
        "the page's creator approves it once someone else submitted it",
        (
            T + "test_a1c_the_creator_cannot_approve_once_someone_else_submits",
            T + "test_a1c_an_approval_by_the_creator_written_by_hand_fails_production",
        ),
    ),
    "A1d": (
        "the author declares a second identity of her own as reviewer and approves with it",
        (
            T + "test_a1d_a2c_declaring_yourself_a_reviewer_breaks_the_chain_of_trust",
            T + "test_a_self_declaration_removed_after_approving_does_not_vouch",
        ),
    ),
    "A1e": (
        "the author sets the reviewer's git identity and approves",
        (
            T + "test_a1e_approving_under_someone_elses_git_identity",
            T + "test_a7e_deleting_allowed_signers_does_not_switch_checks_off",
        ),
    ),
    "A2a": ("an undeclared person runs `editorial approve`", (A + "test_approve_as_an_unknown_reviewer",)),
    "A2b": (
        "an undeclared person hand-writes a chained approval in a reviewer's name and commits it",
        (A + "test_approval_in_a_declared_reviewers_name_committed_by_someone_else",),
    ),
    "A2c": (
        "an undeclared person declares herself a reviewer, then approves",
        (
            T + "test_a1d_a2c_declaring_yourself_a_reviewer_breaks_the_chain_of_trust",
            T + "test_a_self_declaration_removed_after_approving_does_not_vouch",
        ),
    ),
    "A3a": (
        "the approval's content_hash rewritten to the new content (uncommitted)",
        (A + "test_hash_in_the_ledger_edited_to_cover_new_content",),
    ),
    "A3b": ("the same, committed", (A + "test_hash_in_the_ledger_edited_to_cover_new_content",)),
    "A3c": ("an earlier ledger line edited", (A + "test_an_earlier_line_edited_breaks_the_chain",)),
    "A3d": ("the last ledger line deleted", (T + "test_a3d_deleting_the_last_line_is_named_with_its_commit",)),
    "A3e": ("two ledger lines reordered", (A + "test_a3e_two_lines_reordered",)),
    "A3f": (
        "a line deleted, the rest renumbered and re-chained, committed",
        (A + "test_a3f_rs5_11_lines_rewritten_and_rechained_consistently",),
    ),
    "A4a": (
        "`review_status: approved` in front matter while the ledger says submitted",
        (A + "test_front_matter_claims_approved_without_a_ledger_entry",),
    ),
    "A4b": (
        "a new page with `review_status: approved` and no ledger",
        (
            A + "test_front_matter_claims_approved_without_a_ledger_entry",
            SITE + "test_front_matter_approved_without_ledger_fails_the_build",
        ),
    ),
    "A5a": (
        "an approval line copied verbatim into another page's ledger",
        (A + "test_a5a_an_approval_line_copied_verbatim_to_another_ledger",),
    ),
    "A5b": (
        "the copy with page, seq and prev fixed, committed by the author",
        (T + "test_a5_an_approval_copied_to_another_page_does_not_count",),
    ),
    "A5c": (
        "the same, committed under the reviewer's e-mail",
        (A + "test_a5c_a_copied_approval_committed_under_the_reviewers_email",),
    ),
    "A5d": (
        "the reviewer's approval commits cherry-picked onto a branch where the page differs",
        (A + "test_a5d_approval_commits_cherry_picked_onto_a_branch_where_the_page_differs",),
    ),
    "A6": (
        "`git filter-branch` makes an approval cover text the reviewer never saw",
        (T + "test_a6_a7h_history_rewritten_so_an_approval_covers_other_text",),
    ),
    "A7a": ("a signed approval by the reviewer counts", (S + "test_approval_signed_by_the_reviewer_counts",)),
    "A7b": (
        "the same approval unsigned",
        (
            S + "test_unsigned_approval_does_not_count",
            S + "test_approve_without_a_signing_key_is_refused_up_front",
        ),
    ),
    "A7c": (
        "the author impersonates the reviewer and signs with her own key",
        (
            S + "test_approval_signed_with_a_key_not_allowed_does_not_count",
            T + "test_a1e_approving_under_someone_elses_git_identity",
        ),
    ),
    "A7d": ("the author adds her key under the reviewer's name", (T + "test_a7d_own_key_under_the_reviewers_name",)),
    "A7e": (
        "allowed_signers deleted, then an unsigned approval",
        (T + "test_a7e_deleting_allowed_signers_does_not_switch_checks_off",),
    ),
    "A7g": ("a reviewer's key rotated after a signed approval", (T + "test_a7g_a_rotated_key_keeps_past_approvals",)),
    "A7h": (
        "the A6 history rewrite when approvals are signed",
        (T + "test_a6_a7h_history_rewritten_so_an_approval_covers_other_text",),
    ),
    "A8a": ("an approval dated in the future", (T + "test_a8_approval_dated_in_the_future_or_the_past",)),
    "A8b": ("an approval backdated by two years", (T + "test_a8_approval_dated_in_the_future_or_the_past",)),
    "A8b-prime": ("an approval so old it is overdue", (A + "test_overdue_review",)),
    "A8c": (
        "`review_interval_months: 1200` in front matter",
        (
            T + "test_a8c_a_longer_review_interval_is_capped",
            T + "test_a8c_a_longer_interval_is_capped_and_named_by_production",
        ),
    ),
    "A8d": ("a hand-typed `last_updated: 2030-01-01`", (A + "test_a8d_a_hand_typed_last_updated_is_refused",)),
    # editor audit 2, §2.2
    "B1": (
        "a page's ledger deleted: no status, caution or disclaimer",
        (W + "test_b1_a_deleted_ledger_is_named_with_its_commit_and_a_revert_restores_it",),
    ),
    "B2": (
        "an article added with plain git, under no review",
        (
            W + "test_b2_a_page_added_with_plain_git_is_under_no_review",
            SITE + "test_a_page_under_no_review_shows_the_caution_and_fails_production",
        ),
    ),
    "B3": (
        "the template edited so the label says Approved and the caution never shows",
        (
            SITE + "test_b3_a_template_edited_to_print_approved_fails_check_site",
            RV + "test_each_way_of_hiding_a_mark_is_reported",
        ),
    ),
    "B4": (
        "a reviewer renamed in editorial.yml relabels past approvals",
        (T + "test_b4_renaming_a_reviewer_does_not_relabel_past_approvals",),
    ),
    "B5": ("a `-s ours` merge erases a later withdrawal", (W + "test_b5_a_merge_that_erases_a_withdrawal_is_named",)),
    "B6": (
        "an uncommitted approval in the reviewer's name, built with plain mkdocs",
        (
            SITE + "test_b6_an_uncommitted_approval_built_with_plain_mkdocs_is_caught_by_check_site",
            A + "test_production_check_refuses_uncommitted_ledger_lines",
        ),
    ),
    "B7": (
        "start-review / request-changes by the author or an undeclared person",
        ("tests/editorial/test_who_may_act.py",),
    ),
    "B8": (
        "a squash merge re-records an approval under the merger's name",
        (W + "test_b8_a_squash_merge_that_re_records_an_approval_is_a_clear_error",),
    ),
    # editor audit 2, §2.3: ordinary actions that made the whole site unbuildable
    "O1": (
        "a reviewer fixes a comma on a page he approved",
        (W + "test_a_reviewer_fixing_a_comma_keeps_their_approval_and_the_site",),
    ),
    "O2": (
        "a reviewer leaves the board",
        (
            W + "test_a_reviewer_removed_from_the_board_keeps_past_approvals",
            T + "test_retired_reviewer_keeps_past_approvals_and_approves_no_more",
        ),
    ),
    "O3": (
        "signatures switched on after unsigned approvals exist",
        (W + "test_o3_an_unsigned_approval_is_named_and_a_signed_repair_recovers",),
    ),
    "O4": (
        "a committed hand edit of a ledger, reverted later",
        (W + "test_a_revert_of_a_committed_hand_edit_restores_the_ledger",),
    ),
    "O5": (
        "a ledger deleted and started again",
        (
            W + "test_o5_a_deleted_ledger_cannot_be_restarted_but_a_revert_restores_it",
            W + "test_b1_a_deleted_ledger_is_named_with_its_commit_and_a_revert_restores_it",
        ),
    ),
    "O6": (
        "a page renamed",
        (
            W + "test_editorial_mv_keeps_the_ledger_and_the_approval",
            W + "test_o6_a_page_renamed_with_git_mv_is_named_and_undone_by_a_revert",
        ),
    ),
    "O7": (
        "two branches append to one ledger",
        (
            W + "test_two_branches_appending_to_one_ledger_then_a_signed_repair",
            W + "test_o7_a_merge_keeping_one_side_does_not_drop_the_other_sides_event_silently",
        ),
    ),
    # reliability review, §3 content injection
    "RS3.1": (
        "variant 1: script in every front matter field and in the body",
        (
            INJ + "test_editorial_check_refuses_each_injection_with_file_and_line",
            INJ + "test_rs3_1_every_field_at_once_is_refused_by_check_and_build",
            INJ + "test_allowed_text_is_escaped_wherever_it_is_rendered",
            INJ + "test_rs3_1_an_event_handler_after_an_unquoted_value_with_a_quote_is_refused",
        ),
    ),
    "RS3.2": (
        "variant 2: a title ending in <template> hides the status box, caution and disclaimer",
        (
            INJ + "test_editorial_check_refuses_each_injection_with_file_and_line[title ending in <template>]",
            INJ + "test_the_build_refuses_them_too_and_hashes_nothing_from_a_page",
            RV + "test_each_way_of_hiding_a_mark_is_reported[open <template> in the header]",
        ),
    ),
    "RS3.3": (
        "variant 3: a script in the disclaimer alone",
        (
            INJ + "test_editorial_check_refuses_each_injection_with_file_and_line[disclaimer alone]",
            INJ + "test_allowed_text_is_escaped_wherever_it_is_rendered",
        ),
    ),
    "RS3.4": (
        "the CSP hashes every inline script it finds, so injected scripts run",
        (
            INJ + "test_rs3_4_an_inline_script_the_build_did_not_emit_is_refused_not_hashed",
            RV + "test_rs3_4_rs3_5_the_policy_hashes_the_themes_scripts_only_and_reads_html_as_a_browser",
        ),
    ),
    "RS3.5": (
        "the regex hasher pairs <script in an attribute with a later </script> (#12)",
        (RV + "test_rs3_4_rs3_5_the_policy_hashes_the_themes_scripts_only_and_reads_html_as_a_browser",),
    ),
    # reliability review, §5 the editorial ledger
    "RS5.1": (
        "a ledger truncated mid-line; `status` said 'no ledger'",
        (
            W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.1 truncated mid-line]",
            W + "test_a_malformed_ledger_is_shown_as_malformed_and_status_fails",
        ),
    ),
    "RS5.2": (
        "invalid JSON on line 1",
        (
            W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.2 invalid JSON on line 1]",
            A + "test_ledger_that_is_not_json",
        ),
    ),
    "RS5.3": (
        "a UTF-8 byte-order mark",
        (W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.3 UTF-8 BOM]",),
    ),
    "RS5.4": ("CRLF line endings (accepted, nothing lost)", (W + "test_rs5_4_crlf_line_endings_lose_nothing",)),
    "RS5.5": (
        "an invalid UTF-8 byte gave a traceback",
        (
            W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.5 invalid UTF-8 byte]",
            W + "test_a_malformed_ledger_is_shown_as_malformed_and_status_fails",
        ),
    ),
    "RS5.6": (
        "JSON nested 100 000 deep gave a traceback",
        (
            W
            + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.6 JSON nested 100 000 deep]",
        ),
    ),
    "RS5.7": (
        "a 5000-digit integer gave a traceback",
        (W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.7 a 5000-digit integer]",),
    ),
    "RS5.8": (
        "an empty ledger file",
        (W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.8 empty file]",),
    ),
    "RS5.9": (
        "a trailing blank line",
        (W + "test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback[RS5.9 trailing blank line]",),
    ),
    "RS5.10": (
        "an append after a stripped final newline glued two events (#4)",
        (W + "test_an_append_after_a_stripped_newline_starts_a_new_line",),
    ),
    "RS5.11": (
        "line 1 rewritten with a consistent re-chained prev",
        (
            A + "test_a3f_rs5_11_lines_rewritten_and_rechained_consistently",
            A + "test_hash_in_the_ledger_edited_to_cover_new_content",
        ),
    ),
    "RS5.12": (
        "ledger deleted, `review_status: under_review` left in the front matter",
        (W + "test_rs5_12_rs5_13_a_deleted_ledger_with_or_without_a_typed_status",),
    ),
    "RS5.13": (
        "ledger deleted and the `review_status` line removed: published with no marks (#2)",
        (
            W + "test_b1_a_deleted_ledger_is_named_with_its_commit_and_a_revert_restores_it",
            W + "test_rs5_12_rs5_13_a_deleted_ledger_with_or_without_a_typed_status",
            SITE + "test_a_page_under_no_review_shows_the_caution_and_fails_production",
        ),
    ),
}

# Every ID the two reviews' sections define, written out so that a finding dropped from FINDINGS is noticed.
EXPECTED = (
    "A1a A1c A1d A1e A2a A2b A2c A3a A3b A3c A3d A3e A3f A4a A4b A5a A5b A5c A5d A6 A7a A7b A7c A7d A7e A7g A7h "
    "A8a A8b A8b-prime A8c A8d B1 B2 B3 B4 B5 B6 B7 B8 O1 O2 O3 O4 O5 O6 O7 "
    "RS3.1 RS3.2 RS3.3 RS3.4 RS3.5 " + " ".join(f"RS5.{n}" for n in range(1, 14))
).split()


def names(text: str, finding: str) -> bool:
    """Whether `text` names `finding` as a whole ID: A8b is not named by "A8b-prime", nor RS5.1 by "RS5.11"."""
    return re.search(rf"(?<![\w.-]){re.escape(finding)}(?![\w-]|\.\d)", text) is not None


def _parametrized_ids(function) -> set[str]:
    ids: set[str] = set()
    for mark in getattr(function, "pytestmark", ()):
        if mark.name == "parametrize":
            ids.update(str(value) for value in mark.args[1])
    return ids


def test_every_finding_of_the_reviews_is_listed():
    assert list(FINDINGS) == EXPECTED
    assert all(summary and tests for summary, tests in FINDINGS.values())


@pytest.mark.parametrize("finding", list(FINDINGS))
def test_each_listed_test_exists_and_names_its_finding(finding):
    _, tests = FINDINGS[finding]
    for node in tests:
        path, _, name = node.partition("::")
        assert (ROOT / path).is_file() or not name, f"{finding}: {path} does not exist"
        if not (ROOT / path).is_file():
            pytest.skip(f"{finding}: {path} is not on this branch yet")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        if not name:  # a whole file: some test in it names the finding
            documented = [getattr(module, n).__doc__ or "" for n in dir(module) if n.startswith("test_")]
            assert any(names(doc, finding) for doc in [module.__doc__ or "", *documented]), f"{finding}: {path}"
            continue
        function_name, _, param = name.partition("[")
        function = getattr(module, function_name, None)
        assert callable(function), f"{finding}: {node} does not exist"
        assert names(function.__doc__ or "", finding), f"{finding}: the docstring of {node} does not name it"
        if param:
            assert param.removesuffix("]") in _parametrized_ids(function), f"{finding}: no case {param!r} in {node}"


def test_the_id_matcher_tells_neighbouring_ids_apart():
    assert names("A8b (backdated)", "A8b") and not names("A8b-prime: overdue", "A8b")
    assert names("RS5.1 and RS5.5", "RS5.1") and not names("RS5.11: line 1", "RS5.1")
    assert names("RS5.1, RS5.2", "RS5.1") and names("RS5.11.", "RS5.11") and not names("XA1a", "A1a")
