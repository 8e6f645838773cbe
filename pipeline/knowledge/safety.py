"""Typed models of rules/safety/: topic lexicons, requirements, red flags and recognisers.

Phrases in these files use a small token syntax (see rules/safety/topics.yaml): words are
slots separated by spaces, ``a|b`` is a choice within a slot, a trailing ``?`` makes a slot
optional and ``*`` matches any one token. :func:`compile_phrase` turns a phrase into a
:class:`Phrase`; matching lives in :mod:`pipeline.nlp.topic_profile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from pipeline.findings import SAFETY_KINDS
from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model

Role = Literal["present", "help", "consult", "weak", "contradicts"]


@dataclass(frozen=True, slots=True)
class Slot:
    """One position of a phrase: the words it accepts (empty = any word)."""

    words: frozenset[str]
    optional: bool = False

    def accepts(self, text: str, lemma: str) -> bool:
        """Whether a word (lower-case text and lemma) fills this slot; the wildcard takes
        any word but not bare punctuation ("Exercises to Try." has nothing to try)."""
        if not self.words:
            return any(ch.isalnum() for ch in text)
        return text in self.words or lemma in self.words


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase: its source text and slots."""

    source: str
    slots: tuple[Slot, ...]


def compile_phrase(text: str) -> Phrase:
    """Compile ``"see|consult your? doctor|gp"`` into a :class:`Phrase`.

    Raises ValueError for empty phrases, all-optional phrases and contractions written as one
    word (``don't``: spaCy splits it, so write ``do n't`` or ``do not|n't``).
    """
    slots: list[Slot] = []
    for raw in text.lower().split():
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        if body == "*":
            slots.append(Slot(frozenset(), optional))
            continue
        words = frozenset(w for w in body.split("|") if w)
        for word in words:
            if "n't" in word and word != "n't":
                raise ValueError(f"phrase {text!r}: write {word!r} as two words (do n't)")
        if not words:
            raise ValueError(f"phrase {text!r} has an empty slot")
        slots.append(Slot(words, optional))
    if not slots or all(s.optional for s in slots):
        raise ValueError(f"phrase {text!r} needs at least one required word")
    return Phrase(text, tuple(slots))


def _compile_all(values: list[str]) -> list[str]:
    for value in values:
        compile_phrase(value)
    return values


class AdviceType(StrictModel):
    """One kind of advice an article can give (exercise, medication, ...)."""

    label: str
    terms: list[str]
    movement_verbs: list[str] = Field(default_factory=list)
    body_words: list[str] = Field(default_factory=list)
    take_verbs: list[str] = Field(default_factory=list)
    dose_words: list[str] = Field(default_factory=list)

    _check_terms = field_validator("terms")(_compile_all)


class Condition(StrictModel):
    """A symptom or condition (pain, dizziness, injury...)."""

    terms: list[str]

    _check_terms = field_validator("terms")(_compile_all)


class Region(StrictModel):
    """A body region by its shared anatomy id; ``group`` gathers ids that share red flags."""

    group: str
    label: str
    terms: list[str]
    joint: bool = False
    #: the region is named by its own symptom ("sciatica"): a mention needs no symptom word
    symptom: bool = False

    _check_terms = field_validator("terms")(_compile_all)


class NamedCondition(StrictModel):
    """A condition whose name places it: "whiplash" is a neck problem."""

    group: str
    terms: list[str]

    _check_terms = field_validator("terms")(_compile_all)


class TopicsFile(StrictModel):
    """``rules/safety/topics.yaml``."""

    advice_frames: list[str]
    benefit_frames: list[str] = Field(default_factory=list)
    imperative_exclusions: list[str]
    advice_types: dict[str, AdviceType]
    conditions: dict[str, Condition]
    named_conditions: dict[str, NamedCondition] = Field(default_factory=dict)
    regions: dict[str, Region]
    clinical_frames: list[str] = Field(default_factory=list)
    self_care_cues: list[str] = Field(default_factory=list)
    uncertain_evidence: list[str] = Field(default_factory=list)
    refusal_verbs: list[str] = Field(default_factory=list)
    continuing_intro_words: list[str] = Field(default_factory=list)
    pointer_verbs: list[str] = Field(default_factory=list)

    _check_frames = field_validator(
        "advice_frames", "benefit_frames", "clinical_frames", "self_care_cues",
        "uncertain_evidence")(_compile_all)


class Applies(StrictModel):
    """When a red-flag set is relevant."""

    groups: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    #: condition, symptom, procedure and activity words (lower-case, as articles name them)
    #: whose mention in an article that gives advice makes the set relevant
    words: list[str] = Field(default_factory=list)
    #: whether advice about these words needs warning signs on its own (a set for what an
    #: activity or a medicine can do in general only supplies wording when warning signs are
    #: required for another reason)
    requires: bool = True
    injury: bool = False
    # Only after an operation on a joint (profile ``surgery``); such a set comes first.
    surgery: bool = False


class RedFlagSet(StrictModel):
    """Warning signs for one region or symptom, with wording an editor can paste."""

    id: str
    name: str
    applies: Applies
    danger: str
    conditions: list[str]
    risk: Literal["high", "moderate"]
    signs: list[str] = Field(min_length=3)
    wording: str
    sources: list[str] = Field(min_length=1)

    _check_signs = field_validator("signs")(_compile_all)


class RedFlagsFile(StrictModel):
    """``rules/safety/red_flags.yaml``."""

    general_signs: list[str]
    sets: list[RedFlagSet] = Field(min_length=15)

    _check_signs = field_validator("general_signs")(_compile_all)


class RecogniserExamples(StrictModel):
    """Sentences the recogniser must match, and ones it must not."""

    match: list[str] = Field(min_length=1)
    miss: list[str] = Field(min_length=1)


