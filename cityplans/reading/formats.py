"""Read a plan from the file formats researchers collect: text, saved web pages, Word and PDF.

Each reader turns a file into plain text (:class:`cityplans.reading.textio.PlanText`)
and the parser works on that text only, so every span in every table points
into it; ``cityplans parse`` writes it as ``texts/<city>.txt`` beside the
tables, where ``raw[start:end]`` gives each record back.

======================  ==========================================================
``.txt`` ``.text``      decoded as published (:func:`cityplans.reading.textio.decode_plan`)
``.html`` ``.htm``      the main text of the page (lxml): scripts, styles, forms
                        and navigation dropped, one line per block, table cells
                        separated by tabs
``.docx``               paragraphs and tables in reading order (python-docx),
                        one line per paragraph or table row, cells separated by
                        tabs
``.pdf``                the text layer, page by page (pypdf), pages separated
                        by a form feed; the parser joins the lines that the
                        page width broke (:mod:`cityplans.reading.line_breaks`)
======================  ==========================================================

A format that cannot be read this way (``.doc``, ``.wps``, a scanned PDF
without a text layer) raises :class:`~cityplans.reading.textio.PlanInputError` with
a one-line message saying how to convert it. Suffixes are matched without
regard to case (``.TXT``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import logging
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from cityplans.reading.normalize import SENTENCE_MARKS
from cityplans.reading.textio import MAX_CHARS, PlanInputError, PlanText, decode_plan, read_bytes

__all__ = [
    "CONVERT_FIRST",
    "PLAN_SUFFIXES",
    "docx_text",
    "html_text",
    "pdf_text",
    "plan_files",
    "plan_format",
    "read_format",
    "read_plan",
]

#: Suffixes read as plans, and the format each names.
PLAN_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
#: Formats recognised but not read, with what to do.
CONVERT_FIRST = {
    ".doc": "a Word 97-2003 .doc file; save it as .docx (Word, or `soffice --headless --convert-to docx FILE`)",
    ".wps": "a WPS Office file; save it as .docx in WPS or convert it with `soffice --headless --convert-to docx FILE`",
    ".rtf": "an RTF file; save it as .docx or as UTF-8 text",
    ".xls": "a spreadsheet; save the sheet as UTF-8 text (tab-separated) or put it in a .docx",
    ".xlsx": "a spreadsheet; save the sheet as UTF-8 text (tab-separated) or put it in a .docx",
    ".ofd": "an OFD file; export it as PDF with a text layer, or as text",
}


def plan_format(path: str | Path) -> str | None:
    """The format a file name says (``"text"``, ``"html"``, ``"docx"``, ``"pdf"``), or ``None``.

    Examples
    --------
    >>> plan_format("plans/HUANREN.TXT"), plan_format("x.htm"), plan_format("x.doc")
    ('text', 'html', None)
    """
    return PLAN_SUFFIXES.get(Path(path).suffix.lower())


def plan_files(folder: str | Path) -> list[Path]:
    """The plan files in a folder and below it, sorted: every name with a suffix of :data:`PLAN_SUFFIXES`
    (in any case), hidden files and folders left out."""
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in PLAN_SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def read_plan(path: str | Path) -> PlanText:
    """Read one plan file of any format into text.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    PlanText
        With ``sha256`` of the file's bytes (checked against the manifest).

    Raises
    ------
    PlanInputError
        A file that cannot be read, or whose format cannot be read (see the module docstring).
    """
    data = read_bytes(path)
    text = read_format(data, str(path))
    return dataclasses.replace(text, sha256=hashlib.sha256(data).hexdigest())


def read_format(data: bytes, path: str) -> PlanText:
    """Text of a plan file from its bytes, by the format its suffix names (text when it names none).

    A text longer than :data:`~cityplans.reading.textio.MAX_CHARS` is refused: no plan is that long, and
    reading one would take minutes.
    """
    text = _text_of(data, path)
    if len(text.raw) > MAX_CHARS:
        raise PlanInputError(f"{path}: {len(text.raw):,} characters of text, more than a plan's {MAX_CHARS:,}; "
                             "if it holds several documents, save each as a file of its own")
    return text


def _text_of(data: bytes, path: str) -> PlanText:
    suffix = Path(path).suffix.lower()
    if suffix in CONVERT_FIRST:
        raise PlanInputError(f"{path}: {CONVERT_FIRST[suffix]}")
    reader = {"html": html_text, "docx": docx_text, "pdf": pdf_text}.get(PLAN_SUFFIXES.get(suffix, "text"))
    if reader is None:
        return decode_plan(data, path)
    if not data:
        raise PlanInputError(f"{path}: empty file (0 bytes); it needs the plan's text")
    return reader(data, path)


# --- saved web pages -----------------------------------------------------------------------------

#: Elements whose text is never the plan's.
_HTML_DROP = ("script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
              "select", "button", "iframe", "object", "svg")
#: Elements that start a new line.
_HTML_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section",
               "article", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "tbody", "thead"}
#: Elements that hold blocks: the main text is one of them (a paragraph is part of it, never all of it).
_HTML_CONTAINERS = {"div", "section", "article", "main", "table", "tbody", "tr", "td", "center", "font", "span"}
#: Share of a page's sentence punctuation (outside links) that its main block must hold.
_MAIN_SHARE = 0.7
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def _html_decode(data: bytes, path: str) -> PlanText:
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950", "utf8": "utf-8"}.get(name, name)
        try:
            return PlanText(data.decode(name), {"cp950": "big5"}.get(name, name), 0, path)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; detect instead
    return decode_plan(data, path)


def html_text(data: bytes, path: str = "<bytes>") -> PlanText:
    """The main text of a saved web page.

    The page is parsed with lxml. Scripts, styles, forms, navigation, headers
    and footers are dropped; of the rest, the deepest element that still
    holds most (70 %) of the page's sentence punctuation outside links is
    the main text (menus, breadcrumbs and footers have next to none). It
    is written one line per block element, with table cells separated by
    tabs, so that a task table reads as a flattened table.

    Examples
    --------
    >>> page = "<html><body><nav>首页 &gt; 政策</nav><div><p>一、总体要求</p><p>（一）健身。</p></div></body></html>"
    >>> html_text(page.encode("gbk")).raw
    '一、总体要求\\n（一）健身。\\n'
    """
    import lxml.html  # noqa: PLC0415 - only web pages need it

    decoded = _html_decode(data, path)
    try:
        root = lxml.html.document_fromstring(decoded.raw)
    except Exception as exc:  # noqa: BLE001 - lxml raises several types for unusable markup
        raise PlanInputError(f"{path}: not a readable web page ({type(exc).__name__}); save it as text") from None
    for el in list(root.iter(*_HTML_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    main = _main_block(root)
    lines: list[str] = []
    _html_lines(main, lines)
    text = "\n".join(line.strip(" ") for line in "".join(lines).split("\n"))
    text = re.sub(r"\n(?:[ \t]*\n)+", "\n", text).strip("\n") + "\n"  # block edges, not blank lines
    if not text.strip():
        raise PlanInputError(f"{path}: a web page without text; save the plan's own page, or its text")
    return PlanText(text, decoded.encoding, 0, path)


_SENTENCE_MARKS = SENTENCE_MARKS


def _own_text(el) -> int:
    """Sentence punctuation outside links: prose has it, menus, breadcrumbs and footers have little."""
    text = _SENTENCE_MARKS.findall(el.text_content())
    links = sum(len(_SENTENCE_MARKS.findall(a.text_content())) for a in el.iter("a"))
    return len(text) - links


def _main_block(root):
    body = root.find("body")
    node = body if body is not None else root
    total = _own_text(node)
    while True:
        inner = [c for c in node if c.tag in _HTML_CONTAINERS and _own_text(c) >= _MAIN_SHARE * total]
        if len(inner) != 1:
            return node
        node = inner[0]


def _html_lines(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _HTML_BLOCK:
        out.append("\n")
    if tag in ("td", "th") and el.getprevious() is not None:
        out.append("\t")
    if el.text and tag:
        out.append(re.sub(r"[ \t\r\n]+", " ", el.text))
    for child in el:
        _html_lines(child, out)
    if tag in _HTML_BLOCK:
        out.append("\n")
    if el.tail:
        out.append(re.sub(r"[ \t\r\n]+", " ", el.tail))


# --- Word ----------------------------------------------------------------------------------------

def docx_text(data: bytes, path: str = "<bytes>") -> PlanText:
    """Paragraphs and tables of a Word file in reading order, one line per paragraph or table row.

    A table row is written as its cells separated by tabs (a cell merged
    across columns once); the paragraphs inside a cell are joined by a space.
    Automatic numbering that Word draws but does not store is not text and
    is not read.
    """
    import docx  # noqa: PLC0415 - only Word files need it
    from docx.table import Table  # noqa: PLC0415
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several types for a broken package
        raise PlanInputError(f"{path}: not a readable .docx ({type(exc).__name__}); open it in Word and save "
                             "it again, or save it as UTF-8 text") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            lines += _docx_rows(Table(child, document))
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise PlanInputError(f"{path}: a .docx without text; check that it is the plan")
    return PlanText(text, "docx", 0, path)


def _docx_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated for each column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append("\t".join(cells))
    return rows


# --- PDF -----------------------------------------------------------------------------------------

#: Fewer characters than this per page on average: a scan without a text layer.
_MIN_PDF_CHARS_PER_PAGE = 20


@contextlib.contextmanager
def _pypdf_notes() -> Iterator[list[str]]:
    """What pypdf logs or warns while reading, kept for cityplans' own one line instead of printed before it."""
    notes: list[str] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            notes.append(" ".join(record.getMessage().split()))

    log, keep = logging.getLogger("pypdf"), _Keep()
    propagate, log.propagate = log.propagate, False
    log.addHandler(keep)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf's warnings say what its log says
            yield notes
    finally:
        log.removeHandler(keep)
        log.propagate = propagate


