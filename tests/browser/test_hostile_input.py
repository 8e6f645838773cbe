"""Hostile input: nothing from an article ever executes or loads in the HTML report.

Article HTML, Markdown and plain text full of <script>, event handlers, javascript: links,
<iframe>, <style>, SVG with script and text that merely looks like HTML go through the real
pipeline (ingest, NLP, checks) into the HTML report, which a headless Chromium opens from
file://. The page must load, open no dialog, send no request, and show the text as text. A
second test puts the same payloads into every field a finding, document or input error has.
"""

from __future__ import annotations

import pytest

from pipeline.audit import ArticleResult, RunResult
from pipeline.findings import Finding, RelatedSpan, Severity
from pipeline.ingest import InputProblem
from pipeline.report.html import render
from tests.browser.conftest import write_pages
from tests.report_samples import build_document, span_finding

BEACON = "http://127.0.0.1:9/"  # nothing listens; a request would still be recorded

PAYLOADS = [
    "<script>alert('script')</script>",
    f"<img src=\"{BEACON}img.png\" onerror=\"alert('onerror')\">",
    "<a href=\"javascript:alert('link')\">click me</a>",
    f"<iframe src=\"{BEACON}frame.html\" onload=\"alert('iframe')\"></iframe>",
    "<style>body { display: none } * { background: url(" + BEACON + "css.png) }</style>",
    "<svg><script>alert('svg')</script></svg>",
    "<svg onload=\"alert('svg-onload')\"><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    f"<link rel=\"stylesheet\" href=\"{BEACON}x.css\">"
    f"<meta http-equiv=\"refresh\" content=\"0;url={BEACON}\">",
    f"<object data=\"{BEACON}o.swf\"></object><embed src=\"{BEACON}e.swf\">",
    "<details open ontoggle=\"alert('toggle')\">x</details><body onload=\"alert('body')\">",
    "\"><script>alert('attr-break')</script><x y='",
    "{{ 7*7 }} {% raw %}${alert(1)}{% endraw %}",
]

HTML_ARTICLE = f"""<!DOCTYPE html>
<html><head><title>Neck pain &lt;script&gt;alert('title')&lt;/script&gt;</title>
<script>alert('head')</script>
<style>p {{ color: red }}</style>
<meta http-equiv="refresh" content="0;url={BEACON}refresh">
</head>
<body onload="alert('body')">
<article>
<h1>Neck pain relief <img src=x onerror="alert('h1')"></h1>
<p>Gently tilt your head to one side and hold for ten seconds. Stop if it hurts.</p>
<script>alert('body-script')</script>
<p>Some writers say &lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;alert('entity')&lt;/script&gt;
are just text, and 1 &lt; 2 &gt; 0 is maths. <a href="javascript:alert('link')">Read more</a>.</p>
<iframe src="{BEACON}frame"></iframe>
<svg width="10" height="10"><script>alert('svg')</script><circle r="5" onclick="alert(1)"/></svg>
<p>Push through the pain until it stops <img src="{BEACON}pixel.gif" onerror="alert('img')">
and bounce into each stretch.</p>
<p style="background:url({BEACON}bg.png)">See a doctor if the pain lasts more than a week.</p>
</article>
</body></html>
"""

TEXT_ARTICLE = ("Back pain <script>alert('title')</script>\n\n"
                + "\n\n".join(f"Paragraph {n}: {p} Stop if it hurts." for n, p in
                              enumerate(PAYLOADS)) + "\n")

MARKDOWN_ARTICLE = ("# Knee pain <img src=x onerror=alert('md-title')>\n\n"
                    "Rest the knee. <script>alert('md')</script>\n\n"
                    f"[click](javascript:alert('md-link')) ![img]({BEACON}md.png)\n\n"
                    "<iframe src=\"" + BEACON + "md-frame\"></iframe>\n\n"
                    "Text that looks like HTML: `<b>` and &lt;i&gt;.\n")


def _assert_inert(watched) -> None:
    page = watched.page
    watched.assert_clean()
    assert page.locator("iframe, object, embed, link, img, video, audio, base").count() == 0
    assert page.locator("script").count() == 1  # the report's own
    assert page.locator("style").count() == 1
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    handlers = page.evaluate("""() => Array.from(document.querySelectorAll('*')).flatMap(
        el => Array.from(el.attributes).filter(a => a.name.startsWith('on'))
                  .map(a => el.tagName + ' ' + a.name))""")
    assert handlers == []
    bad_links = page.evaluate("""() => Array.from(document.querySelectorAll('[href],[src]'))
        .map(el => el.getAttribute('href') || el.getAttribute('src'))
        .filter(v => !/^(#|\\.\\.\\/|articles\\/|https?:\\/\\/)/.test(v))""")
    assert bad_links == []
    assert page.evaluate("getComputedStyle(document.body).display") != "none"


