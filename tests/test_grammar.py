"""Grammar: the LanguageTool client against a LanguageTool-compatible server started here on
127.0.0.1, the offline built-in checks, and the plain note when no LanguageTool is there."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from pipeline.audit import Auditor
from pipeline.config import Config
from pipeline.grammar.backend import installed_versions, resolve_backend
from pipeline.grammar.languagetool import (
    LanguageToolClient,
    chunks,
    normalise_url,
    parse_matches,
    utf16_to_index,
)

# What the fake server reports: word -> (rule id, category id, issue type, message, fix).
FAKE_RULES = {
    "teh": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
            "Possible spelling mistake found.", "the"),
    "trapezius": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
                  "Possible spelling mistake found.", "trapezes"),
    "okafor": ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
               "Possible spelling mistake found.", "Oaktree"),
    "informations": ("PLURAL_UNCOUNTABLE", "GRAMMAR", "grammar",
                     "The noun 'information' is usually uncountable.", "information"),
    "then": ("THAN_THEN", "CONFUSED_WORDS", "misspelling",
             "Did you mean 'than'?", "than"),
}


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def fake_answer(text: str) -> dict[str, object]:
    """A /v2/check answer in LanguageTool's format, offsets in UTF-16 code units."""
    matches = []
    for match in re.finditer(r"[A-Za-z]+", text):
        word = match.group(0)
        if word.lower() == "then" and "more then" not in text[match.start() - 5 : match.end()]:
            continue
        rule = FAKE_RULES.get(word.lower())
        if rule is None:
            continue
        rule_id, category, issue, message, fix = rule
        offset = utf16_offset(text, match.start())
        matches.append({
            "message": message, "shortMessage": "", "offset": offset,
            "length": utf16_offset(text, match.end()) - offset,
            "replacements": [{"value": fix}],
            "context": {"text": text[max(0, match.start() - 10) : match.end() + 10],
                        "offset": min(10, match.start()), "length": len(word)},
            "sentence": text,
            "type": {"typeName": "Other"},
            "rule": {"id": rule_id, "description": message, "issueType": issue,
                     "category": {"id": category, "name": category.title()}},
            "ignoreForIncompleteness": False, "contextForSureMatch": 0,
        })
    return {"software": {"name": "LanguageTool", "version": "6.8", "buildDate": "2025-01-01",
                         "apiVersion": 1, "premium": False, "status": ""},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": "en-US",
                         "detectedLanguage": {"name": "English (US)", "code": "en-US",
                                              "confidence": 0.99}},
            "matches": matches}


class FakeLanguageTool(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, list[str]]]] = []

    def do_POST(self) -> None:
        if self.path != "/v2/check":
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        FakeLanguageTool.requests.append(form)
        body = json.dumps(fake_answer(form["text"][0])).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fake_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLanguageTool)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def make_auditor(auditor: Auditor, **config: object) -> Auditor:
    """A new Auditor (fresh notes and LanguageTool backend) sharing the loaded model."""
    other = Auditor(Config(**config), auditor.knowledge)  # type: ignore[arg-type]
    other._nlp = auditor.nlp
    return other


def test_utf16_offsets_become_python_indices():
    text = "a😀b"
    assert utf16_to_index(text) == [0, 1, 1, 2, 3]
    matches = parse_matches({"matches": [{"offset": 3, "length": 1, "message": "m",
                                          "rule": {"id": "X"}}]}, text)
    assert text[matches[0].start : matches[0].end] == "b"


def test_long_texts_are_cut_at_paragraphs():
    text = ("Word " * 40 + "\n\n") * 10
    pieces = list(chunks(text, limit=450))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 450 for _, p in pieces)
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n\n") for _, p in pieces[:-1])


def test_urls_are_normalised():
    assert normalise_url("localhost:8081") == "http://localhost:8081"
    assert normalise_url("http://lt.example/v2/check") == "http://lt.example"
    assert normalise_url("https://lt.example/v2/") == "https://lt.example"


def test_client_sends_rules_and_reads_matches(fake_server):
    client = LanguageToolClient(fake_server, disabled_rules=["EN_QUOTES"],
                                enabled_rules=["PASSIVE_VOICE"])
    matches = client.check("I like teh stretch.")
    assert [("I like teh stretch."[m.start : m.end], m.rule_id) for m in matches] == [
        ("teh", "MORFOLOGIK_RULE_EN_US")]
    form = FakeLanguageTool.requests[-1]
    assert form["language"] == ["en-US"]
    assert form["disabledRules"] == ["EN_QUOTES"]
    assert form["enabledRules"] == ["PASSIVE_VOICE"]


def test_findings_land_on_the_right_words_of_the_source(auditor, fake_server, tmp_path):
    source = ("Stretching for the neck\n\n"
              "   Warm up first 😀 and do teh stretch slowly.\n"
              "More informations   follow   below, and rest more then you think.\n\n"
              "- Relax the trapezius muscle, as Dr. Okafor shows.\n")
    path = tmp_path / "article.txt"
    path.write_text(source, encoding="utf-8")
    other = make_auditor(auditor, languagetool_url=fake_server)
    run = other.audit_paths([str(path)])
    assert not run.notes, run.notes
    findings = [f for f in run.articles[0].findings if f.category == "grammar"]
    by_quote = {f.quote: f for f in findings}
    # trapezius: medical, never a typo; Okafor: a name
    assert set(by_quote) == {"teh", "informations", "then"}
    lines = source.splitlines()
    for quote, finding in by_quote.items():
        line = lines[finding.line - 1]
        assert line[finding.column - 1 : finding.column - 1 + len(quote)] == quote
    assert by_quote["teh"].rule == "GRAMMAR-SPELLING"
    assert by_quote["teh"].line == 3
    assert by_quote["informations"].rule == "GRAMMAR-ERROR"
    assert by_quote["then"].rule == "GRAMMAR-WORD-CHOICE"
    assert "than" in (by_quote["then"].suggestion or "")
    assert "PLURAL_UNCOUNTABLE" in by_quote["informations"].explanation


