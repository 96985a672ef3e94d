"""The subject digest: what readers get from a page, and nothing else."""

from __future__ import annotations

import ast
from pathlib import Path

import calculators
from editorial.content import calculator_code, references

ROOT = Path(__file__).resolve().parents[2]


def _ast_imports(module: str, seen: set[str]) -> set[str]:
    """An independent oracle: the package modules a module imports, from Python's own parser."""
    path = ROOT / "calculators" / module
    if module in seen or not path.is_file():
        return seen
    seen.add(module)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            for name in names:
                _ast_imports(f"{name}.py", seen)
    return seen


def test_each_calculator_is_bound_to_its_declaration_its_imports_and_the_engine():
    for calc in calculators.calculator_ids():
        code = calculator_code(ROOT, calc)
        declared = [p for p in code if f'id="{calc}"' in (ROOT / p).read_text()]
        assert declared, calc
        expected = _ast_imports("engine.py", set()) | _ast_imports(Path(declared[0]).name, set())
        assert code == sorted(f"calculators/{m}" for m in expected), calc
        assert "calculators/registry.py" not in code  # the registry imports every calculator


def test_references_are_found_however_they_are_written():
    text = (
        '![a](img/a.png "t")\n[ref]: img/b.png\n![c][ref]\n<img src="img/c.png" srcset="img/d.png 2x, img/e.png 3x">\n'
        "<a href='files/f.pdf#p2'>f</a> [page](other.md) [web](https://example.org/x.png) [top](#top)\n"
    )
    assert references(text) == ["files/f.pdf", "img/a.png", "img/b.png", "img/c.png", "img/d.png", "img/e.png"]
