// Runs the calculators in real Pyodide under Node, loaded the way the site's worker loads them:
// the vendored core from node_modules/pyodide and the same calculators zip the build ships; or, given a fifth
// argument (a folder holding the wheel), the igm-calculators wheel through the lockfile, as `loadPackage` does.
// Protocol: one JSON request per stdin line {id, calculator, text}, where text is the inputs' JSON exactly as
// Python wrote it (a JavaScript round trip would turn 3.0 into 3); one JSON reply per line.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const [pyodideDir, bundlePath, stdlibPath, lockfile, packageBase] = process.argv.slice(2);
const started = performance.now();
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
// The same precompiled, trimmed stdlib and lockfile (the core's info, our wheel only) the site ships.
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlibPath,
  lockFileContents: JSON.parse(lockfile),
  ...(packageBase ? { packageBaseUrl: `${packageBase}/`, packages: ["igm-calculators"] } : { packages: [] }),
});
if (!packageBase) {
  // Node Buffers confuse Pyodide's archive code: pass a plain Uint8Array.
  pyodide.unpackArchive(new Uint8Array(readFileSync(bundlePath)), "zip", { extractDir: "/home/pyodide/igm" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/igm')");
}
const runJson = pyodide.pyimport("calculators").run_json;
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const where = pyodide.runPython("import calculators; calculators.__file__");
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ready: true, python: version, calculators: where, ms }) + "\n");

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  let reply;
  try {
    reply = { id: request.id, output: JSON.parse(runJson(request.calculator, request.text)) };
  } catch (error) {
    reply = { id: request.id, crash: String(error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
