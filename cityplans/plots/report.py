"""The report: the notebooks, executed, as static HTML pages a reader opens without Jupyter.

``make report`` (``python -m cityplans.plots.report``) runs every notebook in
``notebooks/`` top to bottom in a fresh kernel (the code path the tests run)
and writes ``report/index.html`` and one page per notebook, with every
figure and table in the page itself (images inline, nothing fetched). The
pages are byte-identical from run to run: no timings, no dates. A reader
who only browses the repository opens ``report/index.html``.
"""

from __future__ import annotations

if __name__ == "__main__":  # python -m cityplans.plots.report: the imports below take a while
    from cityplans.staging import quiet_interrupts

    quiet_interrupts("python -m cityplans.plots.report")

import base64
import html
import io
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from cityplans import paths
from cityplans.errors import OneLineParser
from cityplans.plots.theme import _cjk_font_path
from cityplans.staging import handle_sigterm, staged_folder

__all__ = ["REPORT_DIR", "build_report", "cjk_font_face", "execute_notebook", "render_page"]

#: Where ``make report`` writes the pages.
REPORT_DIR = paths.PROJ_ROOT / "report"
NOTEBOOK_DIR = paths.PROJ_ROOT / "notebooks"


def execute_notebook(path: Path, timeout: int = 600, raw_dir: str | Path | None = None):
    """Run a notebook top to bottom in a fresh kernel of this Python; return it with its outputs.

    With ``raw_dir``, the cell tagged ``parameters`` (papermill's convention) is set to read that folder.
    """
    import nbformat  # noqa: PLC0415 - only the report and the tests run notebooks
    from nbclient import NotebookClient  # noqa: PLC0415

    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    nb = nbformat.read(path, as_version=4)
    if raw_dir is not None:
        for cell in nb.cells:
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                cell.source = f"raw_dir = {str(Path(raw_dir).resolve())!r}"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return fallback


def render_page(nb, title: str) -> str:
    """One executed notebook as a self-contained HTML page (nbconvert's lab template, images inline)."""
    from nbconvert import HTMLExporter  # noqa: PLC0415

    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    # The template fetches require.js and MathJax from a CDN; these pages need neither (no widgets, no
    # formulas), and a page read offline or from a file must not fail to load anything.
    body = _REMOTE_SCRIPT.sub("", body).replace("<head>", "<head>\n" + _NO_ICON, 1)
    # after the template's own styles, so that the font comes first in every family the page uses
    return body.replace("</head>", cjk_font_face(body) + "\n</head>", 1)


#: What the embedded font draws: CJK ideographs, punctuation and full-width forms (Latin keeps the page's own).
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_CJK_RANGE = "U+2E80-9FFF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF"


def cjk_font_face(page: str) -> str:
    """A ``<style>`` embedding the bundled CJK font, cut to the characters of ``page``, as a web font.

    Chinese in the page is drawn with it on any machine, with or without a CJK font of its own, and
    the page stays self-contained (nothing fetched). The subset depends only on the characters, so
    the page stays byte-identical from run to run.
    """
    chars = sorted(set(_CJK.findall(page)))
    if not chars:
        return ""
    data = base64.b64encode(_woff_subset("".join(chars))).decode("ascii")
    return ("<style>@font-face{font-family:'cityplans-cjk';font-display:block;unicode-range:" + _CJK_RANGE
            + ";src:url(data:font/woff;base64," + data + ") format('woff')}\n"
            ":root{--jp-content-font-family:'cityplans-cjk',system-ui,-apple-system,'Segoe UI',helvetica,arial,"
            "sans-serif;--jp-ui-font-family:var(--jp-content-font-family);--jp-code-font-family:'cityplans-cjk',"
            "Menlo,Consolas,'DejaVu Sans Mono',monospace}\n"
            "body,pre,code,table{font-family:'cityplans-cjk',var(--jp-content-font-family)}"
            "pre,code{font-family:var(--jp-code-font-family)}</style>")


def _woff_subset(chars: str) -> bytes:
    from fontTools import subset  # noqa: PLC0415 - only the report embeds fonts
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    font = TTFont(str(_cjk_font_path()), recalcTimestamp=False)  # no date in the file: pages stay byte-identical
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


#: The pages have no icon; saying so spares the browser a request that fails.
_NO_ICON = '<link rel="icon" href="data:,">'
_REMOTE_SCRIPT = re.compile(r'<script[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>')


def _index(pages: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>' for f, t in pages)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + _NO_ICON + "\n"
            "<title>cityplans: Healthy City plans compared</title>\n"
            "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}</style>\n"
            + cjk_font_face("".join(t for _, t in pages)) + "\n"
            "</head><body>\n<h1>cityplans: local health plans compared</h1>\n"
            "<p>The project's notebooks, executed. Each page shows the figures and tables as the notebook "
            "draws them; the code is in <code>notebooks/</code>, the tables in <code>data/processed/</code>.</p>\n"
            f"<ol>\n{items}\n</ol>\n</body></html>\n")


def build_report(out_dir: str | Path | None = None, notebooks: Sequence[Path] | None = None,
                 raw_dir: str | Path | None = None) -> list[Path]:
    """Execute the notebooks (on ``raw_dir``, a researcher's folder, if given) into ``out_dir``, replaced whole."""
    out = Path(out_dir) if out_dir else REPORT_DIR
    books = list(notebooks) if notebooks else sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    written = []
    with staged_folder(out) as staging:
        pages = []
        for path in books:
            nb = execute_notebook(path, raw_dir=raw_dir)
            title = _title(nb, path.stem)
            target = staging / f"{path.stem}.html"
            target.write_text(render_page(nb, title), encoding="utf-8")
            pages.append((target.name, title))
        (staging / "index.html").write_text(_index(pages), encoding="utf-8")
    written = [out / name for name, _ in pages] + [out / "index.html"]
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cityplans.plots.report``: execute the notebooks into static pages; one-line errors."""
    parser = OneLineParser(prog="python -m cityplans.plots.report", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default report/)")
    parser.add_argument("--raw", type=Path, default=None, help="a folder of plans (default: the shipped study)")
    args = parser.parse_args(argv)
    handle_sigterm()
    t0 = time.perf_counter()
    try:
        written = build_report(args.out, raw_dir=args.raw)
    except Exception as exc:  # noqa: BLE001 - a notebook's error is one line, not a traceback
        print(f"cityplans.plots.report: error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
              file=sys.stderr)
        return 1
    print(f"wrote {len(written)} pages to {args.out or REPORT_DIR} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
