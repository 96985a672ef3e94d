"""One Node process running real Pyodide for the whole session (starting it costs ~2-3 s)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from igm_site.runtime import ROOT, Runtime


class PyodideRunner:
    """The calculators as the site's worker loads them (the precompiled bundle), or with `wheel=True` as
    `loadPackage` would: the igm-calculators wheel through the site's lockfile, with the stock stdlib (the site's
    trimmed one drops `email`, which installing a wheel needs)."""

    def __init__(self, tmp: Path, wheel: bool = False):
        runtime = Runtime.locate()
        bundle = tmp / "calculators.zip"
        bundle.write_bytes(runtime.bundle)
        (tmp / runtime.wheel.filename).write_bytes(runtime.wheel.data)
        stdlib = runtime.pyodide_dir / "python_stdlib.zip" if wheel else runtime.stdlib
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is required for the Pyodide parity tests (Node 20, as README says)")
        self.process = subprocess.Popen(
            [
                node,
                str(Path(__file__).with_name("runner.mjs")),
                str(runtime.pyodide_dir),
                "-" if wheel else str(bundle),
                str(stdlib),
                json.dumps(runtime.lockfile()),
                *([str(tmp)] if wheel else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        hello = json.loads(self.process.stdout.readline())
        assert hello["ready"], hello
        self.python_version = hello["python"]
        self.calculators_file = hello["calculators"]
        self.calls = 0

    def run(self, calculator: str, inputs) -> dict:
        self.calls += 1
        self.process.stdin.write(
            json.dumps({"id": self.calls, "calculator": calculator, "text": json.dumps(inputs)}) + "\n"
        )
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline())
        assert reply["id"] == self.calls
        assert "crash" not in reply, reply.get("crash")
        return reply["output"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture(scope="session")
def pyodide(tmp_path_factory):
    runner = PyodideRunner(tmp_path_factory.mktemp("pyodide"))
    yield runner
    runner.close()


@pytest.fixture(scope="session")
def pyodide_wheel(tmp_path_factory):
    runner = PyodideRunner(tmp_path_factory.mktemp("pyodide-wheel"), wheel=True)
    yield runner
    runner.close()
