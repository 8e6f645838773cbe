"""``markdown``: a short summary for a pull-request comment or the Actions job summary.

A totals table, then one collapsible section per article with a table of its findings.
Article text is escaped (``<``, ``>``, ``&``, ``|``, backticks, line breaks), so nothing in
an article becomes markup in the comment. The whole summary stays under GitHub's comment size
limit: long lists are cut with a note.
"""

from __future__ import annotations

from pipeline.audit import RunResult
from pipeline.findings import Finding
from pipeline.names import shown
from pipeline.report import Writer
from pipeline.report.json import summary

MAX_CHARS = 60_000
MAX_PER_ARTICLE = 50
ICONS = {"error": "\U0001f534", "warning": "\U0001f7e0", "info": "\U0001f535"}


def escape(text: str) -> str:
    """Text safe in a Markdown table cell (and as GitHub-flavoured HTML), on one line and
    without control characters (:func:`pipeline.names.shown`)."""
    text = shown(" ".join(text.split()))
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "&#124;"),
                         ("`", "&#96;"), ("[", "&#91;"), ("]", "&#93;"), ("*", "&#42;"),
                         ("_", "&#95;"), ("@", "&#64;")):
        text = text.replace(char, entity)
    return text


def _row(f: Finding) -> str:
    where = str(f.line) if f.line is not None else "—"
    quote = f.quote or ""
    if len(quote) > 100:
        quote = quote[:99] + "…"
    what = escape(f.message)
    if f.kind:
        what += f" ({escape(f.kind)})"
    if f.suggestion:
        what += f"<br>*Suggestion:* {escape(f.suggestion)}"
    return (f"| {where} | {ICONS[f.severity.label]} {f.severity.label} | `{f.rule}` | {what} "
            f"| {escape(quote)} |")


def render(run: RunResult) -> str:
    """The summary as GitHub-flavoured Markdown."""
    totals = summary(run)
    sev = totals["by_severity"]
    out = ["## medlint report", ""]
    out.append(f"**{totals['articles']}** articles audited · **{totals['findings']}** findings: "
               f"{sev['error']} errors, {sev['warning']} warnings, {sev['info']} info"
               + (f" · **{totals['input_errors']}** inputs could not be audited"
                  if totals["input_errors"] else ""))
    out.append("")
    if totals["by_category"]:
        out += ["| category | findings |", "| --- | ---: |"]
        out += [f"| {escape(c)} | {n} |" for c, n in totals["by_category"].items()]
        out.append("")
    for note in run.notes:
        out.append(f"> {escape(note)}")
    if run.notes:
        out.append("")
    if run.problems:
        out.append("### Inputs that could not be audited")
        out.append("")
        out += [f"- `{escape(p.source)}`: {escape(p.reason)}" for p in run.problems]
        out.append("")
    body: list[str] = []
    cut = False
    for article in run.articles:
        if not article.findings:
            continue
        counts = article.counts()
        section = [
            "<details>",
            f"<summary><b>{escape(article.document.source)}</b> — {counts['error']} errors, "
            f"{counts['warning']} warnings, {counts['info']} info</summary>",
            "",
            "| line | severity | rule | finding | quote |",
            "| ---: | --- | --- | --- | --- |",
        ]
        section += [_row(f) for f in article.findings[:MAX_PER_ARTICLE]]
        if len(article.findings) > MAX_PER_ARTICLE:
            section.append(f"| | | | … and {len(article.findings) - MAX_PER_ARTICLE} more | |")
        section += ["", "</details>", ""]
        if sum(len(line) + 1 for line in out + body + section) > MAX_CHARS:
            cut = True
            break
        body += section
    out += body
    if cut:
        out.append("*The list was cut to fit a comment; see the full HTML or JSON report.*")
        out.append("")
    if not totals["findings"] and not run.problems:
        out.append("No findings. \u2705")
        out.append("")
    return "\n".join(out) + "\n"


WRITER = Writer("markdown", "md", render, "summary for a pull-request comment or job summary")