@pytest.fixture(scope="module")
def hostile_report(auditor, tmp_path_factory):
    source = tmp_path_factory.mktemp("hostile-src")
    (source / "hostile.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (source / "hostile.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (source / "hostile.md").write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    (source / "<img src=x onerror=alert('name')>.txt").write_text(
        "A file whose name is markup.\n\nRest and stop if it hurts.\n", encoding="utf-8")
    run = auditor.audit_paths([str(source)])
    assert len(run.articles) == 4, run.problems
    out = tmp_path_factory.mktemp("hostile-report")
    write_pages(render(run), out)
    return out, run


def test_real_pipeline_report_is_inert(watched, hostile_report):
    out, _run = hostile_report
    watched.open(out / "index.html")
    _assert_inert(watched)
    assert "<img src=x onerror=alert('name')>" in watched.page.inner_text("#articles")
    for page_file in sorted((out / "articles").glob("*.html")):
        watched.open(page_file)
        _assert_inert(watched)
        for mark in watched.page.locator("mark").all()[:20]:
            mark.click()
        for link in watched.page.locator("a.jump").all()[:20]:
            link.click()
        watched.assert_clean()


def test_text_that_looks_like_html_is_shown_as_text(watched, hostile_report):
    out, run = hostile_report
    by_id = {a.document.format: a for a in run.articles if a.id.startswith("hostile")}
    text_page = next(p for p in (out / "articles").glob("hostile*.html")
                     if "Paragraph 0" in p.read_text(encoding="utf-8"))
    watched.open(text_page)
    shown = watched.page.inner_text("article.text")
    assert "<script>alert('script')</script>" in shown
    assert "<a href=\"javascript:alert('link')\">click me</a>" in shown
    assert "<svg><script>alert('svg')</script></svg>" in shown
    assert "{{ 7*7 }}" in shown
    _assert_inert(watched)
    html_doc = by_id["html"].document
    assert "<b>bold</b>" in html_doc.text  # the entities decode to text...
    html_page = next(p for p in (out / "articles").glob("hostile*.html")
                     if "bold" in p.read_text(encoding="utf-8")
                     and "Paragraph 0" not in p.read_text(encoding="utf-8"))
    watched.open(html_page)
    shown = watched.page.inner_text("article.text")
    assert "<b>bold</b>" in shown  # ...and the report shows them as text, not bold
    assert watched.page.locator("article.text b").count() == 0
    assert "alert('body-script')" not in shown  # script elements are not article text
    _assert_inert(watched)


def test_every_field_escaped(watched, tmp_path):
    payload = " ".join(PAYLOADS)
    document = build_document(title=f"Title {PAYLOADS[0]}",
                              paras=[f"Intro {payload} end.", "Lie face down and relax."],
                              source=f"dir/{PAYLOADS[1]}.txt", id=PAYLOADS[2])
    document.metadata = {"author": PAYLOADS[3], "date": PAYLOADS[4]}
    quote = PAYLOADS[5]
    finding = span_finding(document, "ANAT-REGION", "anatomy", quote, Severity.ERROR,
                           related="Lie face down", message=f"msg {PAYLOADS[6]}",
                           explanation=f"why {PAYLOADS[7]}", suggestion=f"say {PAYLOADS[8]}")
    related = finding.related[0]
    finding = finding.with_changes(
        references=("javascript:alert('ref')", f"{BEACON}ref", PAYLOADS[9]),
        related=(RelatedSpan(related.start, related.end, related.quote, related.line,
                             related.column, PAYLOADS[10]),))
    whole = Finding(rule="SAFETY-RED-FLAGS", category="safety", severity=Severity.WARNING,
                    kind="red-flags", message=PAYLOADS[0], explanation=PAYLOADS[1],
                    suggestion=PAYLOADS[2])
    article = ArticleResult(document, [whole, finding],
                            {"readability": {"grade": 7.0, "words": 10}})
    run = RunResult([article, ArticleResult(build_document(id="second"), [], {})],
                    [InputProblem(PAYLOADS[3], PAYLOADS[4], "binary")],
                    {"medlint_version": PAYLOADS[0], "rules_version": PAYLOADS[1]},
                    notes=[PAYLOADS[5]])
    out = write_pages(render(run), tmp_path)
    watched.open(out)
    _assert_inert(watched)
    assert PAYLOADS[3] in watched.page.inner_text(".problems")
    for page_file in sorted((tmp_path / "articles").glob("*.html")):
        watched.open(page_file)
        _assert_inert(watched)
    first = next(p for p in (tmp_path / "articles").glob("*.html")
                 if "Intro" in p.read_text(encoding="utf-8"))
    watched.open(first)
    page = watched.page
    assert PAYLOADS[0] in page.inner_text("h1.page-title")
    assert PAYLOADS[6] in page.inner_text("aside")
    assert "javascript:alert('ref')" in page.inner_text("aside")
    # Only the plain http(s) reference becomes a link, and it is not followed by itself.
    assert page.locator("aside a[href^=http]").count() == 1
    for link in page.locator("a.jump, a.jump-related").all():
        link.click()
    _assert_inert(watched)
