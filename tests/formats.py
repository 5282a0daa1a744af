"""Write a plan in the forms researchers receive plans in, with tools we did not write.

Web pages from a template like a government site's (navigation, scripts,
footer), Word files with python-docx, PDFs with fpdf2 (a TrueType font, so
the text layer is real), traditional characters with OpenCC, and the
encodings with Python's codecs.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from pathlib import Path

import pandas as pd

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div id="header"><div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/zcwj">政策文件</a></div>
<div class="search"><form><input name="q"><button>搜索</button></form></div></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj">政策文件</a></div>
<div class="main"><div class="content" id="zoom">
{body}
</div></div>
<div id="footer"><p>主办单位：人民政府办公室</p><p>网站标识码：2101000000 ICP备05000000号</p>
<a href="/about">关于我们</a> <a href="/map">网站地图</a></div>
</body></html>
"""


def to_html(raw: str, encoding: str = "utf-8") -> bytes:
    """A saved page: each line of the plan one paragraph inside the page furniture."""
    body = "\n".join(f"<p>{html.escape(line)}</p>" if line.strip() else "<p>&nbsp;</p>" for line in raw.splitlines())
    charset = {"gb18030": "gbk"}.get(encoding, encoding)
    return PAGE.format(charset=charset, title="政策文件", body=body).encode(encoding, errors="xmlcharrefreplace")


def to_docx(raw: str) -> bytes:
    import docx

    document = docx.Document()
    for line in raw.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def cjk_font() -> str:
    import mplfonts

    return str(Path(mplfonts.__file__).parent / "fonts" / "SimHei.ttf")


def to_pdf(raw: str) -> bytes:
    """An A4 PDF with the plan's text, lines broken by the page width as in any PDF."""
    from fpdf import FPDF

    class Page(FPDF):
        # As government PDFs print them: the plan's name on top, "— n —" at the foot of every page.
        def header(self):
            self.set_font("cjk", size=9)
            self.cell(0, 8, "健康城市建设实施方案", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("cjk", size=9)
            self.cell(0, 8, f"— {self.page_no()} —", align="C")

    pdf = Page(format="A4")
    pdf.add_font("cjk", "", cjk_font())
    pdf.set_font("cjk", size=12)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("cjk", size=12)
    for line in raw.splitlines():
        pdf.multi_cell(0, 7, line.replace("\xa0", " ") or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def to_traditional(raw: str, convention: str = "s2tw") -> str:
    """The plan in traditional characters: Taiwan's forms (``s2tw``) or Hong Kong's (``s2hk``, 衞 for 卫)."""
    import opencc

    return opencc.OpenCC(convention).convert(raw)


#: Big5 has no ≥, ≤ or no-break space; a Big5 author writes these instead.
BIG5_FORMS = str.maketrans({"≥": "≧", "≤": "≦", "\xa0": "\u3000"})


def to_big5(raw: str, convention: str = "s2tw", codec: str = "cp950") -> bytes:
    """Traditional characters in Big5 (or Big5-HKSCS); what the code cannot hold at all (‰) becomes '?'."""
    return to_traditional(raw, convention).translate(BIG5_FORMS).encode(codec, errors="replace")


def big5_cannot_hold(text: str, codec: str = "cp950") -> bool:
    return any(ch.encode(codec, errors="replace") == b"?" and ch != "?" for ch in text.translate(BIG5_FORMS))


def keys(corpus, city: str, keep=None) -> dict[str, Counter]:
    """What must survive a conversion: task items, assignments and targets, by local task id."""

    def local(task_id: str) -> str:
        return task_id.split(":", 1)[1]

    def mine(df: pd.DataFrame) -> pd.DataFrame:
        df = df[df["city"] == city]
        return df if keep is None else df[[keep(corpus.raw[city][r.start:r.end]) for r in df.itertuples()]]

    tasks = corpus.tasks[(corpus.tasks["city"] == city) & corpus.tasks["is_task"]]
    assignments = corpus.assignments[corpus.assignments["city"] == city]
    return {
        "tasks": Counter(map(local, tasks["task_id"])),
        "assignments": Counter((local(r.task_id), r.department_id, r.role) for r in assignments.itertuples()),
        "targets": Counter((local(r.task_id), r.value, r.unit) for r in mine(corpus.targets).itertuples()),
    }


def recall(expected: dict[str, Counter], got: dict[str, Counter]) -> dict[str, float]:
    return {k: (sum((expected[k] & got[k]).values()) / sum(expected[k].values()) if expected[k] else 1.0)
            for k in expected}
