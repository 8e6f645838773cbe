"""``github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`` shows the finding
on the pull request's diff. Levels: error -> ``error``, warning -> ``warning``, info ->
``notice``. Values are escaped as the runner expects (``%``, CR, LF, and in properties ``:``
and ``,``), so article text can never start a command of its own.
"""

from __future__ import annotations

from pipeline.audit import RunResult
from pipeline.findings import Finding, Severity
from pipeline.names import shown
from pipeline.report import Writer

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (line breaks stay line breaks of the annotation; other
    control characters are shown escaped, so none reaches the log raw)."""
    value = "".join(ch if ch in "\r\n" else shown(ch) for ch in value)
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (file, title)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, source: str) -> str:
    """One workflow command for one finding."""
    props = [f"file={escape_property(shown(source))}"]
    if f.line is not None:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
        if f.end_line is not None and f.end_column is not None:
            props.append(f"endLine={f.end_line}")
            props.append(f"endColumn={f.end_column}")
    else:
        props.append("line=1")
    title = f"medlint {f.rule}" + (f" ({f.kind})" if f.kind else "")
    props.append(f"title={escape_property(title)}")
    message = f.message
    if f.quote:
        quote = " ".join(f.quote.split())
        message += f"\n\u201c{quote[:200]}\u201d"
    if f.suggestion:
        message += f"\nSuggestion: {f.suggestion}"
    return f"::{COMMANDS[f.severity]} {','.join(props)}::{escape_data(message)}"


def render(run: RunResult) -> str:
    """Every finding and input problem as a workflow command line."""
    lines = []
    for article in run.articles:
        for f in article.findings:
            lines.append(annotation(f, article.document.source))
    for p in run.problems:
        lines.append(f"::error file={escape_property(shown(p.source))},"
                     f"title=medlint input error::{escape_data(shown(p.reason))}")
    return "".join(line + "\n" for line in lines)


WRITER = Writer("github", "github.txt", render, "GitHub Actions annotations (workflow commands)")
