"""The command line as a new user meets it (issue 17): standard input in any format, one
report of each input problem, totals after writing files, JSONL articles named by line and
id, --quiet, --color, --statistics, `medlint config`, `rules list` and "did you mean"."""

from __future__ import annotations

import json
import re

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG = ("When you sit at a desk for many hours every single day you should stand up and walk "
        "around the room for a few minutes at least once every half hour to ease your back.")
HTML_PAGE = f"""<!DOCTYPE html>
<html><head><title>Desk breaks</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Desk breaks</h1>
<p>{LONG}</p>
<p>Short walks help. Drink some water while you are up.</p>
<ul><li>Stand up every half hour.</li><li>Walk for a few minutes.</li></ul>
</article><footer>Share this page</footer></body></html>
"""
MARKDOWN = f"""---
title: Breaks from the desk
author: A. Writer
---

Stand up often.

{LONG}
"""


@pytest.fixture
def cli(nlp, knowledge, monkeypatch, tmp_path):
    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    monkeypatch.setattr("pipeline.audit.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.setattr("pipeline.knowledge.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / ".medlint.toml").write_text('enable = ["READ-SENTENCE-LENGTH"]\n',
                                            encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(f"Back pain\n\n{LONG}\n", encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text("Neck pain\n\nRest a little.\n", encoding="utf-8")
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, env: dict | None = None):
        return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


# --- standard input -----------------------------------------------------------------------

def _only_article(result) -> dict:
    data = json.loads(result.stdout)
    (article,) = data["articles"]
    return article


@pytest.mark.parametrize("name", [None, "page.html"])
def test_html_on_standard_input_is_read_as_html(cli, name):
    args = ["audit", "-", "--format", "json", "--select", "ALL"]
    if name:
        args += ["--stdin-filename", name]
    result = cli(*args, input=HTML_PAGE)
    assert result.exit_code in (0, 1), result.output
    article = _only_article(result)
    assert article["format"] == "html"
    assert article["source"] == (name or "<stdin>")
    assert "<" not in article["text"] and "Home" not in article["text"]
    assert not [f for f in article["findings"] if "<" in (f["quote"] or "")]
    assert [b["kind"] for b in article["blocks"]].count("list_item") == 2


def test_markdown_front_matter_on_standard_input(cli):
    for args in ([], ["--stdin-filename", "breaks.md"]):
        result = cli("audit", "-", "--format", "json", *args, input=MARKDOWN)
        article = _only_article(result)
        assert article["format"] == "markdown"
        assert article["title"] == "Breaks from the desk"
        assert article["metadata"]["author"] == "A. Writer"
        assert "author" not in article["text"]
    assert _only_article(result)["id"] == "breaks"


def test_the_stdin_filename_extension_wins_over_the_content(cli):
    result = cli("audit", "-", "--format", "json", "--stdin-filename", "notes.txt",
                 input="# Not a heading here\n\nJust text.\n")
    assert _only_article(result)["format"] == "text"


def test_jsonl_on_standard_input(cli):
    lines = "\n".join(json.dumps({"id": f"art-{n}", "title": "Walking", "text": LONG})
                      for n in (1, 2)) + "\n"
    result = cli("audit", "-", "--format", "json", input=lines)
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["art-1", "art-2"]


def test_sniffing_leaves_plain_text_alone():
    from pipeline.ingest.sniff import sniff_format

    assert sniff_format(b"Neck pain\n\n- Rest.\n- Move gently. Use a <5 kg weight.\n") == "text"
    assert sniff_format(b"<p>One</p><p>Two</p><p>Three</p>") == "html"
    assert sniff_format(b"Title\n=====\n\nText.\n") == "markdown"
    assert sniff_format(b'{"id": 1, "text": "x"}\n') == "jsonl"
    assert sniff_format(b"{not json}\n") == "text"


# --- what the terminal shows ----------------------------------------------------------------

def test_a_missing_path_is_reported_once(cli):
    result = cli("audit", "docs/a.txt", "absent.txt")
    assert result.exit_code == 2
    assert (result.stdout + result.stderr).count("absent.txt") == 1
    assert "absent.txt: no such file or directory" in result.stdout
    # a machine-readable report on stdout: the person at the terminal is told on stderr
    result = cli("audit", "docs/a.txt", "absent.txt", "--format", "json")
    assert result.stderr.count("absent.txt") == 1
    assert json.loads(result.stdout)["errors"][0]["source"] == "absent.txt"


def test_totals_are_printed_when_reports_go_to_files(cli, tmp_path):
    result = cli("audit", "docs", "--format", "html", "--output", "report")
    assert result.exit_code == 0
    assert "medlint: 2 articles, 1 finding (0 errors, 0 warnings, 1 info)" in result.stderr
    result = cli("audit", "docs", "absent.txt", "--format", "json,sarif", "--output-dir", "out")
    assert ("medlint: 2 articles, 1 finding (0 errors, 0 warnings, 1 info), 1 input error"
            in result.stderr)
    result = cli("audit", "docs", "--format", "jsonl", "--output", "run.jsonl")
    assert "medlint: 2 articles, 1 finding (0 errors, 0 warnings, 1 info)" in result.stderr
    assert not result.stdout


def test_jsonl_articles_are_named_by_line_and_id(cli, tmp_path):
    lines = [json.dumps({"id": "knee-pain", "title": "Knee", "text": LONG}),
             "",
             json.dumps({"title": "Hip", "text": LONG})]
    (tmp_path / "archive.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("audit", "archive.jsonl")
    assert "archive.jsonl:1 (knee-pain)  Knee" in result.stdout
    assert "archive.jsonl:3 (archive-3)  Hip" in result.stdout


def test_quiet_prints_findings_and_errors_only(cli):
    result = cli("audit", "docs", "absent.txt", "--quiet")
    assert result.exit_code == 2
    out = result.stdout
    assert "READ-SENTENCE-LENGTH" in out and "absent.txt" in out
    assert "b.txt" not in out  # no findings: not listed
    assert "note:" not in out and "articles" not in out  # no notes, no totals
    result = cli("audit", "docs", "--quiet", "--format", "html", "--output", "report")
    assert result.stdout == "" and result.stderr == ""


def test_color(cli, monkeypatch):
    never = cli("audit", "docs/a.txt", "--color", "never")
    assert not ANSI.search(never.stdout)
    always = cli("audit", "docs/a.txt", "--color", "always")
    assert ANSI.search(always.stdout)
    assert ANSI.sub("", always.stdout) == never.stdout
    # auto: not a terminal here, so no colour ...
    assert not ANSI.search(cli("audit", "docs/a.txt").stdout)
    # ... on a terminal, colour unless NO_COLOR is set (https://no-color.org)
    monkeypatch.setattr("pipeline.cli._stdout_is_terminal", lambda: True)
    assert ANSI.search(cli("audit", "docs/a.txt").stdout)
    assert not ANSI.search(cli("audit", "docs/a.txt", env={"NO_COLOR": "1"}).stdout)
    assert ANSI.search(cli("audit", "docs/a.txt", "--color", "always",
                           env={"NO_COLOR": "1"}).stdout)


def test_statistics_count_findings_per_rule(cli):
    result = cli("audit", "docs", "--statistics")
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["count", "rule", "severity", "what", "it", "finds"]
    assert lines[1].split()[:3] == ["1", "READ-SENTENCE-LENGTH", "info"]
    assert "This sentence is long for lay readers." in lines[1]
    assert lines[-1].split()[:1] == ["1"] and "2 articles" in lines[-1]
    assert "»" not in result.stdout  # counts instead of the findings


def test_statistics_with_a_report_file(cli, tmp_path):
    result = cli("audit", "docs", "--statistics", "--format", "json", "--output", "r.json")
    assert "READ-SENTENCE-LENGTH" in result.stdout
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["findings"] == 1


def test_columns_stay_aligned_for_long_rule_ids():
    from pipeline.audit import ArticleResult, RunResult
    from pipeline.findings import Finding, Severity
    from pipeline.report.text import render
    from tests.report_samples import build_document

    document = build_document("Neck", ["Rest the neck. Move it gently every day."])
    findings = [Finding(rule=rule, category="safety", severity=Severity.INFO, message="M.",
                        start=6, end=10, line=3, column=1, quote="Rest")
                for rule in ("SAFETY-STOP-IF-PAIN-WEAK-AND-LONGER", "CRED-MISSING")]
    run = RunResult([ArticleResult(document, findings)], [], {})
    lines = [line for line in render(run).splitlines() if "M." in line]
    assert len({line.index("M.") for line in lines}) == 1, lines


def test_progress_shows_the_total_and_the_time_left(tmp_path):
    import io

    from rich.console import Console

    from pipeline.ingest import count_inputs
    from pipeline.runner import progress_bar

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n', encoding="utf-8")
    assert count_inputs([str(tmp_path), str(tmp_path / "missing.txt")]) == 5
    assert count_inputs(["-"]) is None
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120)
    with progress_bar(True, total=5, console=console) as advance:
        advance("a.txt")
        advance("b.md")
    shown = ANSI.sub("", buffer.getvalue())
    assert "2/5" in shown and "left" in shown
    assert re.search(r"\d+:\d\d:\d\d left", shown) or "-:--:-- left" in shown


# --- configuration and rules ------------------------------------------------------------------

def test_config_command_shows_values_and_where_they_came_from(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('[tool.medlint]\nfail-on = "warning"\n'
                                            '[tool.medlint.languagetool]\nnote = false\n',
                                            encoding="utf-8")
    result = cli("config", env={"MEDLINT_LANGUAGETOOL_URL": "http://localhost:8010"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    source = str(tmp_path / ".medlint.toml")
    assert f"file: {source}" in out.splitlines()[0]
    assert re.search(r'^fail-on = "warning"\s+# ' + re.escape(source) + "$", out, re.M)
    assert re.search(r'^target-grade = 8.0\s+# default$', out, re.M)
    assert re.search(r'^url = "http://localhost:8010"\s+# MEDLINT_LANGUAGETOOL_URL$', out, re.M)
    assert re.search(r"^note = false\s+# " + re.escape(source) + "$", out, re.M)
    assert re.search(r"^# baseline is not set\s+# default$", out, re.M)
    data = json.loads(cli("config", "--format", "json").stdout)
    assert data["settings"]["fail-on"] == {"value": "warning", "from": source}


def test_config_command_output_is_a_valid_configuration(cli, tmp_path):
    import tomllib

    from pipeline.config import config_from_table

    out = cli("config").stdout
    table = tomllib.loads(out)["tool"]["medlint"]
    assert config_from_table(table).enable == ("READ-SENTENCE-LENGTH",)


def test_rules_list_shows_rules_that_are_off_by_default(cli, knowledge):
    result = cli("rules", "list")
    off = [r.id for r in knowledge.catalog if not r.default_enabled]
    assert off, "the catalog has rules that are off by default"
    rows = {line.split()[0]: line.split()[3] for line in result.stdout.splitlines()[1:]
            if line.strip() and line.split()[0] in knowledge.catalog}
    assert all(rows[rule] == "off" for rule in off)
    assert rows["ANAT-LOCATION"] == "on"
    assert f"{len(off)} off by default" in result.stdout


def test_rules_list_columns_line_up(cli, knowledge):
    lines = [line for line in cli("rules", "list").stdout.splitlines()
             if line.split() and line.split()[0] in knowledge.catalog]
    starts = {line.index(" ", len(line.split()[0])) for line in lines}
    categories = {re.search(r"\S+\s+(\S)", line).start(1) for line in lines}
    assert len(starts) == 1 or len(categories) == 1


def test_unknown_category_is_rejected(cli):
    result = cli("rules", "list", "--category", "anatomyy")
    assert result.exit_code == 2
    assert "unknown category 'anatomyy' (did you mean 'anatomy'?)" in result.stderr
    assert cli("rules", "list", "--category", "anatomy").exit_code == 0


@pytest.mark.parametrize(("args", "hint"), [
    (["rules", "explain", "ANAT-LOCATON"], "did you mean 'ANAT-LOCATION'?"),
    (["audit", "docs", "--select", "ANAT-LOCATON"], "did you mean 'ANAT-LOCATION'?"),
    (["audit", "docs", "--ignore", "readabilty"], "did you mean 'readability'?"),
    (["audit", "docs", "--fial-on", "never"], "Did you mean '--fail-on'?"),
    (["audti", "docs"], "Did you mean 'audit'?"),
])
def test_did_you_mean(cli, args, hint):
    result = cli(*args)
    assert result.exit_code == 2
    assert hint in result.stderr


def test_did_you_mean_for_a_rule_in_the_configuration(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('disable = ["STYLE-HYPEE"]\n', encoding="utf-8")
    result = cli("audit", "docs")
    assert result.exit_code == 2
    assert "unknown rule in " in result.stderr
    assert "STYLE-HYPEE (did you mean 'STYLE-HYPE'?)" in result.stderr


def test_did_you_mean_for_a_configuration_key(cli, tmp_path):
    (tmp_path / ".medlint.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    result = cli("audit", "docs")
    assert result.exit_code == 2
    assert "unknown key 'fail_on' (medlint spells it 'fail-on', with hyphens)" in result.stderr


# --- help -----------------------------------------------------------------------------------

def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_lists_whole_one_line_summaries(cli):
    out = " ".join(cli("--help").stdout.split())
    for name, command in main.commands.items():
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert f"{name} {first}" in out, name
        assert "..." not in first


def test_every_option_states_its_default():
    missing = []
    for path, command in _commands(main):
        ctx = click.Context(command, info_name=" ".join(path))
        for param in command.params:
            if not isinstance(param, click.Option) or param.hidden:
                continue
            record = param.get_help_record(ctx)
            if record is None or param.name in ("help", "version"):
                continue
            if "default:" not in record[1]:
                missing.append(f"{' '.join(path)} {record[0]}")
    assert not missing, f"options whose help does not state the default: {missing}"


def test_every_command_has_an_example():
    for path, command in _commands(main):
        if not isinstance(command, click.Group):
            assert "Example:" in (command.help or ""), path


def test_readme_documents_every_command_and_audit_option():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for path, _command in _commands(main):
        assert f"medlint {' '.join(path)}" in readme, path
    for param in main.commands["audit"].params:
        if isinstance(param, click.Option):
            for name in param.opts:
                if name.startswith("--"):
                    assert f"`{name}" in readme or f" {name}" in readme, name


def test_readme_example_output_is_what_medlint_prints(nlp, knowledge, monkeypatch, tmp_path):
    """The README's example shows today's messages, not older wordings (its grammar slips
    were what issue 17 reported)."""
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    command = "$ medlint audit corpus/articles/seed-upper-back-pain.txt\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.setattr("pipeline.nlp.model.load_pipeline", lambda *a, **k: nlp)
    monkeypatch.setattr("pipeline.audit.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.setattr("pipeline.knowledge.KnowledgeBase", lambda *a, **k: knowledge)
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(main, ["audit", "corpus/articles/seed-upper-back-pain.txt",
                                       "--no-cache", "--no-progress"], catch_exceptions=False)
    printed = result.stdout

    def findings(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.splitlines()
                if re.match(r"\s+(?:\d+:\d+|-)\s+(?:error|warning|info)\s", line)]

    assert findings(shown) == findings(printed)
