"""File names are carried as they are and shown escaped everywhere (issue 19, items 2, 4, 13):
a name that is not UTF-8, holds a newline or a workflow command, or is a symbolic link loop
never stops a report from being written, and never reaches a terminal, an error line or a
GitHub annotation raw."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.names import shown
from tests.test_bad_input import GOOD_TEXT, reuse_session_pipeline

FORMATS = "json,jsonl,html,text,sarif,junit,github,markdown"
FLAWED = GOOD_TEXT + "\nBounce to stretch further until the pain stops.\n"


@pytest.fixture(autouse=True)
def reuse_pipeline(monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    reuse_session_pipeline(monkeypatch, nlp, knowledge)


def test_shown_escapes_what_cannot_be_printed() -> None:
    assert shown("mal de dos — ñandú & co.txt") == "mal de dos — ñandú & co.txt"
    assert shown(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert shown("a\n::error file=x::b\r\t\x1b[31m") == "a\\n::error file=x::b\\r\\t\\x1b[31m"
    assert shown("evil\u202etxt.exe\u2028\ud800") == "evil\\u202etxt.exe\\u2028\\ud800"
    assert shown(shown("a\nb")) == "a\\nb"


def run_all_formats(tmp_path: Path, *inputs: str) -> tuple[object, Path]:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["audit", *inputs, "--format", FORMATS, "--output-dir",
                                       str(out), "--fail-on", "never", "--no-cache"])
    return result, out


def read_reports(out: Path) -> dict[str, str]:
    reports = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file()}
    reports["html"] = "\n".join(p.read_text(encoding="utf-8")
                                for p in sorted((out / "html").rglob("*.html")))
    json.loads(reports["medlint.json"])
    json.loads(reports["medlint.sarif"])
    for line in reports["medlint.jsonl"].splitlines():
        json.loads(line)
    ET.fromstring(reports["medlint.xml"])
    return reports


def mentions(text: str, shown_name: str, uri: str) -> bool:
    """The name as shown, as shown inside a JSON string, or percent-encoded in a URI."""
    return any(form in text for form in (shown_name, json.dumps(shown_name)[1:-1], uri))


def test_file_name_that_is_not_utf8_is_in_every_report(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(folder + b"/caf\xe9.txt", "wb") as handle:
        handle.write(FLAWED.encode())
    with open(folder + b"/bad\xff.txt", "wb") as handle:
        handle.write(b"")
    result, out = run_all_formats(tmp_path, os.fsdecode(folder + b"/caf\xe9.txt"),
                                  os.fsdecode(folder + b"/bad\xff.txt"))
    assert result.exit_code == 2, result.output
    reports = read_reports(out)
    for name, text in reports.items():
        assert mentions(text, "caf\\xe9.txt", "caf%E9.txt"), name
        assert mentions(text, "bad\\xff.txt", "bad%FF.txt"), name
    sarif = json.loads(reports["medlint.sarif"])
    assert sarif["runs"][0]["artifacts"][0]["location"]["uri"].endswith("caf%E9.txt")
    assert json.loads(reports["medlint.json"])["articles"][0]["id"] == "caf\\xe9"
    assert "medlint: error: " + str(tmp_path) + "/bad\\xff.txt: empty file" in result.stderr


def test_newline_in_a_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    evil = tmp_path / "x\n::error file=owned.txt::pwned\n.txt"
    evil.write_bytes(b"")  # an input error, so the name reaches the error lines
    good = tmp_path / "good\x1b[2J.txt"
    good.write_text(FLAWED, encoding="utf-8")
    result, out = run_all_formats(tmp_path, str(evil), str(good))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert not [line for line in lines if line.startswith("::")], result.stderr
    assert any(line.startswith("medlint: error: ") and "x\\n::error file=owned.txt::pwned"
               "\\n.txt: empty file" in line for line in lines), result.stderr
    reports = read_reports(out)
    for line in reports["medlint.github.txt"].splitlines():
        assert line.startswith(("::error file=", "::warning file=", "::notice file=")), line
        assert "owned.txt::pwned" not in line.split("::")[1]
    for name, text in reports.items():
        assert "\x1b" not in text, name
    assert "good\\x1b[2J.txt" in reports["medlint.txt"]


def test_symlink_loop_does_not_stop_sarif_or_the_formats_after_it(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    result, out = run_all_formats(tmp_path, str(loop), str(good))
    assert result.exit_code == 2, result.output
    reports = read_reports(out)
    sarif = json.loads(reports["medlint.sarif"])
    [note] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "symbolic link loop" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "loop.txt")
    assert "loop.txt" in reports["medlint.md"]


def test_baseline_matches_a_file_whose_name_is_not_utf8(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open(b"caf\xe9.txt", "wb") as handle:
        handle.write(FLAWED.encode())
    name = os.fsdecode(b"caf\xe9.txt")
    created = CliRunner().invoke(main, ["baseline", "create", name, "--output", "base.json"])
    assert created.exit_code == 0, created.output
    assert "caf\\xe9.txt" in json.loads(Path("base.json").read_text())["files"]
    audited = CliRunner().invoke(main, ["audit", name, "--baseline", "base.json", "--format",
                                        "json", "--no-cache"])
    assert audited.exit_code == 0, audited.output
    assert json.loads(audited.stdout)["summary"]["findings"] == 0
