"""The history cache gives gitrepo exactly the answers git gives, on linear history and across merges."""

from __future__ import annotations

import subprocess

import pytest

from editorial import gitrepo, history_cache

from .conftest import ADA, ALAN, TOM, allowed_signers, public_of

LEDGER = "ledger/articles/x.jsonl"


def _real(root, *args):
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def _same(root, *args):
    cached = history_cache._cached_git(root, *args, check=False)
    real = _real(root, *args)
    assert (cached.returncode, cached.stdout) == (real.returncode, real.stdout), args


@pytest.fixture
def branchy(repo):
    """A ledger appended on main and on a branch, merged; another branch merged by `-s ours`; a merge that changed the
    ledger against both parents; a file added and deleted."""
    repo.write(LEDGER, "1\n")
    repo.commit("one")
    repo.git("checkout", "-q", "-b", "side")
    repo.append(LEDGER, "2\n")
    repo.commit("two on side", who=ADA)
    repo.git("checkout", "-q", "main")
    repo.write("docs/other.md", "other\n")
    repo.commit("other on main")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge side")
    repo.git("checkout", "-q", "-b", "ours")
    repo.append(LEDGER, "3 dropped\n")
    repo.commit("three on ours")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "ours", "-m", "merge ours")
    repo.git("checkout", "-q", "-b", "both")
    repo.append(LEDGER, "4b\n")
    repo.commit("four on both")
    repo.git("checkout", "-q", "main")
    repo.append(LEDGER, "4m\n")
    repo.commit("four on main")
    subprocess.run(["git", "-C", str(repo.root), "merge", "-q", "both", "-m", "conflict"], capture_output=True)
    repo.write(LEDGER, "1\n2\n4m\n4b\n")
    repo.commit("merge both, resolved")
    repo.write("docs/gone.md", "x\n")
    repo.commit("gone added")
    (repo.root / "docs/gone.md").unlink()
    repo.commit("gone deleted")
    return repo


@pytest.mark.parametrize(
    "spec",
    [LEDGER, "ledger", "ledger/", "docs/articles/cold-agglutinin.md", "docs/other.md", "docs/gone.md", "nothing.md"],
)
def test_path_logs_match_git(branchy, spec):
    root = branchy.root
    for options in (
        ("log", "--reverse", "--topo-order", "--format=%H"),
        ("log", "--format=%ae"),
        ("log", "--format=%H"),
    ):
        _same(root, *options, "--", spec)
    _same(root, "log", "--format=%ae", "--", spec, "docs/other.md")


def test_versions_and_authors_match_git(branchy):
    root = branchy.root
    shas = _real(root, "rev-list", "--all").stdout.split()
    for sha in shas:
        _same(root, "show", f"{sha}:{LEDGER}")
        _same(root, "log", "-1", "--format=%ae", sha)
        _same(root, "log", "-1", "--format=%aI", sha)
        _same(root, "log", "--format=%ae", sha, "--", "docs/other.md")
        _same(root, "rev-list", "-1", sha, "--", "docs/other.md", "docs/gone.md")
        got = history_cache.memo_git(root, ("rev-list", "-1", sha, "--", "docs/other.md"), text=False)
        assert (
            got.stdout
            == subprocess.run(
                ["git", "-C", str(root), "rev-list", "-1", sha, "--", "docs/other.md"], capture_output=True
            ).stdout
        )
    assert gitrepo.line_origins(root, LEDGER) == _uncached(gitrepo.line_origins, root, LEDGER)
    assert gitrepo.page_authors(root, [LEDGER]) == _uncached(gitrepo.page_authors, root, [LEDGER])


def test_a_new_commit_is_seen_at_once(repo):
    root = repo.root
    repo.write(LEDGER, "1\n")
    repo.commit("one")
    _same(root, "log", "--format=%H", "--", LEDGER)
    repo.append(LEDGER, "2\n")
    repo.commit("two", who=ADA)
    _same(root, "log", "--format=%H", "--", LEDGER)
    assert history_cache._cached_git(root, "log", "--format=%ae", "--", LEDGER).stdout == f"{ADA[1]}\n{ALAN[1]}\n"


def test_the_merge_that_changed_the_ledger_against_both_parents_is_left_to_git(branchy):
    history = history_cache._history(branchy.root)
    assert history is not None and history.path_log((LEDGER,)) is None
    assert history.path_log(("docs/other.md",)) is not None


def _uncached(function, *args):
    saved, gitrepo._git = gitrepo._git, history_cache._ORIGINAL_GIT
    try:
        return function(*args)
    finally:
        gitrepo._git = saved


def test_a_remembered_signature_check_is_keyed_by_the_signers_file(repo, tmp_path):
    repo.write("x.txt", "x\n")
    repo.commit("signed", who=ADA, sign=True)
    commit = _real(repo.root, "rev-parse", "HEAD").stdout.strip()
    signers = tmp_path / "allowed_signers"
    signers.write_text(allowed_signers("ada"))
    assert gitrepo.verify_signature(repo.root, commit, signers).good
    assert gitrepo.verify_signature(repo.root, commit, signers).good  # from the memo
    signers.write_text(f"{ADA[1]} {public_of(TOM)}\n")  # Ada's key replaced: the memo must not answer for it
    assert not gitrepo.verify_signature(repo.root, commit, signers).good
    assert not _uncached(gitrepo.verify_signature, repo.root, commit, signers).good


def test_the_memo_follows_head_and_never_keeps_a_moving_name(repo):
    root = repo.root
    args = ("log", "--full-history", "--topo-order", "--reverse", "--parents", "--format=%H|%P", "HEAD", "--", LEDGER)
    repo.write(LEDGER, "1\n")
    repo.commit("one")
    first = history_cache.memo_git(root, args)
    assert first.stdout == _real(root, *args).stdout and first.stdout.count("\n") == 1
    assert history_cache.memo_git(root, args).stdout == first.stdout  # remembered
    repo.append(LEDGER, "2\n")
    repo.commit("two", who=ADA)
    second = history_cache.memo_git(root, args)  # a new HEAD: a new key
    assert second.stdout == _real(root, *args).stdout and second.stdout.count("\n") == 2
    assert history_cache._memo_key(root, ("log", "main", "--", LEDGER)) is None  # a branch name moves
    assert history_cache._memo_key(root, ("log", "--all")) is None
    assert (
        history_cache.memo_git(root, ("log", "main", "--format=%H")).stdout
        == _real(root, "log", "main", "--format=%H").stdout
    )
