// Precompiles Pyodide's standard library inside Pyodide itself, so the bytecode magic matches the
// runtime: the npm python_stdlib.zip ships only .py sources, which every start would compile again.
// Usage: node precompile_stdlib.mjs <pyodide dir> <output zip> '{"drop": [...], "keep_encodings": [...]}'
// "drop" lists top-level modules or packages never imported by the calculators or Pyodide's start.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, output, plan] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, packages: [] });
pyodide.globals.set("PLAN", plan);
const bytes = pyodide.runPython(`
import importlib.util, io, json, sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

plan = json.loads(PLAN)
drop = set(plan["drop"])
keep_encodings = set(plan["keep_encodings"])
source = zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip")))
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
    for info in sorted(source.infolist(), key=lambda i: i.filename):
        name = info.filename
        if name.split("/")[0].removesuffix(".py") in drop or name.endswith("/"):
            continue
        if name.startswith("encodings/") and name[10:].removesuffix(".py") not in keep_encodings:
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
