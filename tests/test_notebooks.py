"""Every notebook runs top to bottom in a fresh kernel, without an error or a warning."""

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # whole builds and notebook runs: `make test-fast` leaves them out

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("*.ipynb"))


def test_the_four_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == ["00_tour", "01_target_levels", "02_department_networks",
                                          "03_policy_coverage", "04_policy_instruments"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_clean(path, monkeypatch):
    # the kernel must be this environment's Python
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    # imported here, not at the top: nbformat's schema grammars cost seconds of `make test-fast`'s collection
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                pytest.fail(f"{path.name} wrote to stderr: {out.get('text', '')[:500]}")
    for cell in nb.cells:
        if cell.cell_type == "code" and "draw(" in cell.source:
            images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
            assert len(images) == 1, f"{path.name}: a figure shown {len(images)} times: {cell.source[:60]}"
    assert any(o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {})
               for c in nb.cells for o in c.get("outputs", [])) or path.stem == "00_tour"


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    """A researcher's folder of two plans that are not the shipped study's files, without a manifest."""
    folder = tmp_path_factory.mktemp("two plans")
    raw = Path(__file__).parents[1] / "data" / "raw"
    (folder / "Lhasa Plan 2018.txt").write_bytes((raw / "lhasa.txt").read_bytes())
    (folder / "桓仁 任务分工.gbk.txt").write_bytes((raw / "huanren.txt").read_text(encoding="utf-8").encode("gb18030"))
    return folder


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_a_researchers_folder_through_its_parameters_cell(path, two_plans, monkeypatch):
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "one cell tagged parameters (papermill's convention)"
    tagged[0].source = f"raw_dir = {str(two_plans)!r}"
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}" if errors else ""
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
                    for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert ("huanren" in shown and "lasa" in shown) or path.stem != "00_tour"
