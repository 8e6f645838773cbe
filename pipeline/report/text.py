"""``text``: a terminal summary (rich), one line per finding, grouped by article.

Everything that comes from an input (file names, titles, quotes, reasons) is printed through
:func:`pipeline.names.shown` and rich's markup escape: no control character or escape
sequence from an article or a file name reaches the terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline.audit import RunResult
from pipeline.names import shown
from pipeline.report import Writer
from pipeline.report.json import summary

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _safe(text: str) -> str:
    """One line of printable text, with rich markup escaped."""
    return escape(shown(" ".join(text.split())))


def render(run: RunResult, color: bool = False, width: int = 100) -> str:
    """Render the run for a terminal; ``color`` adds ANSI styles."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=True)
    for article in run.articles:
        console.print(f"[bold]{escape(shown(article.document.source))}[/bold]"
                      + (f"  [dim]{_safe(article.document.title or '')}[/dim]"))
        if not article.findings:
            console.print("  [green]no findings[/green]")
        for f in article.findings:
            where = f"{f.line}:{f.column}" if f.line is not None else "-"
            label = f.severity.label
            kind = f" ({f.kind})" if f.kind else ""
            console.print(
                f"  {where:>7}  [{STYLE[label]}]{label:<7}[/{STYLE[label]}] "
                f"{f.rule:<22} {_safe(f.message)}{escape(kind)}"
            )
            if f.quote:
                quote = " ".join(f.quote.split())
                quote = quote if len(quote) <= 90 else quote[:87] + "..."
                console.print(f"  {'':>7}  [dim]» {_safe(quote)}[/dim]")
        console.print()
    for problem in run.problems:
        console.print(f"[bold red]error[/bold red] {escape(shown(problem.source))}: "
                      f"{_safe(problem.reason)}")
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


WRITER = Writer("text", "txt", render, "terminal summary")
