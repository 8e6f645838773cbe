"""``text``: a terminal summary (rich), one line per finding, grouped by article.

Everything that comes from an input (file names, titles, quotes, reasons) is printed through
:func:`pipeline.names.shown` and rich's markup escape: no control character or escape
sequence from an article or a file name reaches the terminal.

Columns (position, severity, rule id) are as wide as the longest value in the run, so a long
rule id never pushes its message out of line. Colours only when asked for (``--color``).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.audit import RunResult
from pipeline.findings import Severity
from pipeline.names import shown
from pipeline.report import Writer
from pipeline.report.json import summary

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MIN_RULE_WIDTH = 22


def _safe(text: str) -> str:
    """One line of printable text, with rich markup escaped."""
    return escape(shown(" ".join(text.split())))


def _console(buffer: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                   highlight=False, soft_wrap=True, color_system="standard" if color else None)


def render(run: RunResult, color: bool = False, width: int = 100, quiet: bool = False) -> str:
    """Render the run for a terminal; ``color`` adds ANSI styles; ``quiet`` leaves out
    articles without findings, the notes and the totals (findings and input errors stay)."""
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    findings = [f for a in run.articles for f in a.findings]
    rule_width = max([MIN_RULE_WIDTH, *(len(f.rule) for f in findings)])
    where_width = max([7, *(len(_where(f.line, f.column)) for f in findings)])
    for article in run.articles:
        if quiet and not article.findings:
            continue
        console.print(f"[bold]{escape(shown(article.document.label))}[/bold]"
                      + (f"  [dim]{_safe(article.document.title or '')}[/dim]"))
        if not article.findings:
            console.print("  [green]no findings[/green]")
        for f in article.findings:
            label = f.severity.label
            kind = f" ({f.kind})" if f.kind else ""
            console.print(
                f"  {_where(f.line, f.column):>{where_width}}  "
                f"[{STYLE[label]}]{label:<7}[/{STYLE[label]}] "
                f"{f.rule:<{rule_width}} {_safe(f.message)}{escape(kind)}"
            )
            if f.quote:
                quote = " ".join(f.quote.split())
                quote = quote if len(quote) <= 90 else quote[:87] + "..."
                console.print(f"  {'':>{where_width}}  [dim]» {_safe(quote)}[/dim]")
        console.print()
    for problem in run.problems:
        console.print(f"[bold red]error[/bold red] {escape(shown(problem.source))}: "
                      f"{_safe(problem.reason)}")
    if quiet:
        return buffer.getvalue()
    for note in run.notes:
        console.print(f"[dim]note:[/dim] {_safe(note)}")
    totals = summary(run)
    table = Table(show_header=True, header_style="bold", box=None)
    for column in ("articles", "findings", "errors", "warnings", "info", "input errors"):
        table.add_column(column, justify="right")
    sev = totals["by_severity"]
    table.add_row(str(totals["articles"]), str(totals["findings"]), str(sev["error"]),
                  str(sev["warning"]), str(sev["info"]), str(totals["input_errors"]))
    console.print(table)
    return buffer.getvalue()


def _where(line: int | None, column: int | None) -> str:
    return f"{line}:{column}" if line is not None else "-"


def render_statistics(run: RunResult, messages: Mapping[str, str] | None = None,
                      color: bool = False, width: int = 100) -> str:
    """Counts per rule, most frequent first (``--statistics``): count, rule id, severity and
    what the rule finds (``messages``: rule id -> the catalog's one-line message)."""
    counts: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    for article in run.articles:
        for f in article.findings:
            counts[f.rule] += 1
            severity[f.rule] = max(severity.get(f.rule, f.severity), f.severity)
    buffer = io.StringIO()
    console = _console(buffer, color, width)
    if not counts:
        console.print("no findings")
        return buffer.getvalue()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    count_width = max(5, len(str(ordered[0][1])))
    rule_width = max(len(rule) for rule in counts)
    console.print(f"[bold]{'count':>{count_width}}  {'rule':<{rule_width}}  severity "
                  f"what it finds[/bold]")
    for rule, count in ordered:
        label = severity[rule].label
        message = (messages or {}).get(rule, "")
        console.print(f"{count:>{count_width}}  {rule:<{rule_width}}  "
                      f"[{STYLE[label]}]{label:<8}[/{STYLE[label]}] {escape(message)}")
    console.print(f"{sum(counts.values()):>{count_width}}  in all, in "
                  f"{len(run.articles)} article{'' if len(run.articles) == 1 else 's'}")
    return buffer.getvalue()


def summary_line(run: RunResult) -> str:
    """One line of totals for the terminal when the report went to a file."""
    totals = summary(run)
    return counts_line(totals["articles"], totals["by_severity"], totals["input_errors"])


def counts_line(articles: int, by_severity: Mapping[str, int], input_errors: int) -> str:
    """``3 articles, 5 findings (1 error, 3 warnings, 1 info), 1 input error``."""
    findings = sum(by_severity.values())
    parts = [f"{by_severity.get('error', 0)} error{_s(by_severity.get('error', 0))}",
             f"{by_severity.get('warning', 0)} warning{_s(by_severity.get('warning', 0))}",
             f"{by_severity.get('info', 0)} info"]
    line = (f"{articles} article{_s(articles)}, {findings} finding{_s(findings)} "
            f"({', '.join(parts)})")
    if input_errors:
        line += f", {input_errors} input error{_s(input_errors)}"
    return line


def _s(n: int) -> str:
    return "" if n == 1 else "s"


WRITER = Writer("text", "txt", render, "terminal summary")
