// Makes a Pyodide memory snapshot of the calculators' state, with the same core, precompiled standard library,
// package-free lockfile and calculators bundle the site ships (for `python -m bench.snapshot`, issue 23).
// Usage: node snapshot_make.mjs <pyodide dir> <stdlib zip> <calculators zip> <output> <calculator id>
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, stdlib, bundle, output, calculator] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const info = JSON.parse(readFileSync(`${pyodideDir}/pyodide-lock.json`, "utf8")).info;
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlib,
  lockFileContents: { info, packages: {} },
  packages: [],
  _makeSnapshot: true,
});
pyodide.unpackArchive(new Uint8Array(readFileSync(bundle)), "zip", { extractDir: "/home/pyodide/igm" });
pyodide.runPython(
  `import sys; sys.path.insert(0, "/home/pyodide/igm")\n` +
    `import calculators, calculators.relevance\nfrom calculators.registry import CALCULATORS\nCALCULATORS[${JSON.stringify(calculator)}]`,
);
writeFileSync(output, pyodide.makeMemorySnapshot());
