// Makes the memory snapshot a returning reader's worker starts from (issue 23): Pyodide's heap once the interpreter
// has started from the shipped core, precompiled standard library and calculators bundle, and has imported every
// calculator. Restoring it skips the interpreter's start and Pyodide's own imports, most of a warm start.
// Usage: node snapshot_make.mjs <pyodide dir> <stdlib zip> <calculators zip> <output>
//
// Same inputs, same bytes: the snapshot is a compiled artefact pinned in compiled.lock like the bytecode, so its
// entropy and clock are fixed while it is made. What that fixes for every reader: Python's str hash seed and the
// allocator's free-list shuffle (neither guards anything here: the inputs are a few numbers typed by the reader).
// The calculators read no clock and no randomness when imported (tests/site/test_snapshot.py), and `random`,
// `secrets` and `os.urandom`, imported later, draw from the browser's generator.
//
// Written sparse, since 60 % of the heap is zero pages: u32 heap length, u32 page size, u32 page count, the count's
// u32 page numbers, then those pages (the last one may be short). calc-worker.js expands it.
import nodeCrypto from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

let state = 0x2545f491;
nodeCrypto.randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return view;
};
const EPOCH = Date.UTC(2020, 0, 1);
let tick = 0;
Date.now = () => EPOCH + tick;
performance.now = () => (tick += 1);

const PAGE = 4096;
const [pyodideDir, stdlib, bundle, output] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const info = JSON.parse(readFileSync(`${pyodideDir}/pyodide-lock.json`, "utf8")).info;
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlib,
  lockFileContents: { info, packages: {} },
  packages: [],
  _sysExecutable: "./this.program", // a browser's, not this script's path: the same bytes from any checkout
  _makeSnapshot: true,
});
pyodide.unpackArchive(new Uint8Array(readFileSync(bundle)), "zip", { extractDir: "/home/pyodide/igm" });
pyodide.runPython(
  "import sys\nsys.path.insert(0, '/home/pyodide/igm')\n" +
    "import calculators, calculators.relevance\nfrom calculators.registry import CALCULATORS\n" +
    "for _id in list(CALCULATORS):\n    CALCULATORS[_id]",
);
const heap = pyodide.makeMemorySnapshot();
const pages = [];
for (let start = 0; start < heap.length; start += PAGE) {
  if (heap.subarray(start, start + PAGE).some((byte) => byte !== 0)) pages.push(start / PAGE);
}
const header = new Uint32Array([heap.length, PAGE, pages.length, ...pages]);
const parts = [new Uint8Array(header.buffer), ...pages.map((page) => heap.subarray(page * PAGE, (page + 1) * PAGE))];
writeFileSync(output, Buffer.concat(parts));
