"""Numbered and bulleted lists keep which they are, from every format to every report."""

from __future__ import annotations

import io
import json

import pytest

from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir

HTML = (b"<html><body><article><h1>Knee care</h1><p>Start gently with these steps, and stop if "
        b"it hurts at any point.</p><ol><li>Sit on a chair.</li><li>Straighten one knee.</li>"
        b"</ol><p>Things to bring along to the class with you.</p><ul><li>Water.</li>"
        b"<li>A towel.</li></ul></article></body></html>")
LISTS = b"Start gently.\n\n1. Sit on a chair.\n2. Straighten one knee.\n\n- Water.\n- A towel.\n"
MARKDOWN = b"# Knee care\n\n" + LISTS
TEXT = b"Knee care\n\n" + LISTS


@pytest.mark.parametrize(("name", "data", "fmt"), [("a.html", HTML, "html"),
                                                    ("a.md", MARKDOWN, "markdown"),
                                                    ("a.txt", TEXT, "text")])
def test_list_items_know_whether_they_are_numbered(name, data, fmt):
    document = next(load_source(name, data, fmt, rules_dir()))
    items = [(document.text[b.start:b.end].lstrip("-0123456789. "), b.ordered)
             for b in document.blocks if b.kind == "list_item"]
    assert items == [("Sit on a chair.", True), ("Straighten one knee.", True),
                     ("Water.", False), ("A towel.", False)]


def test_numbered_items_survive_json_and_jsonl_reports(auditor):
    from pipeline.audit import RunResult
    from pipeline.report.jsonl import read_run, render

    document = next(load_source("a.md", MARKDOWN, "markdown", rules_dir()))
    result = next(iter(auditor.audit_documents([document])))
    blocks = result.to_dict()["blocks"]
    assert [b.get("ordered", False) for b in blocks if b["kind"] == "list_item"] == [
        True, True, False, False]
    assert "ordered" not in blocks[0]  # only numbered items carry the key
    run = RunResult([result], [], auditor.run_metadata())  # what medlint report checks
    back = read_run(io.StringIO(render(run)))
    assert [b.ordered for b in back.articles[0].document.blocks] == [
        b.ordered for b in document.blocks]
    json.dumps(blocks)


def test_the_html_report_renders_lists_as_lists(auditor):
    from pipeline.audit import RunResult
    from pipeline.report.html import render

    document = next(load_source("a.md", MARKDOWN, "markdown", rules_dir()))
    page = render(RunResult(list(auditor.audit_documents([document])), [], {}))
    assert isinstance(page, str)
    assert '<ol class="list">' in page and '<ul class="list">' in page
    start = page.index('<ol class="list">')
    assert start < page.index("Sit on a chair") < page.index("</ol>", start)
    text = next(load_source("a.txt", TEXT, "text", rules_dir()))
    page = render(RunResult(list(auditor.audit_documents([text])), [], {}))
    assert '<ol class="list marked">' in page and '<ul class="list marked">' in page