def test_languagetool_rules_can_be_switched_in_config(auditor, fake_server):
    other = make_auditor(auditor, languagetool_url=fake_server,
                         languagetool_disable=("THAN_THEN",),
                         languagetool_enable=("WHITESPACE_RULE",))
    other.audit_text("Rest more then you think.")
    form = FakeLanguageTool.requests[-1]
    disabled = form["disabledRules"][0].split(",")
    assert "THAN_THEN" in disabled and "WHITESPACE_RULE" not in disabled
    assert "EN_QUOTES" in disabled  # medlint's default
    assert form["enabledRules"] == ["WHITESPACE_RULE"]


def test_environment_variable_gives_the_server(fake_server, monkeypatch):
    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", fake_server)
    backend = resolve_backend(Config())
    assert backend.available and backend.client is not None
    assert backend.client.url == fake_server


def test_without_languagetool_the_audit_goes_on_with_one_plain_note(auditor, tmp_path,
                                                                    monkeypatch):
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL", raising=False)
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("Do teh stretch twice a day.\n", encoding="utf-8")
    other = make_auditor(auditor)
    run = other.audit_paths([str(tmp_path)])
    assert len(run.articles) == 2
    grammar_notes = [n for n in run.notes if "not checked" in n]
    assert len(grammar_notes) == 1
    assert "MEDLINT_LANGUAGETOOL_URL" in grammar_notes[0]
    from pipeline.report.json import run_to_dict

    assert grammar_notes[0] in run_to_dict(run)["notes"]


def test_local_mode_without_languagetool_installed_never_downloads(auditor, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "nothing-here"))
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL", raising=False)
    other = make_auditor(auditor, languagetool_local=True)
    other.audit_text("Do the stretch twice a day.")
    assert any("not checked" in n for n in other.notes)
    assert not (tmp_path / "nothing-here").exists()


def test_unreachable_server_is_one_note_not_a_hang(auditor, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text("Do the stretch.\n", encoding="utf-8")
    other = make_auditor(auditor, languagetool_url=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    run = other.audit_paths([str(tmp_path)])
    assert time.monotonic() - started < 30
    assert len(run.articles) == 3
    notes = [n for n in run.notes if "not checked" in n]
    assert len(notes) == 1 and f"127.0.0.1:{port}" in notes[0]


def test_the_note_without_languagetool_is_one_short_line_and_can_be_silenced(auditor,
                                                                             monkeypatch):
    monkeypatch.delenv("MEDLINT_LANGUAGETOOL_URL", raising=False)
    other = make_auditor(auditor)
    other.audit_text("Do the stretch twice a day.")
    (note,) = [n for n in other.notes if "LanguageTool" in n]
    assert "\n" not in note and len("note: " + note) <= 140, note  # short
    assert "languagetool.url" in note and "languagetool.note = false" in note
    assert "languagetool-url" not in note  # one name for the setting everywhere
    silenced = make_auditor(auditor, languagetool_note=False)
    silenced.audit_text("Do the stretch twice a day.")
    assert not [n for n in silenced.notes if "LanguageTool" in n]


def test_a_configured_server_that_nobody_answers_could_not_be_reached(auditor, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # asked for explicitly, so even languagetool.note = false does not hide the failure
    other = make_auditor(auditor, languagetool_url=f"http://127.0.0.1:{port}",
                         languagetool_note=False)
    other.audit_text("Do the stretch twice a day.")
    (note,) = [n for n in other.notes if "LanguageTool" in n]
    assert f"server at http://127.0.0.1:{port} could not be reached (connection refused)" in note
    assert "stopped answering" not in note
    assert "\n" not in note and len(note) <= 200, note


def test_builtin_checks_run_offline(audit_text):
    result = audit_text("Do this excercise for for a minute. Then take a exercise break.")
    found = {(f.rule, f.quote) for f in result.findings if f.category == "grammar"}
    assert ("GRAMMAR-SPELLING", "excercise") in found
    assert ("GRAMMAR-REPEATED-WORD", "for for") in found
    assert ("GRAMMAR-WORD-CHOICE", "a exercise") in found


def _real_languagetool() -> str | None:
    if shutil.which("java") is None:
        return "Java is not installed"
    if not installed_versions():
        return ("LanguageTool is not installed in language-tool-python's folder "
                f"({Path.home() / '.cache' / 'language_tool_python'})")
    return None


@pytest.mark.slow
@pytest.mark.skipif(_real_languagetool() is not None, reason=str(_real_languagetool()))
def test_against_the_real_languagetool(auditor):
    other = make_auditor(auditor, languagetool_local=True)
    try:
        result = other.audit_text("Relax the trapezius. This are a sentence with teh error.")
        assert not other.notes, other.notes
        quotes = {f.quote for f in result.findings if f.category == "grammar"}
        assert "teh" in quotes
        assert "trapezius" not in quotes
    finally:
        backend = other.run_state.get("grammar.backend")
        if backend is not None and backend.handle is not None:
            backend.handle.close()
