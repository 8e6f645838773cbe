"""Inline ``medlint-disable`` comments in Markdown and HTML."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir

LONG = ("This sentence is deliberately far too long for a lay reader because it keeps adding "
        "clause after clause about stretching the muscles of the upper back and shoulders "
        "without ever stopping for breath or giving the reader a rest.")


def load(source: str, fmt: str, name: str) -> Document:
    item = next(iter(load_source(name, source.encode(), fmt, rules_dir())))
    assert isinstance(item, Document), item
    return item


def covered(doc: Document, rule: str, needle: str) -> bool:
    start = doc.text.index(needle)
    end = start + len(needle)
    return any(s.covers(rule, start, end) for s in doc.suppressions)


def test_markdown_ranges_next_line_and_all() -> None:
    source = (
        "# Title\n\nFirst paragraph is checked.\n\n"
        "<!-- medlint-disable READ-SENTENCE-LENGTH, ANAT-* -->\n\n"
        "Second paragraph is not.\n\n"
        "<!-- medlint-enable -->\n\n"
        "Third paragraph is checked.\n\n"
        "<!-- medlint-disable-next-line READ-GRADE -->\n"
        "Fourth paragraph is not.\n\n"
        "Fifth paragraph is checked.\n\n"
        "<!-- medlint-disable -->\n\n"
        "Sixth and everything after is off.\n\n"
        "```\n<!-- medlint-enable -->\n```\n\n"
        "Seventh is still off.\n"
    )
    doc = load(source, "markdown", "a.md")
    assert not covered(doc, "READ-SENTENCE-LENGTH", "First paragraph")
    assert covered(doc, "READ-SENTENCE-LENGTH", "Second paragraph")
    assert covered(doc, "ANAT-LOCATION", "Second paragraph")
    assert not covered(doc, "READ-GRADE", "Second paragraph")
    assert not covered(doc, "READ-SENTENCE-LENGTH", "Third paragraph")
    assert covered(doc, "READ-GRADE", "Fourth paragraph")
    assert not covered(doc, "READ-SENTENCE-LENGTH", "Fourth paragraph")
    assert not covered(doc, "READ-GRADE", "Fifth paragraph")
    assert covered(doc, "ANY-RULE", "Sixth and everything")
    assert covered(doc, "ANY-RULE", "Seventh is still off")


def test_enable_with_rules_ends_only_those() -> None:
    source = ("<!-- medlint-disable RULE-A,RULE-B -->\n\nOne.\n\n"
              "<!-- medlint-enable RULE-A -->\n\nTwo.\n")
    doc = load(source, "markdown", "a.md")
    assert covered(doc, "RULE-A", "One.") and covered(doc, "RULE-B", "One.")
    assert not covered(doc, "RULE-A", "Two.") and covered(doc, "RULE-B", "Two.")


def test_html_comments() -> None:
    source = ("<html><body><article><h1>Neck care</h1><p>Checked paragraph here.</p>"
              "<!-- medlint-disable-next-line READ-SENTENCE-LENGTH -->"
              "<p>Suppressed paragraph here.</p><p>Checked again here.</p>"
              "</article></body></html>")
    doc = load(source, "html", "a.html")
    assert covered(doc, "READ-SENTENCE-LENGTH", "Suppressed paragraph")
    assert not covered(doc, "READ-SENTENCE-LENGTH", "Checked paragraph")
    assert not covered(doc, "READ-SENTENCE-LENGTH", "Checked again")


def test_audit_drops_suppressed_findings(auditor, tmp_path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text(f"# Back care\n\n{LONG}\n", encoding="utf-8")
    quiet = tmp_path / "quiet.md"
    quiet.write_text(f"# Back care\n\n<!-- medlint-disable-next-line READ-SENTENCE-LENGTH -->\n"
                     f"{LONG}\n", encoding="utf-8")
    run = auditor.audit_paths([str(plain), str(quiet)])
    rules = {a.document.source: {f.rule for f in a.findings} for a in run.articles}
    assert "READ-SENTENCE-LENGTH" in rules[str(plain)]
    assert "READ-SENTENCE-LENGTH" not in rules[str(quiet)]
