// Module worker that owns Pyodide: it loads the self-hosted core and the calculators package, then answers
// {type: "compute"} messages. Only data crosses; validation and arithmetic are Python's.
// To the page it reports download progress, "ready", "unavailable" (with a reason) and "fatal".
import { PYODIDE_BASE, STDLIB_URL, CALCULATORS_BUNDLE, LOCKFILE, PACKAGE_BASE, DOWNLOADS } from "./runtime.js";

const WASM_URL = `${PYODIDE_BASE}pyodide.asm.wasm`;
const TOTAL = Object.values(DOWNLOADS).reduce((sum, size) => sum + size, 0);
const marks = { start: performance.timeOrigin + performance.now() };
const mark = (name) => { marks[name] = performance.timeOrigin + performance.now(); };

class DownloadError extends Error {}

let loaded = 0;
let reported = 0;
function count(bytes) {
  loaded += bytes;
  const now = performance.now();
  if (now - reported > 100 || loaded >= TOTAL) {
    reported = now;
    postMessage({ type: "progress", loaded: Math.min(loaded, TOTAL), total: TOTAL });
  }
}

// The big files are requested at once, before Pyodide's own module has even loaded, and each is read twice
// through Response.clone(): once by Pyodide (which compiles the wasm while it streams in), once here to count
// bytes, so the page can show progress. A wasm that cannot be had fails here at once: Pyodide itself hangs.
async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch {
    throw new DownloadError(url);
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || (url === WASM_URL && !type.startsWith("application/wasm"))) throw new DownloadError(url);
  return response;
}

async function counted(response) {
  const reader = response.clone().body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      count(value.byteLength);
    }
  } catch {
    throw new DownloadError(response.url);
  }
}

const early = new Map(Object.keys(DOWNLOADS).map((url) => [url, download(url)]));
const downloaded = Promise.all([...early.values()].map((response) => response.then(counted))).then(() =>
  mark("downloaded"),
);
const networkFetch = self.fetch.bind(self);
// Pyodide fetches the wasm and the stdlib by URL: it gets the responses already under way.
self.fetch = (resource, init) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  const response = early.get(url);
  if (!response) return networkFetch(resource, init);
  early.delete(url);
  return response;
};

let pyodide = null;
let runJson = null;
const wanted = new Set(); // the calculators of the page, imported before "ready" (a "prepare" message)

// Pyodide's 1.2 MB Emscripten module is imported by loadPyodide only after pyodide.mjs has loaded; importing it
// now, beside pyodide.mjs, fetches and compiles both at once (the module map then hands Pyodide the same one).
const emscripten = import(`${PYODIDE_BASE}pyodide.asm.mjs`);
emscripten.catch(() => {}); // its failure is loadPyodide's to report

async function start() {
  const { loadPyodide } = await import(`${PYODIDE_BASE}pyodide.mjs`);
  mark("imported");
  const [loadedPyodide, bundle] = await Promise.all([
    // The precompiled stdlib and the package-free lockfile are built by igm_site (runtime.py, stdlib.py).
    // The lockfile lists only our wheel (igm-calculators), fetched from this host if ever loaded; start-up uses the
    // precompiled bundle instead, which is faster (README, "The calculators as a wheel").
    loadPyodide({
      indexURL: PYODIDE_BASE,
      stdLibURL: STDLIB_URL,
      lockFileContents: LOCKFILE,
      packageBaseUrl: PACKAGE_BASE,
      packages: [],
    }),
    fetch(CALCULATORS_BUNDLE).then((response) => response.arrayBuffer()),
    // A download that breaks off after Pyodide took its response would leave Pyodide waiting for ever.
    downloaded,
  ]);
  mark("interpreter");
  pyodide = loadedPyodide;
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/home/pyodide/igm" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/igm')");
  runJson = pyodide.pyimport("calculators").run_json;
  // Only the page's calculators are imported now (the package imports a declaration when it is first used).
  pyodide.globals.set("IGM_WANTED", [...wanted].join(" "));
  pyodide.runPython("from calculators.registry import CALCULATORS\nfor _id in IGM_WANTED.split():\n    _id in CALCULATORS and CALCULATORS[_id]");
  mark("imports");
}

const ready = start().then(
  () => postMessage({ type: "ready", marks }),
  (error) => {
    const reason = error instanceof DownloadError
      ? "its Python runtime could not be downloaded"
      : "its Python runtime failed to start";
    postMessage({ type: "unavailable", reason, message: String(error?.message ?? error) });
  },
);

self.addEventListener("message", async ({ data }) => {
  if (data.type === "prepare") for (const id of data.calculators || []) wanted.add(String(id));
  if (data.type !== "compute") return;
  await ready;
  if (!runJson) return;
  // Received and running: if no answer follows, the page knows this calculation hangs (a worker that never said
  // this died before it could run it, and the same entries are safe to try again).
  postMessage({ type: "started", id: data.id });
  try {
    const result = JSON.parse(runJson(data.calculator, JSON.stringify(data.inputs)));
    postMessage({ type: "result", id: data.id, result });
  } catch (error) {
    const message = String(error?.message ?? error);
    if (error instanceof pyodide.ffi.PythonError) postMessage({ type: "failed", id: data.id, message });
    // Anything else (out of memory, a fatal error of the interpreter) leaves Pyodide unusable: say so and go.
    else postMessage({ type: "fatal", id: data.id, message });
  }
});
