// Compiles every .py of a zip to bytecode inside Pyodide itself, so the magic number matches the
// runtime: the npm python_stdlib.zip ships only .py sources, which every start would compile again.
// Usage: node precompile_zip.mjs <pyodide dir> <input zip | "stdlib"> <output zip> '{"drop": [...], "keep_encodings": [...]}'
// "drop" lists top-level modules never imported by the calculators or Pyodide's start; "keep_encodings"
// (optional) the codecs to keep from encodings/.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, input, output, plan] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, packages: [] });
if (input !== "stdlib") pyodide.FS.writeFile("/tmp/input.zip", new Uint8Array(readFileSync(input)));
pyodide.globals.set("PLAN", plan);
pyodide.globals.set("SOURCE", input === "stdlib" ? "" : "/tmp/input.zip");
const bytes = pyodide.runPython(`
import importlib.util, io, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

plan = json.loads(PLAN)
drop = set(plan.get("drop", []))
keep_encodings = plan.get("keep_encodings")
source = zipfile.ZipFile(SOURCE or next(p for p in sys.path if p.endswith(".zip")))
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
    for info in sorted(source.infolist(), key=lambda i: i.filename):
        name = info.filename
        if name.split("/")[0].removesuffix(".py") in drop or name.endswith("/"):
            continue
        if keep_encodings is not None and name.startswith("encodings/") and name[10:].removesuffix(".py") not in keep_encodings:
            continue
        data = source.read(name)
        if name.endswith(".py"):
            code = compile(data, name, "exec", dont_inherit=True, optimize=0)
            # Unchecked hash-based pyc: valid without its source and without timestamps (reproducible).
            data = bytes(_code_to_hash_pyc(code, importlib.util.source_hash(data), checked=False))
            name += "c"
        entry = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(entry, data)
out.getvalue()
`);
writeFileSync(output, bytes.toJs());
bytes.destroy();
