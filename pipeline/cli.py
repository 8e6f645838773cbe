"""The ``medlint`` command line.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it; 2 usage,
configuration or input errors (reported after everything else was audited).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

import click

import pipeline
from pipeline.config import Config, ConfigError, load_config
from pipeline.findings import Severity

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class MedlintGroup(click.Group):
    """Turns known errors into exit code 2 with a one-line message."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; configuration and knowledge errors exit with code 2."""
        from pipeline.knowledge.loader import KnowledgeError
        from pipeline.nlp.model import ModelError

        try:
            return super().invoke(ctx)
        except (ConfigError, KnowledgeError, ModelError) as exc:
            click.echo(f"medlint: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=MedlintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(pipeline.__version__, prog_name="medlint")
def main() -> None:
    """Medlint audits consumer health articles like a careful medical editor.

    It reports anatomy errors, contradictory or impossible instructions, missing safety
    information, unsafe advice and readability problems, each with the exact words, an
    explanation and a suggested fix.

    Example: medlint audit articles/ --format html --output report/
    """


def _config(config_path: str | None, **overrides: object) -> Config:
    base = load_config(Path(config_path) if config_path else None)
    return base.merged(**overrides)


def _write(rendered: str | Mapping[str, str], output: str | None, fmt: str,
           extension: str) -> list[Path]:
    from pipeline.report.files import write_atomic

    if output is None:
        if isinstance(rendered, str):
            click.echo(rendered, nl=False)
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
def audit(paths: tuple[str, ...], formats: str, output: str | None, output_dir: str | None,
          fail_on: str | None, model: str | None, config_path: str | None,
          target_grade: float | None, enable: tuple[str, ...], disable: tuple[str, ...]) -> None:
    """Audit articles (files, directories, or - for standard input).

    Example: medlint audit corpus/articles --format html --output report/
    """
    from pipeline.audit import Auditor
    from pipeline.report import writers

    config = _config(config_path, model=model, fail_on=fail_on, target_grade=target_grade,
                     enable=list(enable) or None, disable=list(disable) or None)
    available = writers()
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in available]
    if unknown:
        raise click.UsageError(
            f"unknown format {', '.join(unknown)}; choose from {', '.join(available)}")
    if len(wanted) > 1 and not output_dir:
        raise click.UsageError("several formats need --output-dir DIR")
    run = Auditor(config).audit_paths(paths)
    for fmt in wanted:
        writer = available[fmt]
        rendered = writer.render(run)
        if output_dir:
            target = str(Path(output_dir) / (fmt if not isinstance(rendered, str)
                                             else f"medlint.{writer.extension}"))
            written = _write(rendered, target, fmt, writer.extension)
        else:
            written = _write(rendered, output, fmt, writer.extension)
        for path in written[:1]:
            where = path if len(written) == 1 else path.parent
            click.echo(f"medlint: wrote {fmt} report to {where}", err=True)
    for problem in run.problems:
        click.echo(f"medlint: error: {problem.source}: {problem.reason}", err=True)
    if run.problems:
        sys.exit(EXIT_ERROR)
    if config.fail_on != "never" and run.findings_at_or_above(Severity.parse(config.fail_on)):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


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
        click.echo(f"medlint: gold error: {error}", err=True)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
