"""The code stays small enough to read: short functions and modules, no import cycle, words in data files."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "cityplans"
MODULES = sorted(PACKAGE.rglob("*.py"))
HAN = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
#: The pipeline's parts, lowest first: a part may import only the parts before it.
LAYERS = ["errors", "staging", "datafiles", "paths", "_parallel", "synthetic", "reading", "registry", "extract", "corpus",
          "compare", "outputs", "plots", "cli", "__main__"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    """``cityplans.reading.outline`` for ``cityplans/reading/outline.py`` (a package is its ``__init__``)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_functions_and_modules_are_short():
    long_functions = [f"{_name(p)}:{n.name} ({n.end_lineno - n.lineno + 1} lines)" for p in MODULES
                      for n in ast.walk(_tree(p)) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                      and n.end_lineno - n.lineno + 1 > 80]
    long_modules = [f"{_name(p)} ({n} lines)" for p in MODULES
                    if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450]
    assert long_functions == [] and long_modules == []


def test_the_pipeline_is_a_few_stages_not_a_flat_folder():
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    stages = [p.parent.name for p in PACKAGE.glob("*/__init__.py")]
    assert len(top) <= 12, top
    assert len(stages) >= 4, stages
    # every stage says what enters it and what leaves it
    undocumented = [s for s in stages if "Enters" not in (ast.get_docstring(_tree(PACKAGE / s / "__init__.py")) or "")
                    and "in," not in (ast.get_docstring(_tree(PACKAGE / s / "__init__.py")) or "")]
    assert undocumented == []
    assert sorted(set(top) | set(stages)) == sorted(set(LAYERS) - {"__main__"})


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Package modules ``path`` imports (at import time only, or anywhere, inside functions too)."""
    nodes = _tree(path).body if top_level_only else ast.walk(_tree(path))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{_name(path)}: relative import; the package imports by full name")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cityplans"):
            names = {f"{node.module}.{a.name}" for a in node.names}
            found |= {n for n in names if n in _KNOWN} or {node.module}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("cityplans")}
    return found & _KNOWN


_KNOWN = {_name(p) for p in MODULES}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*trail, node, dep]
            if dep not in state and (cycle := visit(dep, [*trail, node])):
                return cycle
        state[node] = 2
        return None

    return next((c for n in sorted(graph) if n not in state and (c := visit(n, []))), None)


def test_no_import_cycle_between_modules():
    graph = {_name(p): _imports(p, top_level_only=True) - {_name(p)} for p in MODULES}
    assert _cycle(graph) is None


def test_imports_go_one_way_between_the_stages():
    # inside functions too: a lazy import is still a dependency
    upward = sorted(f"{_name(p)} imports {dep}" for p in MODULES if _name(p) != "cityplans"
                    for dep in _imports(p, top_level_only=False)
                    if dep != "cityplans" and LAYERS.index(_part(dep)) > LAYERS.index(_part(_name(p))))
    assert upward == []
    parts: dict[str, set[str]] = {}
    for p in MODULES:
        for dep in _imports(p, top_level_only=False):
            if _part(dep) != _part(_name(p)) and _name(p) != "cityplans":
                parts.setdefault(_part(_name(p)), set()).add(_part(dep))
    assert _cycle(parts) is None


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


def test_the_readme_map_names_every_part():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):]
    parts = [f"{p.parent.name}/" for p in PACKAGE.glob("*/__init__.py")]
    parts += [f"{p.name}" for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    assert [p for p in parts if p not in layout] == []
