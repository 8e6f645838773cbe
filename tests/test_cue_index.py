"""The cue index gives exactly the matches of asking every cue (the linear scan)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.knowledge.cue_index import CueIndex, can_match, find, key_words, possible
from pipeline.knowledge.instructions import (
    Cue,
    InstructionKnowledge,
    compile_cue,
    load_instructions,
    sentence_words,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


def linear_find(cue: Cue, sentence: object) -> list[list[object]]:
    """The scan without the index: the slot prefilter, then a match at every token."""
    if not cue.possible(sentence_words(sentence)):  # type: ignore[arg-type]
        return []
    tokens = list(sentence)  # type: ignore[call-overload]
    result: list[list[object]] = []
    i = 0
    while i < len(tokens):
        positions = cue.match_at(tokens, i)
        if positions is None:
            i += 1
            continue
        result.append([tokens[p] for p in positions])
        i = positions[-1] + 1
    return result


def every_cue(knowledge: InstructionKnowledge) -> tuple[Cue, ...]:
    """All cues the checks ask: positions, states, attribute values and phases, unsafe
    patterns and statements."""
    cues: list[Cue] = []
    for position in knowledge.positions:
        cues.extend(position.cues)
    for state in knowledge.states.values():
        cues.extend(state.cues)
    for attribute in knowledge.attributes:
        for value in attribute.values:
            cues.extend(value.cues)
        for _name, phase_cues in attribute.phases:
            cues.extend(phase_cues)
    for pattern in knowledge.patterns:
        cues.extend(pattern.cues)
        cues.extend(pattern.statements)
    return tuple(cues)


@pytest.fixture(scope="module")
def cues(knowledge: object) -> tuple[Cue, ...]:
    return every_cue(load_instructions(knowledge.directory))  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def sentences(nlp: object) -> list[object]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))[:25]]
    texts.append("Lie face down with your knees pulled to your chest. Do not bounce. "
                 "Hold the stretch; but stop if it hurts. Keep your back straight and "
                 "twist quickly, then slowly lower your arms to the floor.")
    return [sent for doc in nlp.pipe(texts) for sent in doc.sents]  # type: ignore[attr-defined]


def test_possible_is_exactly_the_linear_prefilter(cues: tuple[Cue, ...],
                                                  sentences: list[object]) -> None:
    for sentence in sentences:
        words = sentence_words(sentence)  # type: ignore[arg-type]
        expected = [cue for cue in cues if cue.possible(words)]
        assert possible(sentence, cues) == expected  # type: ignore[arg-type]


def test_same_matches_as_the_linear_scan(cues: tuple[Cue, ...],
                                         sentences: list[object]) -> None:
    matched = 0
    for sentence in sentences:
        linear = [(cue.text, [[t.i for t in m] for m in linear_find(cue, sentence)])  # type: ignore[attr-defined]
                  for cue in cues]
        indexed = [(cue.text, [[t.i for t in m] for m in find(cue, sentence)])  # type: ignore[arg-type]
                   for cue in cues]
        assert [can_match(cue, sentence) for cue in cues] == [  # type: ignore[arg-type]
            cue.possible(sentence_words(sentence)) for cue in cues]  # type: ignore[arg-type]
        assert indexed == linear
        by_index = {cue.text: cue.find(sentence)  # type: ignore[arg-type]
                    for cue in possible(sentence, cues)}  # type: ignore[arg-type]
        for text, found in linear:
            if found:
                matched += 1
                assert text in by_index
    assert matched > 50  # the corpus exercises the cues, not just the empty case


def test_key_slot_avoids_common_words() -> None:
    cue = compile_cue("keep your back|spine straight", {})
    assert key_words(cue) == frozenset({"straight"})
    assert key_words(compile_cue("the|a", {})) == frozenset({"the", "a"})


def test_index_grows_and_only_lists_possible_cues() -> None:
    index = CueIndex()
    one = compile_cue("bend knee", {})
    two = compile_cue("arch back", {})
    index.add([one])
    generation = index.generation
    index.add([one])
    assert index.generation == generation and len(index) == 1
    index.add([two])
    assert index.generation == generation + 1
    assert index.candidates(frozenset({"bend", "knee", "arch"})) == frozenset({id(one)})
    assert index.candidates(frozenset({"arch", "back"})) == frozenset({id(two)})
    assert index.candidates(frozenset({"knee"})) == frozenset()
