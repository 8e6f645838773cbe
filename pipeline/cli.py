"""The ``medlint`` command line.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 usage,
configuration, input or output errors (input errors are reported after everything else was
audited); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), with no report left half
written.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

import pipeline
from pipeline.config import Config, ConfigError, load_config
from pipeline.findings import Severity
from pipeline.names import shown
from pipeline.report.files import OutputError

if TYPE_CHECKING:
    from pipeline.audit import RunResult
    from pipeline.baseline import Baseline
    from pipeline.ingest import InputProblem
    from pipeline.report import Writer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so that partial reports are removed."""


def error_line(message: object) -> str:
    """``medlint: error: MESSAGE`` on one line, with names and reasons shown escaped (a file
    name holding a newline cannot start a line of its own, e.g. a GitHub workflow
    command)."""
    return f"medlint: error: {shown(str(message))}"


class MedlintGroup(click.Group):
    """Turns known errors into exit code 2 with a one-line message, Ctrl-C into 130 and
    SIGTERM into 143."""

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
@click.version_option(pipeline.__version__, prog_name="medlint")
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


def _config(config_path: str | None, **overrides: object) -> Config:
    base = load_config(Path(config_path) if config_path else None)
    return base.merged(**overrides)


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
              help="Report format, or several separated by commas (json,html,sarif...).")
@click.option("-o", "--output", help="File (or directory, for multi-page HTML) to write the "
              "report to; standard output when omitted.")
@click.option("--output-dir", help="Directory for several formats at once "
              "(medlint.json, medlint.sarif, html/...).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that makes the exit code 1.  [default: error]")
@click.option("--model", help="spaCy pipeline to use (an installed package name or a path).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: .medlint.toml or pyproject.toml, searched "
              "upward).")
@click.option("--target-grade", type=float, help="Readability target (US school grade).")
@click.option("--select", "enable", multiple=True, help="Only these rules (ids, prefixes "
              "such as ANAT-*, or categories); repeatable.")
@click.option("--ignore", "disable", multiple=True, help="Switch these rules off; repeatable.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
              help="Report only findings not recorded in this baseline file "
              "(see `medlint baseline create`).")
@click.option("--changed-since", metavar="REF",
              help="Audit only files that git says changed since REF (e.g. origin/main).")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes for NLP and checks.  [default: 1]")
@click.option("--article-timeout", type=click.FloatRange(min=0), metavar="SECONDS",
              help="CPU seconds one article may take; a longer one is reported as too "
              "complex to audit and the run goes on (0: no limit).  [default: 120]")
@click.option("--dask", "dask_local", is_flag=True,
              help="Run on a local Dask cluster of --jobs worker processes.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")
@click.option("--cache/--no-cache", "use_cache", default=None,
              help="Reuse results of unchanged articles (SQLite in the cache directory).  "
              "[default: cache]")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Cache directory (default: $MEDLINT_CACHE_DIR or ~/.cache/medlint).")
@click.option("--progress/--no-progress", default=True,
              help="Progress bar on standard error (only when it is a terminal).")
