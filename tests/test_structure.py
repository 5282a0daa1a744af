"""The code stays small enough to read: short functions and modules, no import cycle, words in data files."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "cityplans"
MODULES = sorted(PACKAGE.glob("*.py"))
HAN = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_functions_and_modules_are_short():
    long_functions = [f"{p.name}:{n.name} ({n.end_lineno - n.lineno + 1} lines)" for p in MODULES
                      for n in ast.walk(_tree(p)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                      and n.end_lineno - n.lineno + 1 > 80]
    long_modules = [f"{p.name} ({n} lines)" for p in MODULES
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450]
    assert long_functions == [] and long_modules == []


def _top_level_imports(path: Path) -> set[str]:
    """Package modules imported when ``path`` is imported (not inside functions or TYPE_CHECKING)."""
    found = set()
    for node in _tree(path).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
    return found & {p.stem for p in MODULES}


def test_no_import_cycle():
    graph = {p.stem: _top_level_imports(p) for p in MODULES}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> list[str] | None:
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                return [*trail, module, dep]
            if dep not in state and (cycle := visit(dep, [*trail, module])):
                return cycle
        state[module] = 2
        return None

    cycles = [c for m in sorted(graph) if m not in state and (c := visit(m, []))]
    assert cycles == []


def _chinese_code_lines(path: Path) -> int:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING and HAN.search(tok.string):
            lines.update(line for line in range(tok.start[0], tok.end[0] + 1) if line not in docstrings)
    return len(lines)


def test_words_live_in_data_files():
    # The genre's syntax (Chinese numerals, brackets) may stay in code; the words extractors look for may not.
    counts = {p.name: n for p in MODULES if p.name != "synthetic.py" and (n := _chinese_code_lines(p))}
    assert sum(counts.values()) <= 30, counts
