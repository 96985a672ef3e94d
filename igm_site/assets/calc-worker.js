// Module worker that owns Pyodide: it loads the self-hosted core and the calculators package, then answers
// {type: "compute"} messages. Only data crosses; validation and arithmetic are Python's.
// To the page it reports download progress, "ready", "unavailable" (with a reason) and "fatal".
import {
  PYODIDE_BASE, STDLIB_URL, CALCULATORS_BUNDLE, SNAPSHOT_URL, SNAPSHOT_INTEGRITY, SNAPSHOT_BYTES, LOCKFILE, PACKAGE_BASE,
  DOWNLOADS,
} from "./runtime.js";

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

// The wasm is compiled here, while it streams in, not by Pyodide: Pyodide compiles it only once it holds the memory
// snapshot, and a first visit may wait for the snapshot (below), which must not hold up the compile. Pyodide's own
// instantiateStreaming of the wasm gets this module. Compiled from the response itself, not a clone (`counted` has
// cloned it already, its callback being first): only the response itself brings the browser's cached compiled code
// (traced: with a clone, no wasm.Deserialize).
const wasmResponse = early.get(WASM_URL);
const compiledWasm = wasmResponse.then((response) => WebAssembly.compileStreaming(response));
compiledWasm.then(() => mark("compiled"), () => {});
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  const response = await source;
  if (response !== (await wasmResponse.catch(() => null))) return instantiateStreaming(response, imports);
  const module = await compiledWasm;
  return { module, instance: await WebAssembly.instantiate(module, imports) };
};
// Pyodide fetches the wasm and the stdlib by URL: it gets the responses already under way.
self.fetch = (resource, init) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  const response = early.get(url);
  if (!response) return networkFetch(resource, init);
  early.delete(url);
  return response;
};

// A returning reader's start restores Python from the memory snapshot (igm_site/snapshot.py: the interpreter after
// its start and the calculators' imports), which skips most of a start. A first visit fetches it once every byte of
// its own start is there, restores it if it comes in time (below), and keeps it in the origin's private file system,
// which this worker reads synchronously, with no round trip through the browser's cache (measured: the snapshot is
// there 0.2-0.3 s sooner than from the HTTP cache, README). Only the build's own bytes are kept and restored: checked
// against its sha256 when fetched and again when read, as a stored file may be cut short or changed.
const SNAPSHOT_NAME = new URL(SNAPSHOT_URL).pathname.split("/").pop();

async function storedFile(create = false) {
  const root = await navigator.storage.getDirectory();
  return (await root.getFileHandle(SNAPSHOT_NAME, { create })).createSyncAccessHandle();
}

// Refuses a snapshot that is not the build's own (a file cut short or changed, another build's).
async function buildsOwn(bytes, where) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  if (`sha256-${btoa(String.fromCharCode(...digest))}` !== SNAPSHOT_INTEGRITY) {
    throw new Error(`the ${where} memory snapshot is not this build's`);
  }
}

async function storedSnapshot() {
  const file = await storedFile();
  let bytes;
  try {
    bytes = new Uint8Array(file.getSize());
    file.read(bytes, { at: 0 });
  } finally {
    file.close();
  }
  await buildsOwn(bytes, "stored");
  return bytes.buffer;
}

// Kept under its own name (it carries the digest of the build's runtime); an earlier build's snapshot is removed.
async function keepSnapshot(bytes) {
  const file = await storedFile(true);
  try {
    file.truncate(0);
    file.write(new Uint8Array(bytes), { at: 0 });
    file.flush();
  } finally {
    file.close();
  }
  const root = await navigator.storage.getDirectory();
  for await (const name of root.keys()) {
    if (name.startsWith("snapshot.") && name !== SNAPSHOT_NAME) await root.removeEntry(name);
  }
}

// A stored snapshot, or null (none yet, no private file system here, or not this build's: a fresh start).
const storedBytes = storedSnapshot().catch(() => null);

// A start with no stored snapshot fetches it once its own bytes are all there, so a slow line gives it no bandwidth
// before the first result; it is kept for the next start once this one is over. Read here rather than with
// `integrity`, so that its progress can be seen (`snapshotInTime`); checked against the same sha256 at the end.
const fetching = { first: 0, received: 0 }; // when its first bytes came, and how many have
async function fetchSnapshot() {
  const response = await networkFetch(SNAPSHOT_URL, { priority: "low" });
  if (!response.ok) throw new Error(`the memory snapshot: HTTP ${response.status}`);
  const bytes = new Uint8Array(SNAPSHOT_BYTES);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (fetching.received + value.byteLength > SNAPSHOT_BYTES) throw new Error("the memory snapshot is too long");
    bytes.set(value, fetching.received);
    fetching.first ||= performance.now();
    fetching.received += value.byteLength;
  }
  await buildsOwn(bytes, "fetched"); // a short one too: its missing bytes are zeros here
  mark("fetched");
  return bytes.buffer;
}
const fetchedBytes = downloaded.then(() => storedBytes).then((stored) => (stored ? null : fetchSnapshot()));
fetchedBytes.catch(() => {}); // then the next start is a first start again

