"""What the history cache remembers across commits gives the answers git gives: after a new commit on top of a
cached run, after a rewrite (reset, amend), a merge, a change of allowed_signers; and a damaged memo is ignored.

Each `editorial` run here is its own process, as an editor runs it, so what one run leaves in the git dir is what
the next one reads; IGM_EDITORIAL_NO_CACHE=1 gives git's own answers to compare with.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from editorial import history_cache

from .conftest import ADA, ARTICLE, EDITH, TOM, allowed_signers, public_of

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def _editorial(root, *args: str, cache: bool) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("IGM_EDITORIAL_NO_CACHE", "EDITORIAL_TRUST_ROOT")}
    if not cache:
        env["IGM_EDITORIAL_NO_CACHE"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def _forget_reviews(root) -> None:
    """The answers review_cache keeps per HEAD would answer a second run before the history cache is asked."""
    for path in (root / ".git").glob("igm-editorial-*.pickle"):
        path.unlink()


def _same_as_git(root) -> dict[str, tuple[int, str, str]]:
    """`status` and `check --production`, cached (twice: after the new commit, then from the memo that run left)
    and uncached, all equal."""
    seen = {}
    for command in (("status",), ("check", "--production")):
        uncached = _editorial(root, *command, cache=False)
        assert _editorial(root, *command, cache=True) == uncached, command
        _forget_reviews(root)
        assert _editorial(root, *command, cache=True) == uncached, command
        seen[command[0]] = uncached
    return seen


def _memo_file(root):
    return root / ".git" / history_cache._MEMO_FILE


def test_new_commits_rewrites_and_merges_give_what_git_gives(repo):
    root = repo.root
    repo.approve_article()
    _same_as_git(root)
    assert _memo_file(root).is_file()

    # a new commit on top, changing the page only: the article is now changed since its approval
    repo.append(ARTICLE, "\nA fictional change.\n")
    repo.commit("article: edited")
    seen = _same_as_git(root)
    assert "changed" in seen["status"][1].lower()

    # a new commit that records a ledger event (the page re-submitted)
    code, out = repo.editorial("submit", ARTICLE)
    assert code == 0, out
    submitted = repo.commit("article: submit", "ledger")
    _same_as_git(root)

    # a rewrite: back to before the submission, and a different commit on top
    repo.git("reset", "-q", "--hard", f"{submitted}~1")
    repo.append(ARTICLE, "\nAnother fictional change.\n")
    repo.commit("article: edited again")
    _same_as_git(root)

    # an amend of that commit, this time with a ledger event
    code, out = repo.editorial("submit", ARTICLE)
    assert code == 0, out
    repo.git("add", "-A")
    repo.git("commit", "-q", "-S", "--amend", "-m", "article: edited and submitted")
    _same_as_git(root)

    # a merge: a review started on a branch, the page edited on main, merged with a merge commit
    repo.git("checkout", "-q", "-b", "review")
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 0, out
    repo.commit("article: start-review", "ledger", who=ADA)
    repo.git("checkout", "-q", "main")
    repo.write("docs/elsewhere.md", "---\ntitle: Elsewhere\n---\n\nFictional.\n")
    repo.commit("elsewhere added", who=EDITH)
    repo.git("merge", "-q", "--no-ff", "review", "-m", "merge review", who=EDITH)
    _same_as_git(root)

    # a merge that drops the branch's ledger event (-s ours): reported, the same way
    repo.git("checkout", "-q", "-b", "dropped")
    code, out = repo.editorial("request-changes", ARTICLE, "--note", "fictional note", who=ADA)
    assert code == 0, out
    repo.commit("article: request-changes", "ledger", who=ADA)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "dropped", "-m", "merge dropped, ours", who=EDITH)
    repo.write("docs/later.md", "---\ntitle: Later\n---\n\nFictional.\n")
    repo.commit("later added", who=EDITH)
    seen = _same_as_git(root)
    assert "merge commit" in seen["status"][1] + seen["check"][1] + seen["check"][2]


def test_a_change_of_allowed_signers_in_the_new_commit(repo):
    root = repo.root
    repo.approve_article()
    _same_as_git(root)

    # a signed, governed change: Tom's key removed by Edith
    repo.write("allowed_signers", allowed_signers("edith", "ada"))
    repo.commit("allowed_signers: Tom leaves", who=EDITH)
    _same_as_git(root)

    # an unsigned change adding Tom's key under Ada's name: the chain of trust breaks, in both
    repo.append("allowed_signers", f"{ADA[1]} {public_of(TOM)}\n")
    repo.commit("allowed_signers: an extra key", sign=False)
    seen = _same_as_git(root)
    assert seen["check"][0] != 0 and "chain of trust" in seen["check"][1] + seen["check"][2]

    # and reverted: the chain holds again
    repo.git("revert", "--no-edit", "HEAD", who=EDITH)
    seen = _same_as_git(root)
    assert seen["check"][0] == 0, seen["check"]


@pytest.mark.parametrize(
    "damage",
    [
        b"not json at all",
        b"igm-editorial-memo 2 0000\n{}",  # the digest does not match
        None,  # a matching digest over the wrong shapes (an answer that is not [code, stdout, stderr])
        "truncate",
    ],
)
def test_a_damaged_memo_is_ignored(repo, damage):
    root = repo.root
    repo.approve_article()
    uncached = {c: _editorial(root, *c, cache=False) for c in (("status",), ("check", "--production"))}
    for command, answer in uncached.items():
        assert _editorial(root, *command, cache=True) == answer
    memo = _memo_file(root)
    if damage == "truncate":
        memo.write_bytes(memo.read_bytes()[: len(memo.read_bytes()) // 2])
    elif damage is None:
        import hashlib
        import json

        body = json.dumps({"answers": {"x": "not a list"}, "paths": {}, "objects": {}}).encode()
        memo.write_bytes(b"igm-editorial-memo 2 " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    else:
        memo.write_bytes(damage)
    assert history_cache._read_memo(memo) == ({}, {}, {})
    for command, answer in uncached.items():
        _forget_reviews(root)
        assert _editorial(root, *command, cache=True) == answer
    assert history_cache._read_memo(memo)[1], "the damaged memo is replaced by a good one"


def test_a_remembered_answer_with_a_wrong_head_is_not_replayed_for_another_head(repo):
    """The paths memo is only reused along commits that cannot change the answer: a memo entry recorded for a
    commit that is not an ancestor (here: planted for a commit of another branch) is asked of git again."""
    root = repo.root
    args = (*history_cache.PATH_HISTORY, "HEAD", "--", LEDGER)
    repo.approve_article()
    first = history_cache.memo_git(root, args)
    assert first.stdout == _git(root, *args)
    repo.git("checkout", "-q", "-b", "other")
    repo.write("docs/other.md", "x\n")
    other = repo.commit("other")
    repo.git("checkout", "-q", "main")
    repo.git("reset", "-q", "--hard", "HEAD~1")  # the approval is gone on main
    history_cache._memo.paths["\0".join(args[len(history_cache.PATH_HISTORY) + 2 :])] = [other, first.stdout]
    assert history_cache.memo_git(root, args).stdout == _git(root, *args) != first.stdout


def _git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


def _cached(root, *args: str) -> str:
    done = history_cache._cached_git(root, *args, check=False)
    return done.stdout


def test_path_history_follows_every_commit_in_process(repo):
    """memo_git's PATH_HISTORY answer equals git's after each kind of new commit, for paths touched and not."""
    root = repo.root
    paths = [LEDGER, "ledger", "editorial.yml", "allowed_signers", "docs/articles", "ledger/calculators/demo.jsonl"]

    def check() -> None:
        for remembered in (True, False):  # from the memo, and from the index alone (as a first run would)
            if not remembered:
                history_cache._memo.paths.clear()
            same_paths()

    def same_paths() -> None:
        for path in paths:
            args = (*history_cache.PATH_HISTORY, "HEAD", "--", path)
            assert history_cache.memo_git(root, args).stdout == _git(root, *args), path
        assert history_cache.memo_git(
            root, (*history_cache.PATH_HISTORY, "HEAD", "--", "editorial.yml", "allowed_signers")
        ).stdout == _git(root, *history_cache.PATH_HISTORY, "HEAD", "--", "editorial.yml", "allowed_signers")

    check()
    repo.approve_article()
    check()
    repo.write("docs/x.md", "x\n")
    repo.commit("x")
    check()
    repo.git("checkout", "-q", "-b", "side")
    repo.append(LEDGER, '{"event": "fictional"}\n')
    repo.commit("side ledger", who=ADA)
    repo.git("checkout", "-q", "main")
    repo.write("docs/y.md", "y\n")
    repo.commit("y")
    check()
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge side", who=EDITH)
    check()
    repo.write("docs/z.md", "z\n")
    repo.commit("z")
    check()
    repo.git("reset", "-q", "--hard", "HEAD~3")
    check()
    repo.git("commit", "-q", "--amend", "-S", "-m", "amended")
    check()
    repo.git("merge", "-q", "--no-ff", "side", "-m", "merge side again", who=EDITH)
    check()
    repo.append(LEDGER, '{"event": "fictional, after the merge"}\n')  # touched on top of a merge: git answers
    repo.commit("after the merge")
    check()


def test_the_index_knows_which_parent_a_merge_differs_from(repo):
    """`git log -m` prints no record for a parent a merge does not differ from; a `merge -s ours` differs only from
    its second parent. Path logs replayed from the index must follow the first parent there, as git does."""
    root = repo.root
    repo.git("checkout", "-q", "-b", "ours")
    repo.write("docs/dropped.md", "dropped\n")
    repo.commit("dropped on a branch")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "ours", "-m", "merge -s ours", who=EDITH)
    repo.write("docs/ünïcode name.md", "é\n")  # a path git would quote without -z
    repo.commit("unicode")
    head = _git(root, "rev-parse", "HEAD").strip()
    repo.write(f"docs/\x01{head}\n", "a name made to look like a record of the index\n")
    repo.commit("a strange name")
    assert history_cache._history(root) is not None
    for spec in ("docs/dropped.md", "docs", "docs/ünïcode name.md", f"docs/\x01{head}\n"):
        for options in (("log", "--format=%H"), ("log", "--reverse", "--topo-order", "--format=%H")):
            assert _cached(root, *options, "--", spec) == _git(root, *options, "--", spec), (options, spec)
    head = _git(root, "rev-parse", "HEAD").strip()
    for spec in (f"{head}:docs/dropped.md", f"{head}:docs/ünïcode name.md", f"{head}~1:docs/dropped.md"):
        real = subprocess.run(["git", "-C", str(root), "show", spec], capture_output=True, text=True)
        assert (_cached(root, "show", spec), history_cache._cached_git(root, "show", spec, check=False).returncode) == (
            real.stdout,
            real.returncode,
        ), spec


def test_object_ids_are_remembered_only_for_commit_ids(repo):
    root = repo.root
    head = _git(root, "rev-parse", "HEAD").strip()
    names = [f"{head}:editorial.yml", f"{head}:nothing", "HEAD:editorial.yml"]
    real = [
        row.split()[0] if row.split()[1:2] == ["blob"] else None
        for row in subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch-check"],
            input="".join(n + "\n" for n in names),
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    ]
    assert history_cache.object_ids(root, names) == real
    assert f"{head}:editorial.yml" in history_cache._memo.objects
    assert "HEAD:editorial.yml" not in history_cache._memo.objects
    repo.write("editorial.yml", "reviewers: []\n")
    repo.commit("declarations emptied", who=EDITH)
    assert history_cache.object_ids(root, ["HEAD:editorial.yml"]) != [real[2]]


def _index_file(root):
    return root / ".git" / history_cache._INDEX_FILE


def test_the_saved_index_grows_with_head_as_a_whole_reading_would(repo):
    """The index read for a new HEAD from the saved one (only `git log HEAD --not OLD`) equals the index read whole,
    after a new commit, a `-s ours` merge, a reset, an amend and a merge."""
    root = repo.root

    def same() -> None:
        head = _git(root, "rev-parse", "HEAD").strip()
        assert _index_file(root).is_file()
        grown = history_cache._index(root, head)
        _index_file(root).unlink()
        whole = history_cache._index(root, head)
        assert grown == whole
        assert set(whole) == set(_git(root, "rev-list", "HEAD").split())

    history_cache._index(root, _git(root, "rev-parse", "HEAD").strip())
    repo.approve_article()
    same()
    repo.git("checkout", "-q", "-b", "ours")
    repo.write("docs/dropped.md", "dropped\n")
    repo.commit("dropped on a branch")
    repo.git("checkout", "-q", "main")
    repo.write("docs/kept.md", "kept\n")
    repo.commit("kept on main")
    repo.git("merge", "-q", "-s", "ours", "ours", "-m", "merge -s ours", who=EDITH)
    same()
    repo.git("reset", "-q", "--hard", "HEAD~2")
    same()
    repo.git("commit", "-q", "--amend", "-S", "-m", "amended")
    same()
    repo.git("merge", "-q", "--no-ff", "ours", "-m", "merge ours, really", who=EDITH)
    same()


@pytest.mark.parametrize("damage", ["garbage", "digest", "shape", "truncate"])
def test_a_damaged_index_is_read_again_whole(repo, damage):
    import hashlib
    import json

    root = repo.root
    repo.approve_article()
    head = _git(root, "rev-parse", "HEAD").strip()
    whole = history_cache._index(root, head)
    path = _index_file(root)
    stamp = json.loads(path.read_bytes().partition(b"\n")[2])["stamp"]
    if damage == "garbage":
        path.write_bytes(b"\x00garbage")
    elif damage == "digest":
        path.write_bytes(b"igm-editorial-index 1 " + b"0" * 64 + b"\n" + path.read_bytes().partition(b"\n")[2])
    elif damage == "shape":  # a matching digest, but a commit that is not [parents, tree, e-mail, date, changed]
        body = json.dumps({"stamp": stamp, "head": head, "commits": {head: ["x"]}}).encode()
        path.write_bytes(b"igm-editorial-index 1 " + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    else:
        path.write_bytes(path.read_bytes()[:-10])
    assert history_cache._read_index(path, stamp) is None
    assert history_cache._index(root, head) == whole
    assert history_cache._read_index(path, stamp) is not None  # written again, whole


def test_no_cache_keeps_nothing(repo):
    """IGM_EDITORIAL_NO_CACHE=1: git answers everything, and nothing is written to the git dir."""
    root = repo.root
    repo.approve_article()
    for path in (root / ".git").glob("igm-editorial-*"):
        path.unlink()
    for command in (("status",), ("check", "--production")):
        assert _editorial(root, *command, cache=False)[0] == 0
    assert not list((root / ".git").glob("igm-editorial-*"))


def _random_history(root, seed: int) -> None:
    """A history of branches and merges (ordinary, -s ours, --no-ff of unchanged branches, octopus-free), each
    commit changing a few of four paths."""
    import random

    rng = random.Random(seed)
    env = ["-c", "user.name=Alan Author", "-c", "user.email=alan@example.org", "-c", "commit.gpgsign=false"]

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *env, *args], capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    subprocess.run(["git", "init", "-q", "-b", "b0", str(root)], check=True)
    files = ["a.txt", "d/c.txt", "d/e.txt", "f.txt"]
    branches = ["b0"]
    counter = 0
    for step in range(40):
        action = rng.random()
        if step > 2 and action < 0.12:
            name = f"b{len(branches)}"
            git("checkout", "-q", "-b", name, rng.choice(branches))
            branches.append(name)
            continue
        if step > 2 and action < 0.22:
            git("checkout", "-q", rng.choice(branches))
            continue
        if step > 3 and action < 0.5 and len(branches) > 1:
            current = git("rev-parse", "--abbrev-ref", "HEAD").strip()
            other = rng.choice([b for b in branches if b != current])
            strategy = rng.choice([[], ["--no-ff"], ["--no-ff"], ["-s", "ours"], ["--no-ff", "-X", "theirs"]])
            done = subprocess.run(
                ["git", "-C", str(root), *env, "merge", "-q", "--no-edit", *strategy, other],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:  # a conflict: resolve each file by hand, commit the merge
                for path in git("diff", "--name-only", "--diff-filter=U").split():
                    (root / path).write_text(f"resolved {step}\n")
                git("add", "-A")
                git("commit", "-q", "--no-edit")
            continue
        for path in rng.sample(files, rng.randint(0, 2)):
            counter += 1
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() and rng.random() < 0.15:
                target.unlink()
            else:
                target.write_text(f"{counter}\n")
        git("add", "-A")
        git("commit", "-q", "--allow-empty", "-m", f"step {step}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_walk_through_merges_gives_what_git_gives(tmp_path, seed):
    """PATH_HISTORY derived through merges (git's topological walk and parent rewriting, replayed) equals git's
    answer at every commit, from every remembered earlier commit and from nothing; when the replay cannot be sure
    it says so (None) and git is asked."""
    root = tmp_path / "repo"
    _random_history(root, seed)
    commits = _git(root, "rev-list", "--all").split()
    specs_list = [("a.txt",), ("d",), ("d/e.txt", "f.txt")]
    answers = {}

    def at(commit, specs):
        if (commit, specs) not in answers:
            answers[commit, specs] = _git(root, *history_cache.PATH_HISTORY, commit, "--", *specs)
        return answers[commit, specs]

    derived = 0
    for head in commits:
        history = history_cache._History(root, head)
        bases = [None, *_git(root, "rev-list", "--max-count=6", head).split()[1:]]
        for base in bases:
            for specs in specs_list:
                got = history.path_history_walk(specs, base, "" if base is None else at(base, specs))
                if got is not None:
                    derived += 1
                    assert got == at(head, specs), (head, base, specs)
    assert derived > len(commits)  # most answers are derived, not left to git
