// Module worker that owns Pyodide: it loads the self-hosted core and the calculators package,
// then answers {type: "compute"} messages. Only data crosses; validation and arithmetic are Python's.
import { PYODIDE_BASE, STDLIB_URL, CALCULATORS_BUNDLE, LOCKFILE } from "./runtime.js";

let runJson = null;

async function start() {
  const { loadPyodide } = await import(`${PYODIDE_BASE}pyodide.mjs`);
  const [pyodide, bundle] = await Promise.all([
    // The precompiled stdlib and the package-free lockfile are built by igm_site (runtime.py, stdlib.py).
    loadPyodide({ indexURL: PYODIDE_BASE, stdLibURL: STDLIB_URL, lockFileContents: LOCKFILE, packages: [] }),
    fetch(CALCULATORS_BUNDLE).then((response) => {
      if (!response.ok) throw new Error(`calculators bundle: HTTP ${response.status}`);
      return response.arrayBuffer();
    }),
  ]);
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/home/pyodide/igm" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/igm')");
  runJson = pyodide.pyimport("calculators").run_json;
}

const ready = start().then(
  () => postMessage({ type: "ready" }),
  (error) => postMessage({ type: "unavailable", message: String(error && error.message ? error.message : error) }),
);

self.addEventListener("message", async ({ data }) => {
  if (data.type !== "compute") return;
  await ready;
  if (!runJson) return;
  try {
    const result = JSON.parse(runJson(data.calculator, JSON.stringify(data.inputs)));
    postMessage({ type: "result", id: data.id, result });
  } catch (error) {
    postMessage({ type: "failed", id: data.id, message: String(error && error.message ? error.message : error) });
  }
});
