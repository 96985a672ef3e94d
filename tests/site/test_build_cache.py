"""The production build trusts nothing in .cache/igm/ that it did not make (reliability review 2026-12, F5).

Before: a poisoned `calculators.<key>.zip` in the cache was shipped (the site computed age > 85 under a page saying
> 65), and a rewritten `pyodide-<…>.json` record let a changed `pyodide.mjs` through. A development build still uses
the cache; `editorial build` (IGM_VERIFY_CACHE=1) uses a cached file only with the sha256 committed for it in
igm_site/compiled.lock, and otherwise compiles again and compares.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import pytest

from igm_site import runtime, stdlib
from igm_site.pyodide_integrity import PyodideIntegrityError, file_sha256, verify_pyodide_core
from igm_site.runtime import COMPILED_LOCK, PYODIDE_CORE_FILES, Runtime, committed_digests, trust_cache
from igm_site.template_cache import PinnedTemplateCache
from tests.support.build import ROOT

from .test_pyodide_integrity import copy  # noqa: F401 - the fixture


def test_editorial_build_asks_the_plugin_not_to_trust_the_cache(monkeypatch):
    monkeypatch.delenv("IGM_VERIFY_CACHE", raising=False)
    assert trust_cache()
    monkeypatch.setenv("IGM_VERIFY_CACHE", "1")
    assert not trust_cache()
    source = (ROOT / "editorial" / "build.py").read_text()
    assert 'os.environ["IGM_VERIFY_CACHE"] = "1"' in source


def test_a_poisoned_calculators_bundle_is_refused_by_the_production_build(tmp_path):
    """The cached bundle gets one more module (as a hand-edited `ipsswm.py` with F(85) would): a development build
    would ship it; the production build compiles the bundle again and stops, naming the file."""
    development = Runtime.locate()  # fills the project's cache if it is empty (the usual case: it is not)
    cache = tmp_path / "cache"
    cache.mkdir()
    bundle = next(
        p for p in (ROOT / ".cache" / "igm").glob("calculators.*.zip") if p.read_bytes() == development.bundle
    )
    poisoned = io.BytesIO(bundle.read_bytes())
    with zipfile.ZipFile(poisoned, "a") as archive:
        archive.writestr("calculators/poison.py", "AGE_THRESHOLD = 85\n")
    (cache / bundle.name).write_bytes(poisoned.getvalue())
    shutil.copy(development.stdlib, cache / development.stdlib.name)
    assert Runtime.locate(cache=cache, verify=False).bundle == poisoned.getvalue()  # what a dev build trusts
    with pytest.raises(PyodideIntegrityError, match=rf"{bundle.name}: differs from what this build compiled"):
        Runtime.locate(cache=cache, verify=True)


def test_a_rewritten_pyodide_record_is_refused_by_the_production_build(copy, tmp_path):  # noqa: F811
    lock, cache = tmp_path / "package-lock.json", tmp_path / "cache"
    verify_pyodide_core(copy, PYODIDE_CORE_FILES, lock, cache)  # records the tarball's digests
    mjs = copy / "pyodide.mjs"
    mjs.write_bytes(mjs.read_bytes() + b'\nconsole.log("TAMPERED pyodide.mjs");\n')
    record = next(cache.glob("pyodide-*.json"))
    digests = json.loads(record.read_text())
    digests["pyodide.mjs"] = file_sha256(mjs).hex()
    record.write_text(json.dumps(digests))
    verify_pyodide_core(copy, PYODIDE_CORE_FILES, lock, cache)  # the hole a development build keeps
    with pytest.raises(PyodideIntegrityError, match="pyodide.mjs that the pyodide .* tarball does not have"):
        verify_pyodide_core(copy, PYODIDE_CORE_FILES, lock, cache, trust_cache=False)


def _lock(path, **digests) -> None:
    path.write_text("".join(f"{name} {digest}\n" for name, digest in digests.items()))


def test_the_production_build_uses_a_cached_file_only_when_the_lock_has_its_digest(tmp_path, monkeypatch):
    """The fast path: the cached bundle, stdlib and memory snapshot, each with the sha256 committed for its name, are
    used without compiling; the same cache with no committed line is compiled again."""
    development = Runtime.locate()
    cache = tmp_path / "cache"
    cache.mkdir()
    bundle = next(
        p for p in (ROOT / ".cache" / "igm").glob("calculators.*.zip") if p.read_bytes() == development.bundle
    )
    for path in (bundle, development.stdlib, development.snapshot):
        shutil.copy(path, cache / path.name)
    digest = {p.name: "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for p in cache.iterdir()}

    def compiled(*args):
        raise AssertionError("compiled")

    monkeypatch.setattr(stdlib, "_precompile", compiled)
    monkeypatch.setattr(runtime, "make_snapshot", compiled)
    lock = tmp_path / "compiled.lock"
    _lock(lock, **digest)
    production = Runtime.locate(cache=cache, verify=True, compiled_lock=lock)
    assert production.bundle == development.bundle and production.stdlib == cache / development.stdlib.name
    assert production.snapshot == cache / development.snapshot.name
    _lock(lock, **{bundle.name: digest[bundle.name]})  # the stdlib's line is missing
    with pytest.raises(AssertionError, match="compiled"):
        Runtime.locate(cache=cache, verify=True, compiled_lock=lock)


def test_a_lock_line_no_fresh_compile_made_is_refused_and_the_committed_lines_are_fresh(tmp_path):
    """The lock is opaque in a diff, so the tests compile afresh: a line that is not what the compile makes stops the
    production build, and each committed line for the current inputs is what a fresh compile makes."""
    lock, cache = tmp_path / "compiled.lock", tmp_path / "cache"
    Runtime.locate(cache=cache, verify=True, compiled_lock=lock)  # empty cache and lock: compiles, records both
    fresh = committed_digests(lock)
    assert sorted(name.split(".")[0] for name in fresh) == ["calculators", "python_stdlib", "snapshot"]
    committed = committed_digests(COMPILED_LOCK)
    assert {n: committed[n] for n in fresh if n in committed} == {n: fresh[n] for n in fresh if n in committed}
    bundle = next(name for name in fresh if name.startswith("calculators."))
    _lock(lock, **{**fresh, bundle: "sha256:" + "0" * 64})
    with pytest.raises(PyodideIntegrityError, match=f"records sha256:0+ for {bundle}, but this build compiled"):
        Runtime.locate(cache=cache, verify=True, compiled_lock=lock)


def _theme_env():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).theme.get_env()


def test_the_production_template_cache_loads_only_pinned_generated_source(tmp_path):
    """A template's generated source in the cache is used only with the sha256 the lock pins for it: one changed in
    the cache (it would make every page say Approved) is compiled again from the template itself."""
    lock, cache = tmp_path / "compiled.lock", tmp_path / "jinja-source"
    env = _theme_env()
    env.bytecode_cache = PinnedTemplateCache(cache, lock)
    env.get_template("main.html")  # generated, written to the cache and pinned in the lock
    assert any(name.startswith("jinja-") for name in committed_digests(lock))

    def compiled(*args, **kwargs):
        raise AssertionError("compiled")

    pinned = _theme_env()
    pinned.bytecode_cache = PinnedTemplateCache(cache, lock)
    pinned.compile = compiled
    pinned.get_template("main.html")  # from the pinned source, not compiled
    [source] = cache.iterdir()  # main.html's
    source.write_text(source.read_text() + "\nraise SystemExit('Approved')\n")
    poisoned = _theme_env()
    poisoned.bytecode_cache = PinnedTemplateCache(cache, lock)
    poisoned.compile = compiled
    with pytest.raises(AssertionError, match="compiled"):
        poisoned.get_template("main.html")


def test_each_committed_template_line_is_what_jinja_generates(tmp_path):
    """The lock's template lines are opaque in a diff: generate each committed template afresh and compare."""
    committed = {n: d for n, d in committed_digests(COMPILED_LOCK).items() if n.startswith("jinja-")}
    keys = {name.split(".")[0].removeprefix("jinja-") for name in committed}
    lock = tmp_path / "compiled.lock"
    env = _theme_env()
    env.bytecode_cache = PinnedTemplateCache(tmp_path / "jinja-source", lock)
    for name in env.list_templates():  # the templates, the sitemap and the icons the build includes
        if hashlib.sha256(name.encode()).hexdigest()[:16] in keys:
            env.get_template(name)
    fresh = {n: d for n, d in committed_digests(lock).items() if n.startswith("jinja-")}
    assert committed and {n: fresh.get(n) for n in committed} == committed
