"""The report opens in a real browser (Debian's Chromium, driven by playwright) with every image and no error."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from cityplans.plots.report import REPORT_DIR, build_report

pytestmark = pytest.mark.slow  # runs every notebook

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: Fonts that draw Chinese; the report must be rendered with one of them, not with boxes.
CJK_FAMILIES = ("WenQuanYi", "Noto Sans CJK", "Noto Serif CJK", "Source Han", "Droid Sans Fallback", "AR PL")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return out, build_report(out)


def test_report_has_an_index_and_a_page_per_notebook(fresh):
    out, written = fresh
    names = sorted(p.name for p in written)
    assert names == ["00_tour.html", "01_target_levels.html", "02_department_networks.html",
                     "03_policy_coverage.html", "04_policy_instruments.html", "index.html"]


def test_committed_report_is_current(fresh):
    # A reader who only browses the repository opens report/: it must be what the notebooks now show.
    out, written = fresh
    stale = [p.name for p in written if not (REPORT_DIR / p.name).is_file()
             or (REPORT_DIR / p.name).read_bytes() != p.read_bytes()]
    assert not stale, f"report/ is stale, run `make report` and commit: {stale}"


@pytest.fixture(scope="module")
def served(fresh):
    out, _ = fresh

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (.ci/run installs Debian's chromium)")
def test_every_page_loads_every_image_without_an_error_and_draws_chinese(served):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(served + "index.html")
            links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
            assert len(links) == 5
            n_images = 0
            for link in links:
                page.goto(served + link, wait_until="load")
                images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth])")
                assert all(done and width > 0 for done, width in images), f"{link}: an image did not load"
                n_images += len(images)
            assert n_images >= 10
            assert errors == []
            fonts = _fonts_drawing(page, served + "01_target_levels.html", "健康")
            assert any(f["glyphCount"] > 0 and f["familyName"].startswith(CJK_FAMILIES) for f in fonts), fonts
            # drawn with the font the page embeds, not one the machine happens to have
            assert any(f["glyphCount"] > 0 and f["isCustomFont"] for f in fonts), fonts
        finally:
            browser.close()


def _fonts_drawing(page, url: str, text: str) -> list[dict]:
    """The installed fonts the browser used for the first element holding ``text`` (Chrome DevTools Protocol)."""
    page.goto(url, wait_until="load")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    cdp.send("DOM.getDocument", {"depth": -1})
    found = cdp.send("DOM.performSearch", {"query": f"//*[contains(text(), '{text}')]"})
    assert found["resultCount"] > 0, f"no text {text!r} on {url}"
    node = cdp.send("DOM.getSearchResults", {"searchId": found["searchId"], "fromIndex": 0, "toIndex": 1})
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeIds"][0]})["fonts"]


def test_the_embedded_font_holds_every_chinese_character_of_the_page(fresh):
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    out, _ = fresh
    page = (out / "01_target_levels.html").read_text(encoding="utf-8")
    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page)
    assert woff, "no embedded font"
    font = TTFont(io.BytesIO(base64.b64decode(woff.group(1))))
    cmap = font.getBestCmap()
    text = re.sub(r"<[^>]+>|data:[^\"')]+", "", page)
    missing = {c for c in text if "\u4e00" <= c <= "\u9fff" and ord(c) not in cmap}
    assert missing == set()
