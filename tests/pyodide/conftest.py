"""One Node process running real Pyodide for the whole session (starting it costs ~2-3 s)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from igm_site.runtime import ROOT, Runtime


class PyodideRunner:
    def __init__(self, tmp: Path):
        runtime = Runtime.locate()
        bundle = tmp / "calculators.zip"
        bundle.write_bytes(runtime.bundle)
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("node is required for the Pyodide parity tests (Node 20, as README says)")
        self.process = subprocess.Popen(
            [
                node,
                str(Path(__file__).with_name("runner.mjs")),
                str(runtime.pyodide_dir),
                str(bundle),
                str(runtime.stdlib),
                json.dumps(runtime.lockfile()),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        hello = json.loads(self.process.stdout.readline())
        assert hello["ready"], hello
        self.python_version = hello["python"]
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
