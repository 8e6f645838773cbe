"""Typed model of rules/instructions/dismissal.yaml: wording that dismisses a warning sign.

The warning signs themselves are read from rules/safety/red_flags.yaml (owned by the safety
family); this module adds the words that reassure ("nothing to worry about"), prescribe
self-care or waiting ("it will pass on its own", "massage it"), or deny the need for help
("no need to see a doctor"), and compiles both into one phrase index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model
from pipeline.knowledge.safety import RedFlagSet, SafetyKnowledge, compile_phrase, load_safety

# phrase kinds of the dismissal index
KINDS = ("reassurance", "weak_reassurance", "cause", "self_care", "denial")


def _compile_all(values: list[str]) -> list[str]:
    for value in values:
        compile_phrase(value)
    return values


class DismissalFile(StrictModel):
    """``rules/instructions/dismissal.yaml``."""

    sources: list[str] = Field(min_length=1)
    reassurance: list[str] = Field(min_length=1)
    weak_reassurance: list[str] = Field(default_factory=list)
    benign_causes: list[str] = Field(min_length=1)
    cause_frames: list[str] = Field(min_length=1)
    self_care: list[str] = Field(min_length=1)
    reader_actions: list[str] = Field(default_factory=list)
    denial: list[str] = Field(min_length=1)
    help_lexicons: list[str] = Field(min_length=1)
    referral_targets: list[str] = Field(default_factory=list)
    caution_words: list[str]
    negating_verbs: list[str]
    leaving_preps: list[str] = Field(default_factory=list)
    absence_words: list[str] = Field(default_factory=list)
    clause_openers: list[str] = Field(default_factory=list)
    pronoun_subjects: list[str] = Field(default_factory=list)
    third_party_subjects: list[str]
    hedges: list[str] = Field(default_factory=list)
    surgery_words: list[str] = Field(default_factory=list)
    injury_words: list[str] = Field(default_factory=list)
    quantifiers: list[str] = Field(default_factory=list)
    skip_words: list[str] = Field(default_factory=list)
    mild_words: list[str] = Field(default_factory=list)
    mild_phrases: list[str] = Field(default_factory=list)
    softeners: list[str] = Field(default_factory=list)
    intensifiers: list[str] = Field(default_factory=list)

    _check = field_validator(
        "reassurance", "weak_reassurance", "benign_causes", "self_care", "denial")(_compile_all)

    @model_validator(mode="after")
    def _frames_take_cause(self) -> DismissalFile:
        for frame in self.cause_frames:
            if "{cause}" not in frame:
                raise ValueError(f"cause frame {frame!r} has no {{cause}} slot")
            for cause in self.benign_causes:
                compile_phrase(frame.replace("{cause}", cause))
        return self

    def causes(self) -> list[str]:
        """Every cause frame filled with every benign cause."""
        return [f.replace("{cause}", c) for f in self.cause_frames for c in self.benign_causes]


@dataclass(frozen=True)
class DismissalKnowledge:
    """The dismissal vocabulary with the red-flag sets and help lexicons it is judged by."""

    vocabulary: DismissalFile
    sets: tuple[RedFlagSet, ...]
    general_signs: tuple[str, ...]
    help_phrases: dict[str, tuple[str, ...]]

    def phrases(self) -> list[tuple[str, str]]:
        """(key, phrase) pairs: ``sign:<set id>``, ``sign:general``, ``help``, and one key
        per dismissal kind."""
        entries: list[tuple[str, str]] = [("sign:general", p) for p in self.general_signs]
        for flag_set in self.sets:
            entries += [(f"sign:{flag_set.id}", p) for p in flag_set.signs]
        for phrases in self.help_phrases.values():
            entries += [("help", p) for p in phrases]
        v = self.vocabulary
        entries += [("reassurance", p) for p in v.reassurance]
        entries += [("weak_reassurance", p) for p in v.weak_reassurance]
        entries += [("cause", p) for p in v.causes()]
        entries += [("self_care", p) for p in v.self_care]
        entries += [("denial", p) for p in v.denial]
        return entries


def build_dismissal(rules_directory: Path, safety: SafetyKnowledge) -> DismissalKnowledge:
    """Combine dismissal.yaml with the safety knowledge (red flags, help lexicons)."""
    path = rules_directory / "instructions" / "dismissal.yaml"
    vocabulary = load_model(path, DismissalFile)
    lexicons = safety.recognisers.lexicons
    missing = [name for name in vocabulary.help_lexicons if name not in lexicons]
    if missing:
        raise KnowledgeError(f"{path}: help_lexicons: no lexicon {', '.join(missing)} in "
                             "rules/safety/recognisers.yaml")
    return DismissalKnowledge(
        vocabulary=vocabulary,
        sets=tuple(safety.red_flags.sets),
        general_signs=tuple(safety.red_flags.general_signs),
        help_phrases={n: tuple(lexicons[n]) for n in vocabulary.help_lexicons},
    )


def load_dismissal(rules_directory: Path) -> DismissalKnowledge:
    """Loader for :meth:`KnowledgeBase.load`."""
    return build_dismissal(rules_directory, load_safety(rules_directory))
