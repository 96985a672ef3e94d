"""`editorial onboard`, the append-only merge (as a git merge driver and in the desk's Pull), `editorial notify`,
and the rendered diff's allowlist (D11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from editorial.desk.appendmerge import merge_appended
from editorial.desk.diffs import flagged_diff
from editorial.desk.sync import SyncRefusal, pull, remote_state

ROOT = Path(__file__).resolve().parents[2]


def env_for(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1", HOME=str(home))
    return env


def run(cwd: Path, *args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert not check or done.returncode == 0, done.stdout + done.stderr
    return done


def editorial(cwd: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return run(cwd, sys.executable, "-m", "editorial", *args, env=env, check=False)


def test_merge_appended_keeps_both_sides_only_when_both_only_appended():
    base = "a\nb\n"
    assert merge_appended(base, "a\nb\nc\n", "a\nb\nd\n") == "a\nb\nc\nd\n"
    assert merge_appended(base, "a\nb\nc\n", "a\nb\nc\n") == "a\nb\nc\n"
    assert merge_appended(base, "a\nB\nc\n", "a\nb\nd\n") is None  # a changed line is a real conflict
    assert merge_appended(base, "a\n", "a\nb\nd\n") is None  # so is a removed one


def test_onboard_sets_up_a_clone_and_says_what_to_send(tmp_path):
    env = env_for(tmp_path / "home")
    repo = tmp_path / "repo"
    run(tmp_path, "git", "init", "-q", str(repo), env=env)
    (repo / "editorial.yml").write_text("exempt: []\n")
    refused = editorial(repo, "onboard", env=env)
    assert refused.returncode == 1 and "--name" in refused.stderr  # no identity yet: says how to give one
    done = editorial(repo, "onboard", "--name", "Rita Reviewer", "--email", "rita@example.org", env=env)
    assert done.returncode == 0, done.stderr
    public = tmp_path / "home/.ssh/id_ed25519.pub"
    config = {k: run(repo, "git", "config", k, env=env).stdout.strip() for k in ("gpg.format", "user.signingkey")}
    assert config == {"gpg.format": "ssh", "user.signingkey": str(public)}
    assert "signing works" in done.stdout and "you are the first signer" in done.stdout
    request = next(x.strip() for x in done.stdout.splitlines() if x.strip().startswith("editorial reviewer add"))
    key_text = " ".join(public.read_text().split()[:2])
    assert f'--key "{key_text}"' in request and "--email rita@example.org" in request
    # A maintainer (her own identity and key, given to git for these commands) declares Rita with that key.
    mia = tmp_path / "mia"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(mia)], check=True)
    as_mia = {"user.name": "Mia Maintainer", "user.email": "mia@example.org", "user.signingkey": f"{mia}.pub"}
    mia_env = {**env, "GIT_CONFIG_COUNT": str(len(as_mia))}
    for n, (key, value) in enumerate(as_mia.items()):
        mia_env |= {f"GIT_CONFIG_KEY_{n}": key, f"GIT_CONFIG_VALUE_{n}": value}
    fields = ["--id", "rita", "--name", "Rita Reviewer", "--credentials", "MD", "--role", "clinical"]
    declared = editorial(
        repo, "reviewer", "add", *fields, "--email", "rita@example.org", "--key", key_text, env=mia_env
    )
    assert declared.returncode == 0, declared.stderr
    again = editorial(repo, "onboard", env=env)
    assert "you are ready to review" in again.stdout and "  set " not in again.stdout  # nothing left to change
    # Declared, but onboarding with another key: statements signed with it would not count; the line to send says so.
    other = tmp_path / "home/other"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    switched = editorial(repo, "onboard", "--key", str(other), env=env)
    other_text = " ".join(Path(f"{other}.pub").read_text().split()[:2])
    assert "not with this key" in switched.stdout and f"rita@example.org {other_text}" in switched.stdout


def _clone_pair(tmp_path: Path):
    env = env_for(tmp_path / "home")
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "ledger").mkdir()
    (seed / "ledger/x.jsonl").write_text('{"n": 1}\n')
    (seed / "docs").mkdir()
    (seed / "docs/x.md").write_text("one\n")
    ident = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    run(seed, "git", "init", "-q", env=env)
    run(seed, "git", "add", "-A", env=env)
    run(seed, "git", *ident, "commit", "-q", "-m", "seed", env=env)
    forge = tmp_path / "forge.git"
    run(tmp_path, "git", "clone", "-q", "--bare", str(seed), str(forge), env=env)
    clones = []
    for name in ("a", "b"):
        run(tmp_path, "git", "clone", "-q", str(forge), name, env=env)
        run(tmp_path / name, "git", "config", "user.name", name.upper(), env=env)
        run(tmp_path / name, "git", "config", "user.email", f"{name}@example.org", env=env)
        clones.append(tmp_path / name)
    return env, clones


def _commit(clone: Path, env: dict, path: str, text: str, push: bool = False) -> None:
    with (clone / path).open("a") as out:
        out.write(text)
    run(clone, "git", "commit", "-q", "-am", f"append to {path}", env=env)
    if push:
        run(clone, "git", "push", "-q", env=env)


def test_pull_keeps_both_sides_appends_to_a_ledger_and_stops_cleanly_on_a_real_conflict(tmp_path, monkeypatch):
    env, (a, b) = _clone_pair(tmp_path)
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME"):
        monkeypatch.setenv(key, env[key])
    _commit(a, env, "ledger/x.jsonl", '{"n": 2, "by": "a"}\n', push=True)
    _commit(b, env, "ledger/x.jsonl", '{"n": 2, "by": "b"}\n')
    text = pull(b, sign=False)
    assert "both sides' lines are kept" in text
    assert (b / "ledger/x.jsonl").read_text().splitlines() == ['{"n": 1}', '{"n": 2, "by": "b"}', '{"n": 2, "by": "a"}']
    assert remote_state(b).ahead == 2 and remote_state(b).behind == 0  # b's own commit and the merge
    # Both change the same line of a page: the pull stops, names the file and who changed it, and undoes itself.
    run(b, "git", "push", "-q", env=env)
    run(a, "git", "pull", "-q", "--no-rebase", env=env)
    (a / "docs/x.md").write_text("one, by a\n")
    run(a, "git", "commit", "-q", "-am", "a edits", env=env)
    run(a, "git", "push", "-q", env=env)
    (b / "docs/x.md").write_text("one, by b\n")
    run(b, "git", "commit", "-q", "-am", "b edits", env=env)
    head = run(b, "git", "rev-parse", "HEAD", env=env).stdout
    try:
        pull(b, sign=False)
    except SyncRefusal as exc:
        message = str(exc)
    else:
        raise AssertionError("a conflicting pull went through")
    assert "docs/x.md (changed there by A" in message and "Nothing was changed on this clone" in message
    assert run(b, "git", "rev-parse", "HEAD", env=env).stdout == head
    assert run(b, "git", "status", "--porcelain", env=env).stdout == ""


def test_a_plain_git_pull_keeps_both_sides_appends_ledgers_by_union_comments_by_the_driver(tmp_path):
    env, (a, b) = _clone_pair(tmp_path)
    (b / ".gitattributes").write_text((ROOT / ".gitattributes").read_text())
    _commit(a, env, "ledger/x.jsonl", "from a\n", push=True)
    _commit(b, env, "ledger/x.jsonl", "from b\n")
    run(b, "git", "pull", "-q", "--no-rebase", "--no-edit", env=env)  # git's union merge: nothing to set up
    assert (b / "ledger/x.jsonl").read_text() == '{"n": 1}\nfrom b\nfrom a\n'
    driver = f"{sys.executable} -m editorial.desk.appendmerge %O %A %B"
    run(b, "git", "config", "merge.igm-append.driver", driver, env=env)
    for clone in (a, b):
        (clone / "comments").mkdir(exist_ok=True)
        (clone / "comments/x.jsonl").write_text("seed\n")
    run(a, "git", "add", "comments", env=env)
    run(a, "git", "commit", "-qm", "comments", env=env)
    run(a, "git", "push", "-q", env=env)
    (b / "comments/x.jsonl").unlink()
    run(b, "git", "pull", "-q", "--no-rebase", "--no-edit", env=env)
    _commit(a, env, "comments/x.jsonl", "from a\n", push=True)
    _commit(b, env, "comments/x.jsonl", "from b\n")
    run(b, "git", "pull", "-q", "--no-rebase", "--no-edit", env={**env, "PYTHONPATH": str(ROOT)})
    assert (b / "comments/x.jsonl").read_text() == "seed\nfrom b\nfrom a\n"


def test_a_hidden_added_block_is_shown_and_flagged():
    def added(new: str) -> list[tuple[str, list[str]]]:
        return [(shown, why) for kind, shown, why in flagged_diff("Text.\n", f"Text.\n\n{new}\n") if kind == "add"]

    [(shown, why)] = added('<span class="visually-hidden">Give 3750 mg/m² at once.</span>')
    assert "3750 mg/m²" in shown and "visually-hidden" not in shown and "visually-hidden" in why[0]
    [(shown, why)] = added('<div hidden="hidden" style="height:0">x</div>\n\n<!-- a note -->')[:1]
    assert "hidden" not in shown and len(why) == 2 and "(it can hide the text)" in why[1]
    assert added("Plain **text**") == [("<p>Plain <strong>text</strong></p>", [])]


def test_the_desk_refuses_up_front_an_ssh_key_that_git_would_give_to_gpg(tmp_path, monkeypatch):
    """Confusion 17: a key set but gpg.format unset failed only at the commit, with gpg's message."""
    from editorial.desk.actions import signing_setup
    from editorial.repository import Repository

    env = env_for(tmp_path / "home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME"):
        monkeypatch.setenv(key, env[key])
    repo = tmp_path / "repo"
    run(tmp_path, "git", "init", "-q", str(repo), env=env)
    (repo / "editorial.yml").write_text("exempt: []\n")
    run(repo, "git", "config", "user.signingkey", str(tmp_path / "home/id_ed25519.pub"), env=env)
    sign, missing = signing_setup(Repository(repo))
    assert not sign and "git config gpg.format ssh" in missing
    run(repo, "git", "config", "gpg.format", "ssh", env=env)
    assert signing_setup(Repository(repo)) == (True, "")
