"""The public API: every name in ``__all__`` resolves, and ``import cityplans`` is quick and quiet."""

import subprocess
import sys

import pytest

import cityplans


@pytest.mark.parametrize("name", cityplans.__all__)
def test_every_public_name_resolves(name):
    assert getattr(cityplans, name) is not None


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        cityplans.no_such_thing  # noqa: B018


def _fresh(code):
    return subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True)


def test_import_and_load_need_neither_networkx_nor_matplotlib():
    # They cost 0.6 s to import; parsing a plan needs neither (see the lazy names in __init__).
    out = _fresh("import sys, cityplans; cityplans.load(); "
                 "print(sorted(m for m in ('networkx', 'matplotlib') if m in sys.modules))")
    assert out.stdout.strip() == "[]"


def test_import_is_quiet():
    out = _fresh("import cityplans")
    assert out.stdout == "" and out.stderr == ""


def test_lazy_names_are_the_module_functions():
    from cityplans import network

    assert cityplans.collaboration_graph is network.collaboration_graph
    assert "collaboration_graph" in dir(cityplans)


@pytest.mark.slow
def test_the_readme_python_example_runs(tmp_path):
    """Every ```python block of the README runs in a fresh interpreter, as a new user would paste it."""
    import re

    from cityplans import paths

    readme = (paths.PROJ_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    for block in blocks:
        script = tmp_path / "example.py"
        script.write_text(block, encoding="utf-8")
        result = subprocess.run([sys.executable, "-W", "error", str(script)], capture_output=True, text=True,
                                cwd=paths.PROJ_ROOT, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]