class Recogniser(StrictModel):
    """One way of expressing a kind of safety information."""

    id: str
    kind: str
    role: Role
    groups: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    ordered: bool = True
    window: int = Field(default=30, ge=1)
    negation_ok: bool = False
    subject: Literal["any", "reader"] = "any"
    not_after: list[str] = Field(default_factory=list)
    examples: RecogniserExamples

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in SAFETY_KINDS:
            raise ValueError(f"kind {value!r} is not one of {', '.join(SAFETY_KINDS)}")
        return value

    @model_validator(mode="after")
    def _has_groups(self) -> Recogniser:
        if not self.groups and not self.any:
            raise ValueError(f"recogniser {self.id}: give `groups` (all must match) or `any`")
        return self


class Negation(StrictModel):
    """Phrases that dismiss what follows, and verbs whose negation affirms."""

    dismissive: list[str]
    dismissive_after: list[str] = Field(default_factory=list)
    inverting_verbs: list[str]

    _check = field_validator("dismissive", "dismissive_after")(_compile_all)


class RecognisersFile(StrictModel):
    """``rules/safety/recognisers.yaml``."""

    negation: Negation
    lexicons: dict[str, list[str]]
    recognisers: list[Recogniser]

    @model_validator(mode="after")
    def _groups_resolve(self) -> RecognisersFile:
        for phrases in self.lexicons.values():
            _compile_all(phrases)
        for rec in self.recognisers:
            for group in [*rec.groups, *rec.any]:
                if group not in self.lexicons:
                    compile_phrase(group)
        return self


class RequirementWhen(StrictModel):
    """One profile that makes a kind required: any listed advice type, and (when given) a
    target region group, condition, or a joint with an injury."""

    advice: list[str] = Field(min_length=1)
    groups: list[str] = Field(default_factory=list)
    conditions: list[str] = Field(default_factory=list)
    #: condition, symptom, procedure and activity words (lower-case, as articles name them)
    #: whose mention in an article that gives advice makes the set relevant
    words: list[str] = Field(default_factory=list)
    #: whether advice about these words needs warning signs on its own (a set for what an
    #: activity or a medicine can do in general only supplies wording when warning signs are
    #: required for another reason)
    requires: bool = True
    injury: bool = False
    instructions: bool = False
    level: Literal["advise", "discuss"] = "advise"
    severity: Literal["error", "warning", "info"] | None = None


class RequirementExamples(StrictModel):
    """Mini-articles to which the requirement applies, and ones to which it does not."""

    applies: list[str] = Field(min_length=1)
    not_applies: list[str] = Field(min_length=1)


class Requirement(StrictModel):
    """Which articles need one kind of safety information, and how to report its absence."""

    kind: str
    rule: str
    weak_rule: str
    severity: Literal["error", "warning", "info"]
    weak_severity: Literal["error", "warning", "info"]
    weak: str
    missing: str
    placement: str
    wording: str
    sources: list[str] = Field(default_factory=list)
    when: list[RequirementWhen] = Field(min_length=1)
    examples: RequirementExamples

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in SAFETY_KINDS:
            raise ValueError(f"kind {value!r} is not one of {', '.join(SAFETY_KINDS)}")
        return value


class RequirementsFile(StrictModel):
    """``rules/safety/requirements.yaml``."""

    buried_rule: str
    contradicted_rule: str
    requirements: list[Requirement]


@dataclass(frozen=True)
class SafetyKnowledge:
    """Everything the safety family reads, loaded and cross-checked."""

    topics: TopicsFile
    red_flags: RedFlagsFile
    recognisers: RecognisersFile
    requirements: RequirementsFile


def load_safety(rules_directory: Path) -> SafetyKnowledge:
    """Load and cross-check rules/safety/*.yaml (advice types, groups and conditions named in
    requirements and red flags must exist in topics.yaml)."""
    base = rules_directory / "safety"
    topics = load_model(base / "topics.yaml", TopicsFile)
    red_flags = load_model(base / "red_flags.yaml", RedFlagsFile)
    recognisers = load_model(base / "recognisers.yaml", RecognisersFile)
    requirements = load_model(base / "requirements.yaml", RequirementsFile)
    groups = {r.group for r in topics.regions.values()}
    for name, named in topics.named_conditions.items():
        if named.group not in groups and named.group not in topics.conditions:
            raise KnowledgeError(f"{base / 'topics.yaml'}: named condition {name}: unknown "
                                 f"region group or condition {named.group!r}")
    for flag_set in red_flags.sets:
        for group in flag_set.applies.groups:
            if group not in groups:
                raise KnowledgeError(f"{base / 'red_flags.yaml'}: set {flag_set.id}: unknown "
                                     f"region group {group!r}")
        for condition in flag_set.applies.conditions:
            if condition not in topics.conditions:
                raise KnowledgeError(f"{base / 'red_flags.yaml'}: set {flag_set.id}: unknown "
                                     f"condition {condition!r}")
    for req in requirements.requirements:
        for when in req.when:
            for advice in when.advice:
                if advice not in topics.advice_types:
                    raise KnowledgeError(f"{base / 'requirements.yaml'}: {req.kind}: unknown "
                                         f"advice type {advice!r}")
            for group in when.groups:
                if group not in groups:
                    raise KnowledgeError(f"{base / 'requirements.yaml'}: {req.kind}: unknown "
                                         f"region group {group!r}")
            for condition in when.conditions:
                if condition not in topics.conditions:
                    raise KnowledgeError(f"{base / 'requirements.yaml'}: {req.kind}: unknown "
                                         f"condition {condition!r}")
    return SafetyKnowledge(topics, red_flags, recognisers, requirements)