def pdf_text(data: bytes, path: str = "<bytes>") -> PlanText:
    """The text layer of a PDF, page by page, pages separated by a form feed (``\\f``).

    Lines stay as the page broke them; :mod:`cityplans.reading.line_breaks` joins
    them for matching, and page numbers and running headers become debris.
    A PDF with (almost) no text layer is a scan: the message says to run OCR.
    """
    import pypdf  # noqa: PLC0415 - only PDFs need it
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    with _pypdf_notes() as notes:
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise PlanInputError(f"{path}: an encrypted PDF; save an unprotected copy (or its text)")
            pages = [page.extract_text() or "" for page in reader.pages]
        except PlanInputError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
            said = f": {'; '.join(dict.fromkeys(notes))}" if notes else ""
            raise PlanInputError(f"{path}: not a readable PDF ({type(exc).__name__}{said}); "
                                 "save it again or as text") from None
    n_chars = sum(len(p.strip()) for p in pages)
    if n_chars < _MIN_PDF_CHARS_PER_PAGE * max(1, len(pages)):
        raise PlanInputError(f"{path}: a PDF without a text layer ({n_chars} characters on {len(pages)} pages), "
                             "probably a scan; run OCR on it (e.g. `ocrmypdf -l chi_sim IN OUT`) and give that")
    text = "\n\f".join(p.rstrip("\n") for p in pages) + "\n"
    return PlanText(text, "pdf", 0, path)
