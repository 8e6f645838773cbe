"""Named conditions placed on the wrong aspect or part of the body.

The claims ("Golfer's elbow affects the outside of the elbow") are read by
:mod:`pipeline.nlp.readers.condition_claims`; this module judges each against what
``rules/anatomy/conditions.yaml`` says about the condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.knowledge.anatomy import AnatomyKB, Condition
from pipeline.nlp.readers.condition_claims import ConditionClaim

OPPOSITE_ASPECT = {"inside": "outside", "outside": "inside", "front": "back", "back": "front"}
ASPECT_WORDS = {"inside": "the inside (medial side)", "outside": "the outside (lateral side)",
                "front": "the front", "back": "the back"}


@dataclass(frozen=True)
class ConditionVerdict:
    """What is wrong with a condition claim."""

    message: str
    explanation: str
    suggestion: str
    reference: str


def judge_condition(claim: ConditionClaim, kb: AnatomyKB) -> ConditionVerdict | None:
    """The verdict on one condition claim, or None when it is right or undecidable."""
    cond = kb.conditions[claim.condition]
    ref = kb.cite(cond.ref)
    if claim.kind == "aspect":
        if cond.aspect is None or OPPOSITE_ASPECT.get(claim.value) != cond.aspect:
            return None
        if claim.base is not None and not _near_site(claim.base, cond, kb):
            return None
        return ConditionVerdict(
            f"{_cap(cond.name)} is on {ASPECT_WORDS[cond.aspect]}, not "
            f"{ASPECT_WORDS[claim.value]}.",
            f"{_cap(cond.name)}: {cond.what}.",
            f"Place {cond.name} on {ASPECT_WORDS[cond.aspect]}.", ref)
    if claim.kind == "site":
        wrong = next((n for n in cond.not_in if claim.value == n
                      or n in kb.ancestors(claim.value)), None)
        if wrong is None:
            return None
        return ConditionVerdict(
            f"{_cap(cond.name)} does not cause symptoms in {_the(kb, claim.value)}.",
            f"{_cap(cond.name)}: {cond.what}.",
            f"Describe where {cond.name} is really felt: {cond.what}.", ref)
    if claim.kind == "not_a":
        return ConditionVerdict(
            f"{_cap(cond.name)} is not {claim.value}.",
            f"{_cap(cond.name)}: {cond.what}.",
            f"Describe {cond.name} correctly: {cond.what}.", ref)
    return None


def _near_site(base: str, cond: Condition, kb: AnatomyKB) -> bool:
    return any(base == s or s in kb.ancestors(base) or base in kb.ancestors(s)
               or kb.related(base, s) for s in cond.site)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _the(kb: AnatomyKB, concept_id: str) -> str:
    return f"the {kb[concept_id].name}"
