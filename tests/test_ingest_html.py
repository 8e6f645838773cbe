"""HTML ingestion: trafilatura's main text, metadata, and the per-character source map."""

from __future__ import annotations

import difflib
import html as html_module

import pytest

from pipeline.document import Document
from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir
from tests.conftest import SHARED

REALTEXT = (SHARED / "realtext/html")

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>Neck Pain Relief | Healthy Backs</title>
  <meta name="author" content="Dr Jo Smith">
  <meta property="og:site_name" content="Healthy Backs">
  <meta property="article:published_time" content="2024-03-05">
  <link rel="canonical" href="https://example.org/neck-pain">
  <script>var tracking = "Stretch your neck while driving";</script>
  <style>p { color: red }</style>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li></ul></nav>
<article>
<h1>Neck Pain Relief</h1>
<p>Neck pain is common &amp; usually gets better within a few weeks. Gentle movement helps
most people, and <a href="https://www.nhs.uk/conditions/neck-pain/">the NHS guide</a> explains
why rest alone is rarely the answer.</p>
<h2>Gentle exercises</h2>
<ul>
<li>Sit up tall and slowly turn your head to the left.</li>
<li>Hold for five seconds, then turn to the right.</li>
</ul>
<p>Stop if the pain gets worse, and see a doctor if you feel numbness in your arms.</p>
<blockquote><p>Most neck pain settles without treatment.</p></blockquote>
<div class="share-buttons"><a href="https://facebook.com/share">Share on Facebook</a>
<a href="https://twitter.com/share">Share on Twitter</a></div>
</article>
<div id="comments" class="comments">
<h3>Leave a Reply</h3>
<form><p>Your email address will not be published. Required fields are marked *</p>
<textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
</div>
<footer><p>Copyright 2024 Healthy Backs. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body>
</html>
"""


def load_html(source: str, name: str = "page.html") -> Document:
    items = list(load_source(name, source.encode("utf-8"), "html", rules_dir()))
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def assert_maps_to_source(doc: Document, source: str) -> None:
    """Every non-space character points at itself (or at the entity it was decoded from)."""
    for index, char in enumerate(doc.text):
        if char.isspace():
            continue
        offset = doc.source_map.source_offset(index)
        found = source[offset]
        if found == char:
            continue
        assert found == "&", (index, char, source[offset - 10:offset + 10])
        end = source.index(";", offset)
        assert char in html_module.unescape(source[offset:end + 1])


def test_main_text_structure_and_furniture_removed() -> None:
    doc = load_html(PAGE)
    kinds = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert kinds[0] == ("title", "Neck Pain Relief")
    assert ("heading", "Gentle exercises") in kinds
    assert ("list_item", "Sit up tall and slowly turn your head to the left.") in kinds
    assert any(k == "quote" and "settles without treatment" in t for k, t in kinds)
    assert "Neck pain is common & usually gets better" in doc.text
    for furniture in ("Home", "About us", "Share on Facebook", "Leave a Reply",
                      "email address", "Copyright", "Privacy policy", "tracking", "color"):
        assert furniture not in doc.text, furniture


def test_metadata() -> None:
    doc = load_html(PAGE)
    meta = doc.metadata
    assert doc.title == "Neck Pain Relief"
    assert meta["author"] == "Dr Jo Smith"
    assert meta["date"] == "2024-03-05"
    assert meta["url"] == "https://example.org/neck-pain"
    assert meta["sitename"] == "Healthy Backs"
    assert meta["headings"] == ["Gentle exercises"]
    assert {"text": "the NHS guide", "url": "https://www.nhs.uk/conditions/neck-pain/"} in (
        meta["links"])


def test_every_character_maps_back_to_the_source() -> None:
    doc = load_html(PAGE)
    assert_maps_to_source(doc, PAGE)
    offset = doc.text.index("Stop if the pain")
    line = PAGE.splitlines().index(
        "<p>Stop if the pain gets worse, and see a doctor if you feel numbness in your arms.</p>")
    assert doc.source_map.position(offset) == (line + 1, 4)
    amp = doc.text.index("&")
    assert PAGE[doc.source_map.source_offset(amp):].startswith("&amp;")


def test_numeric_entities_and_nbsp() -> None:
    source = ("<html><body><article><h1>Ankle&#160;sprains</h1><p>Rest&nbsp;the ankle &#8212; "
              "then &#x201C;move it gently&#x201D; after two days.</p></article></body></html>")
    doc = load_html(source)
    assert "then “move it gently” after two days." in doc.text
    assert_maps_to_source(doc, source)


@pytest.mark.skipif(not REALTEXT.is_dir(), reason="real pages not available")
def test_real_pages_extract_close_to_expected_text() -> None:
    """Word-level similarity with the benchmark's expected text (which sometimes includes
    comments that medlint drops on purpose), and an exact source map on real markup."""
    ratios = []
    for page in sorted(REALTEXT.glob("*.html")):
        raw = page.read_bytes()
        doc = next(iter(load_source(str(page), raw, "html", rules_dir())))
        assert isinstance(doc, Document), doc
        expected = page.with_suffix(".expected.txt").read_text(encoding="utf-8",
                                                               errors="replace")
        matcher = difflib.SequenceMatcher(None, doc.text.split(), expected.split(),
                                          autojunk=False)
        ratios.append(matcher.ratio())
    assert len(ratios) == 25
    ratios.sort()
    assert sum(ratios) / len(ratios) > 0.85
    assert ratios[len(ratios) // 2] > 0.95
