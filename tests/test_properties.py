"""Property tests (hypothesis) on ingestion and offset mapping.

For any input in any format: blocks and suppressions lie inside the extracted text, in order;
every non-space character of the text maps to the same character in the source (or to the
entity or escape it was decoded from); and the line/column the source map reports is the
line/column of that source offset, counted independently here. Findings from a real audit
lie inside the text, quote it exactly and carry the line/column of their start.
"""

from __future__ import annotations

import html as html_module
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["stretch", "the", "neck", "slowly", "knee", "pain", "Rest", "ice", "café", "naïve",
         "—", "“quoted”", "don’t", "x²", "5", "20%", "a/b", "C++", "ﬁne", "東京", "e\u0301",
         "stop", "if", "it", "hurts", "see", "a", "doctor", "Back", "Care"]
word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=1, max_size=12).map(" ".join)
newline = st.sampled_from(["\n", "\r\n", "\r"])


def source_position(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, with \\n, \\r\\n and \\r as line breaks."""
    before = source[:offset]
    breaks = list(re.finditer(r"\r\n|\r|\n", before))
    if before.endswith("\r") and source[offset:offset + 1] == "\n":
        breaks = breaks[:-1]  # inside a \r\n pair: still the earlier line
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def same_character(source: str, offset: int, char: str, fmt: str) -> bool:
    found = source[offset]
    if found == char:
        return True
    if fmt in ("html", "markdown") and found == "&":
        end = source.find(";", offset, offset + 40)
        if end > 0 and char in html_module.unescape(source[offset:end + 1]):
            return True
        if fmt == "html" and char in html_module.unescape(source[offset:offset + 10]):
            return True
    if fmt == "html":
        return unicodedata.normalize("NFKC", found)[:1] == unicodedata.normalize("NFKC", char)[:1]
    return False


def check(source: str, fmt: str) -> list[Document]:
    documents = []
    for item in load_source(f"input.{fmt}", source.encode("utf-8"), fmt, rules_dir()):
        if not isinstance(item, Document):
            continue
        documents.append(item)
        text = item.text
        previous_end = 0
        for block in item.blocks:
            assert previous_end <= block.start <= block.end <= len(text)
            previous_end = block.end
        for suppression in item.suppressions:
            assert 0 <= suppression.start <= suppression.end <= len(text)
        for index, char in enumerate(text):
            if char.isspace():
                continue
            offset = item.source_map.source_offset(index)
            assert 0 <= offset < len(source), (index, offset)
            assert same_character(source, offset, char, fmt), (
                fmt, index, char, source[max(0, offset - 15):offset + 15])
            assert item.source_map.position(index) == source_position(source, offset)
    return documents


# --- plain text ------------------------------------------------------------------------------

text_block = st.one_of(
    sentence.map(lambda s: s[:1].upper() + s[1:] + "."),
    sentence,
    sentence.map(lambda s: "- " + s),
    sentence.map(lambda s: "1. " + s),
    st.just("Leave a Reply"),
    st.just("Your email address will not be published. Required fields are marked *"),
)


@st.composite
def plain_text(draw: st.DrawFn) -> str:
    nl = draw(newline)
    blocks = draw(st.lists(st.lists(text_block, min_size=1, max_size=3), min_size=1, max_size=6))
    indent = draw(st.sampled_from(["", " ", "\t"]))
    return (nl + nl).join(nl.join(indent + line for line in group) for group in blocks) + (
        draw(st.sampled_from(["", nl, nl + nl + "  "])))


@SETTINGS
@given(plain_text())
def test_plain_text_offsets(source: str) -> None:
    check(source, "text")


@SETTINGS
@given(st.text(min_size=1, max_size=300))
def test_any_text_as_plain_text(source: str) -> None:
    check(source, "text")


# --- Markdown --------------------------------------------------------------------------------

inline = st.one_of(
    word,
    word.map(lambda w: f"**{w}**"),
    word.map(lambda w: f"_{w}_"),
    word.map(lambda w: f"*{w}*"),
    word.map(lambda w: f"`{w}`"),
    word.map(lambda w: f"[{w}](https://example.org/{len(w)} \"t\")"),
    word.map(lambda w: f"![{w}](img.png)"),
    st.sampled_from(["&amp;", "&copy;", "&#8212;", "\\*", "<b>bold</b>", "<!-- note -->"]),
)
md_line = st.lists(inline, min_size=1, max_size=8).map(" ".join)


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    nl = draw(newline)
    parts = []
    if draw(st.booleans()):
        parts.append(f"---{nl}title: {draw(sentence)}{nl}author: Jo{nl}---")
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["h", "p", "ul", "ol", "quote", "html", "code", "table",
                                     "disable"]))
        line = draw(md_line)
        if kind == "h":
            parts.append("#" * draw(st.integers(1, 3)) + " " + line)
        elif kind == "p":
            parts.append(line + nl + draw(md_line))
        elif kind == "ul":
            parts.append(nl.join("- " + draw(md_line) for _ in range(draw(st.integers(1, 3)))))
        elif kind == "ol":
            parts.append(nl.join(f"{i}. " + draw(md_line) for i in range(1, 3)))
        elif kind == "quote":
            parts.append("> " + line + nl + "> " + draw(md_line))
        elif kind == "html":
            parts.append(f"<div class=\"x\">{nl}<p>{draw(sentence)} &amp; <i>{draw(word)}</i>"
                         f"</p>{nl}</div>")
        elif kind == "code":
            parts.append(f"```{nl}{line}{nl}```")
        elif kind == "table":
            parts.append(f"| {draw(word)} | {draw(word)} |{nl}|---|---|{nl}| {line} | x |")
        else:
            parts.append(draw(st.sampled_from([
                "<!-- medlint-disable READ-GRADE -->", "<!-- medlint-enable -->",
                "<!-- medlint-disable-next-line READ-SENTENCE-LENGTH -->",
                "<!-- medlint-disable -->"])))
    return (nl + nl).join(parts) + nl


@SETTINGS
@given(markdown_text())
def test_markdown_offsets(source: str) -> None:
    check(source, "markdown")


@SETTINGS
@given(st.text(min_size=1, max_size=300))
def test_any_text_as_markdown(source: str) -> None:
    check(source, "markdown")


# --- HTML ------------------------------------------------------------------------------------

html_inline = st.one_of(
    word,
    word.map(lambda w: f"<b>{w}</b>"),
    word.map(lambda w: f"<a href=\"https://example.org/{len(w)}\">{w}</a>"),
    word.map(lambda w: f"<em>{w}</em>"),
    st.sampled_from(["&amp;", "&nbsp;", "&#8212;", "&#x201C;", "&lt;tag&gt;", "&copy;",
                     "<br>", "\u200b"]),
)
html_line = st.lists(html_inline, min_size=1, max_size=10).map(" ".join)


@st.composite
def html_page(draw: st.DrawFn) -> str:
    nl = draw(newline)
    body = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["h1", "h2", "p", "ul", "quote", "nav", "script",
                                     "comment", "table"]))
        line = draw(html_line)
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{line}</{kind}>")
        elif kind == "p":
            body.append(f"<p>{line}{nl}{draw(html_line)}</p>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{draw(html_line)}</li>{nl}"
                                         for _ in range(draw(st.integers(1, 3)))) + "</ul>")
        elif kind == "quote":
            body.append(f"<blockquote><p>{line}</p></blockquote>")
        elif kind == "nav":
            body.append(f"<nav><a href=\"/\">Home</a> <a href=\"/a\">{draw(word)}</a></nav>")
        elif kind == "script":
            body.append(f"<script>var s = \"{draw(word)}\";</script><style>p{{}}</style>")
        elif kind == "table":
            body.append(f"<table><tr><td>{line}</td><td>{draw(word)}</td></tr></table>")
        else:
            body.append("<!-- medlint-disable-next-line READ-GRADE -->")
    title = draw(sentence)
    wrapper = draw(st.sampled_from(["article", "main", "div"]))
    return (f"<!DOCTYPE html>{nl}<html><head><title>{title}</title></head>{nl}<body>{nl}"
            f"<{wrapper}>{nl}" + nl.join(body) + f"{nl}</{wrapper}>{nl}</body></html>{nl}")


@SETTINGS
@given(html_page())
def test_html_offsets(source: str) -> None:
    check(source, "html")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=300))
def test_any_text_as_html(source: str) -> None:
    check(source, "html")


# --- findings from a real audit --------------------------------------------------------------

@st.composite
def any_format(draw: st.DrawFn) -> tuple[str, str]:
    fmt = draw(st.sampled_from(["text", "markdown", "html"]))
    maker = {"text": plain_text(), "markdown": markdown_text(), "html": html_page()}[fmt]
    return fmt, draw(maker)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_format())
def test_findings_lie_inside_the_text_and_point_at_their_words(auditor, case) -> None:
    fmt, source = case
    documents = check(source, fmt)
    for result in auditor.audit_documents(documents):
        document = result.document
        for finding in result.findings:
            if finding.start is None:
                continue
            assert 0 <= finding.start <= finding.end <= len(document.text)
            assert finding.quote == document.text[finding.start:finding.end]
            line, column = document.source_map.position(finding.start)
            assert (finding.line, finding.column) == (line, column)


# --- JSONL -----------------------------------------------------------------------------------

@st.composite
def jsonl_file(draw: st.DrawFn) -> str:
    import json

    lines = []
    for number in range(draw(st.integers(1, 4))):
        record: dict[str, object] = {"id": f"a{number}"}
        if draw(st.booleans()):
            record["title"] = draw(sentence)
        if draw(st.booleans()):
            record["text"] = draw(st.one_of(plain_text(), st.text(min_size=1, max_size=200)))
        else:
            record["html"] = draw(html_page())
        lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
    return "\n".join(lines) + "\n"


@SETTINGS
@given(jsonl_file())
def test_jsonl_offsets_point_into_the_line(source: str) -> None:
    lines = source.split("\n")
    for item in load_source("input.jsonl", source.encode("utf-8"), "jsonl", rules_dir()):
        if not isinstance(item, Document):
            continue
        for block in item.blocks:
            assert 0 <= block.start <= block.end <= len(item.text)
        for index, char in enumerate(item.text):
            if char.isspace():
                continue
            line, column = item.source_map.position(index)
            raw = lines[line - 1]
            assert 1 <= column <= len(raw)
            found = raw[column - 1]
            # The character itself, the start of its JSON escape, or of an HTML entity.
            assert found == char or found in "\\&" or unicodedata.normalize(
                "NFKC", found)[:1] == unicodedata.normalize("NFKC", char)[:1], (
                index, char, raw[max(0, column - 10):column + 10])