def audit(paths: tuple[str, ...], formats: str, output: str | None, output_dir: str | None,
          fail_on: str | None, model: str | None, config_path: str | None,
          target_grade: float | None, enable: tuple[str, ...], disable: tuple[str, ...],
          baseline_path: str | None, changed_since: str | None, jobs: int | None,
          article_timeout: float | None, dask_local: bool, scheduler: str | None,
          use_cache: bool | None, cache_dir: str | None, progress: bool) -> None:
    """Audit articles (files, directories, or - for standard input).

    Example: medlint audit corpus/articles --format html --output report/

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
    selected = _changed(paths, changed_since, config)
    if wanted == ["jsonl"] and baseline is None and not output_dir:
        _stream_jsonl(config, selected, output, progress)
    run = run_audit(config, selected, progress=progress)
    if baseline is not None:
        run = baseline.filter_run(run)
    failed = _write_reports(run, available, wanted, output, output_dir)
    _report_problems(run.problems)
    if run.problems or failed:
        sys.exit(EXIT_ERROR)
    if config.fail_on != "never" and run.findings_at_or_above(Severity.parse(config.fail_on)):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


def _write_reports(run: RunResult, available: dict[str, Writer], wanted: list[str],
                   output: str | None, output_dir: str | None) -> bool:
    """Render and write every format asked for; a format that cannot be written is named
    on standard error and the others are still written. True when any failed."""
    failed = False
    for fmt in wanted:
        writer = available[fmt]
        rendered = writer.render(run)
        if output_dir:
            target: str | None = str(Path(output_dir) / (
                fmt if not isinstance(rendered, str) else f"medlint.{writer.extension}"))
        else:
            target = output
        try:
            written = _write(rendered, target, fmt, writer.extension)
        except OutputError as exc:
            click.echo(error_line(f"{fmt} report not written: {exc}"), err=True)
            failed = True
            continue
        if written:
            where = written[0] if isinstance(rendered, str) else Path(str(target))
            click.echo(f"medlint: wrote {fmt} report to {shown(str(where))}", err=True)
    return failed


def _report_problems(problems: list[InputProblem]) -> None:
    for problem in problems:
        click.echo(error_line(f"{problem.source}: {problem.reason}"), err=True)


def _stream_jsonl(config: Config, paths: list[str], output: str | None,
                  progress: bool) -> None:
    """Stream JSON lines to a file or stdout; exits with the audit's exit code. An
    interrupted or failed run leaves no partial file behind."""
    from pipeline.report.files import open_report
    from pipeline.runner import stream_jsonl

    if output is None or output == "-":
        try:
            run = stream_jsonl(config, paths, sys.stdout, progress)
            sys.stdout.flush()
        except OSError as exc:
            _discard_stdout()
            raise OutputError(f"jsonl report not written: cannot write to standard output: "
                              f"{exc.strerror or exc}") from exc
    else:
        with open_report(Path(output)) as handle:
            run = stream_jsonl(config, paths, handle, progress)
        click.echo(f"medlint: wrote jsonl report to {shown(output)}", err=True)
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

    unknown = config.unknown_rule_selectors(KnowledgeBase().catalog)
    if unknown:
        where = f" in {config.source}" if config.source else ""
        raise ConfigError(f"unknown rule{'s' if len(unknown) > 1 else ''}{where}: "
                          f"{', '.join(unknown)}; see `medlint rules list`")


def _load_baseline(path: str | None) -> Baseline | None:
    from pipeline.baseline import Baseline, BaselineError

    if not path:
        return None
    try:
        return Baseline.load(Path(path))
    except BaselineError as exc:
        raise ConfigError(str(exc)) from exc


def _changed(paths: tuple[str, ...], ref: str | None, config: Config) -> list[str]:
    paths = tuple(p for p in paths if not config.excludes_file(p))
    if not ref:
        return list(paths)
    from pipeline.changes import ChangesError, select_changed

    try:
        selected = select_changed(paths, ref, config.include, config.exclude)
    except ChangesError as exc:
        raise ConfigError(f"--changed-since {ref}: {exc}") from exc
    click.echo(f"medlint: {len(selected)} file(s) changed since {ref}", err=True)
    return selected


@main.group("baseline")
def baseline_group() -> None:
    """Record today's findings so that later runs report only new ones."""


@baseline_group.command("create")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Baseline file to write (JSON; commit it).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: .medlint.toml or pyproject.toml, searched "
              "upward).")
@click.option("--model", help="spaCy pipeline to use.")
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


@rules.command("list")
@click.option("--category", help="Only rules of this category.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules_list(category: str | None, fmt: str) -> None:
    """List every rule: id, category, severity and what it finds.

    Example: medlint rules list --category anatomy
    """
    from pipeline.knowledge import KnowledgeBase

    catalog = KnowledgeBase().catalog
    selected = [r for r in catalog if category is None or r.category == category]
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(exclude={"examples"}) for r in selected], indent=2))
        return
    for rule in selected:
        click.echo(f"{rule.id:<24} {rule.category:<14} {rule.severity:<8} {rule.message}")


@rules.command("explain")
@click.argument("rule_id")
def rules_explain(rule_id: str) -> None:
    """Explain a rule: what it finds, why it matters, examples and sources.

    Example: medlint rules explain ANAT-LOCATION
    """
    from pipeline.knowledge import KnowledgeBase

    rule = KnowledgeBase().catalog.find(rule_id)
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r}; see `medlint rules list`")
    click.echo(f"{rule.id} ({rule.name})  category: {rule.category}  severity: {rule.severity}"
               + (f"  kind: {rule.kind}" if rule.kind else ""))
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


@main.command("eval")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--model", help="spaCy pipeline to use.")
@click.option("--details/--no-details", default=False,
              help="Also list every false positive and false negative.")
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


@main.command("report")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("-f", "--format", "formats", default="html", show_default=True,
              help="Format(s) to build, separated by commas.")
@click.option("-o", "--output", help="File or directory to write (stdout when omitted).")
@click.option("--output-dir", help="Directory for several formats at once.")
def report_command(results: str, formats: str, output: str | None,
                   output_dir: str | None) -> None:
    """Build reports from a streamed JSON-lines result file (``audit --format jsonl``).

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
    if _write_reports(run, available, wanted, output, output_dir):
        sys.exit(EXIT_ERROR)