// On a first visit, the snapshot fetched now is restored if it comes soon enough after the wasm is compiled: on this
// machine a fresh start takes 0.9-1.0 s from there and a restore 0.3 s (README). The worker waits for it at most
// WAIT_MS, and gives up sooner when the rate its bytes come at says the rest would come later (judged RATE_AFTER_MS
// after its first bytes: a slow line loses about its round trip and that to the wait).
const WAIT_MS = 500;
const RATE_AFTER_MS = 60;
function snapshotInTime() {
  return new Promise((resolve) => {
    let timer;
    const settle = (bytes) => {
      clearInterval(timer);
      resolve(bytes);
    };
    fetchedBytes.then(settle, () => settle(null));
    compiledWasm.then(() => {
      const deadline = performance.now() + WAIT_MS;
      timer = setInterval(() => {
        const now = performance.now();
        const since = now - fetching.first;
        const late = fetching.first && since >= RATE_AFTER_MS
          && now + (SNAPSHOT_BYTES - fetching.received) / (fetching.received / since) > deadline;
        if (late || now >= deadline) settle(null);
      }, 20);
    }, () => settle(null));
  });
}

// The snapshot's file is sparse (snapshot_make.mjs): heap length, page size, page count, page numbers, pages.
function expand(file) {
  const [length, size, count] = new Uint32Array(file, 0, 3);
  const pages = new Uint32Array(file, 12, count);
  const heap = new Uint8Array(length);
  let at = 12 + 4 * count;
  for (const page of pages) {
    const bytes = Math.min(size, length - page * size);
    heap.set(new Uint8Array(file, at, bytes), page * size);
    at += bytes;
  }
  if (at !== file.byteLength) throw new Error("the memory snapshot is not whole");
  return heap;
}

let pyodide = null;
let unrestorable = false; // a snapshot that did not restore here is not kept
let runJson = null;
const wanted = new Set(); // the calculators of the page, imported before "ready" (a "prepare" message)

// Pyodide's 1.2 MB Emscripten module is imported by loadPyodide only after pyodide.mjs has loaded; importing it
// now, beside pyodide.mjs, fetches and compiles both at once (the module map then hands Pyodide the same one).
const emscripten = import(`${PYODIDE_BASE}pyodide.asm.mjs`);
emscripten.catch(() => {}); // its failure is loadPyodide's to report

async function interpreter(loadPyodide) {
  // The precompiled stdlib and the package-free lockfile are built by igm_site (runtime.py, stdlib.py).
  // The lockfile lists only our wheel (igm-calculators), fetched from this host if ever loaded; start-up uses the
  // precompiled bundle instead, which is faster (README, "The calculators as a wheel").
  const options = {
    indexURL: PYODIDE_BASE,
    stdLibURL: STDLIB_URL,
    lockFileContents: LOCKFILE,
    packageBaseUrl: PACKAGE_BASE,
    packages: [],
  };
  const snapshot = (await storedBytes) || (await snapshotInTime());
  if (snapshot) {
    mark("snapshot");
    try {
      // `_loadSnapshot` is marked private in Pyodide 314.0.7: the pinned core is what the tests run it with.
      return await loadPyodide({ ...options, _loadSnapshot: expand(snapshot) });
    } catch (error) {
      // A snapshot that does not restore costs this start its time, never the start: Python starts as on a first visit.
      console.warn("IgM Guide: the memory snapshot did not restore; starting Python afresh.", error);
      delete marks.snapshot;
      unrestorable = true;
      navigator.storage.getDirectory().then((root) => root.removeEntry(SNAPSHOT_NAME)).catch(() => {});
    }
  }
  return loadPyodide(options);
}

async function start() {
  const { loadPyodide } = await import(`${PYODIDE_BASE}pyodide.mjs`);
  mark("imported");
  const [loadedPyodide, bundle] = await Promise.all([
    interpreter(loadPyodide),
    fetch(CALCULATORS_BUNDLE).then((response) => response.arrayBuffer()),
    // A download that breaks off after Pyodide took its response would leave Pyodide waiting for ever.
    downloaded,
  ]);
  mark("interpreter");
  pyodide = loadedPyodide;
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/home/pyodide/igm" });
  pyodide.runPython("import sys\nif '/home/pyodide/igm' not in sys.path: sys.path.insert(0, '/home/pyodide/igm')");
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
// Written once the start is over: the write blocks this worker for a moment.
Promise.all([fetchedBytes, ready]).then(([bytes]) => bytes && !unrestorable && keepSnapshot(bytes)).catch(() => {});

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
