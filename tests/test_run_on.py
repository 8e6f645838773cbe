"""Run-on text (issue 19, item 10): no sentence is longer than MAX_SENTENCE tokens however
the text runs on, every check family finishes on a 52,000-character run-on (the anatomy
family hit Python's recursion limit), and a run-on costs about what ordinary prose of the
same length does."""

from __future__ import annotations

import time

import pytest

from pipeline.audit import SPLIT_NOTE
from pipeline.ingest import document_from_text
from pipeline.nlp.components.blocks import MAX_SENTENCE
from pipeline.nlp.components.instructions import (
    governing_instruction,
    instruction_heads,
    match_head,
)
from pipeline.nlp.model import parse_document
from tests.conftest import REPO

STEPS = ["bend your knees slowly and hold for five seconds", "then relax your back",
         "if it hurts stop and rest your shoulder",
         "keep your elbows straight while you lift your arms",
         "the quadriceps muscle straightens the knee and the hamstrings bend it",
         "lie on your back with your knees bent", "move quickly and bounce gently"]


def run_on(joiner: str, size: int) -> str:
    body = ""
    index = 0
    while len(body) < size:
        body += (joiner if body else "") + STEPS[index % len(STEPS)]
        index += 1
    return "Run on\n\n" + body + "\n"


def comma_run_on(size: int) -> str:
    """Steps spliced with commas: the parser hangs each on the one before, so the parse of
    one run-on grows as deep as it is long (anatomy hit the recursion limit in
    ``Token.subtree`` and the audit of 52,000 characters took 220 CPU seconds)."""
    body = ", ".join(["bend your knees", "hold it", "relax your back"] * (size // 30 + 1))
    return "Run on\n\n" + body[:size] + "\n"


def parse(auditor, text: str):  # type: ignore[no-untyped-def]
    document = document_from_text(text, auditor.knowledge.directory)
    return document, parse_document(auditor.nlp, document)


@pytest.mark.parametrize("joiner", [" and ", " - ", "; ", "\n", " e.g. "],
                         ids=["and", "dash", "semicolon", "line-break", "abbreviation"])
def test_no_sentence_runs_on_past_the_limit(auditor, joiner: str) -> None:
    _, doc = parse(auditor, run_on(joiner, 20_000))
    assert len(doc) > 3 * MAX_SENTENCE
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE
    assert doc.user_data["medlint_split_sentences"] > 0


def test_ordinary_text_is_parsed_exactly_as_before(auditor) -> None:
    text = (REPO / "corpus" / "articles" / "seed-upper-back-pain.txt").read_text("utf-8")
    document, doc = parse(auditor, text)
    from pipeline.nlp.model import make_doc

    plain = auditor.nlp(make_doc(auditor.nlp, document))
    assert [(s.start, s.end) for s in doc.sents] == [(s.start, s.end) for s in plain.sents]
    assert [t.head.i for t in doc] == [t.head.i for t in plain]
    assert "medlint_split_sentences" not in doc.user_data


def test_every_family_finishes_on_a_52000_character_run_on(auditor) -> None:
    document = document_from_text(comma_run_on(52_000), auditor.knowledge.directory)
    assert len(document.text) > 50_000
    start = time.process_time()
    [result] = auditor.audit_documents([document])
    assert result.failures == []
    assert result.too_complex is None
    assert SPLIT_NOTE in auditor.notes
    assert time.process_time() - start < 60


def test_a_run_on_costs_about_what_prose_of_its_length_does(auditor) -> None:
    """Before: 25,000 characters of run-on took 7x the CPU time of ordinary prose (84 s on
    the machine that found it); the contradiction reader rescanned the sentence for every
    word it asked about."""
    size = 25_000
    prose_text = "Prose\n\n" + "\n\n".join(
        p for path in sorted((REPO / "corpus" / "articles").glob("careful-*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")[1:])[:size]

    def cpu(text: str) -> float:
        document = document_from_text(text, auditor.knowledge.directory)
        start = time.process_time()
        [result] = auditor.audit_documents([document])
        assert result.failures == []
        return time.process_time() - start

    cpu(run_on(" and ", 2_000))  # warm up
    assert cpu(run_on(" and ", size)) < 3 * cpu(prose_text)


def naive_governing(tokens):  # type: ignore[no-untyped-def]
    """The definition governing_instruction had before it was computed per sentence."""
    head = match_head(tokens)
    heads = {t.i: t for t, _kind in instruction_heads(head.sent)}
    for token in (head, *head.ancestors):
        if token.i in heads:
            return heads[token.i]
    return None


@pytest.mark.parametrize("name", ["seed-upper-back-pain.txt", "careful-neck-pain.txt"])
def test_governing_instruction_per_sentence_gives_what_the_scan_gave(auditor, name) -> None:
    text = (REPO / "corpus" / "articles" / name).read_text(encoding="utf-8")
    _, doc = parse(auditor, text)
    for token in doc:
        expected = naive_governing([token])
        found = governing_instruction([token])
        assert (found.i if found is not None else None) == (
            expected.i if expected is not None else None), token
    for sent in doc.sents:
        pair = [t for t in sent if not t.is_space][:2]
        if len(pair) == 2:
            assert governing_instruction(pair) == naive_governing(pair)


def test_anatomy_marker_looks_up_neighbours_not_every_span(auditor) -> None:
    """Each region mention looked at every other mention ("relax your back" 5,000 times:
    2.7 CPU s against 1.0 s for the tok2vec pipe of the same text); now it costs a small
    share of the tokenizer-to-vector pass."""
    from pipeline.nlp.model import make_doc

    nlp = auditor.nlp
    document = document_from_text(comma_run_on(100_000), auditor.knowledge.directory)
    doc = make_doc(nlp, document)
    cost = {}
    for name, component in nlp.pipeline:
        start = time.process_time()
        doc = component(doc)
        cost[name] = time.process_time() - start
    assert len(doc.spans["anatomy"]) > 4000
    assert cost["medlint_anatomy"] < cost["tok2vec"] / 2, cost


def test_frame_conflicts_compare_only_frames_that_can_conflict(
        auditor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every frame was compared with every earlier one (1.5 million scope comparisons on
    25,000 characters of comma-spliced steps, 24 million and 83 CPU s on 100,000); now only
    frames that can conflict (opposed advice, quantities of one dimension and unit ...) are
    paired, with the same findings."""
    from pipeline.checks import frame_conflicts

    calls = 0
    real = frame_conflicts.same_scope

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(frame_conflicts, "same_scope", counting)
    document = document_from_text(comma_run_on(25_000), auditor.knowledge.directory)
    [result] = auditor.audit_documents([document])
    assert result.failures == []
    assert calls < 100_000, calls
