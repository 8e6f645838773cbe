"""Phase-action frames: what a structure is said to do in a phase of breathing.

"When you breathe in, the diaphragm relaxes and rises", "As you exhale your lungs expand",
"During inhalation the rib cage drops": a :class:`Relation` of type ``phase_action`` with
the structure as subject, the phase (``inhale`` / ``exhale``) as ``aspect`` and the motion
("relax", "move down") as ``verb``. The phase comes from the clause or phrase attached to
the verb (or to the verb it is coordinated with); a sentence that names one phase only and
no phase clause of its own lends it to its verbs. Which motions are right in which phase is
knowledge (``rules/anatomy/phases.yaml``); the check judges.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from pipeline.knowledge.anatomy import AnatomyKB
from pipeline.nlp.frames import Relation, Words
from pipeline.nlp.readers.base import Reading, verb_like
from pipeline.nlp.readers.relations import anatomy

PHASE_DEPS = ("advcl", "prep", "npadvmod", "advmod")


def _lemmas(tokens: list[Token]) -> str:
    return " " + " ".join(t.lemma_.lower() for t in tokens) + " "


class PhaseActionReader:
    """Read the phase-action frames of one Doc."""

    def __init__(self, reading: Reading) -> None:
        self.r = reading
        self.kb: AnatomyKB = anatomy(reading.knowledge.directory)

    def _phases_in(self, text: str) -> set[str]:
        return {phase for phase, cues in self.kb.phase_cues.items()
                if any(f" {cue} " in text for cue in cues)}

    def _phase_of(self, verb: Token, sentence: set[str], sent: Span
                  ) -> tuple[str | None, list[int]]:
        """The phase said for ``verb`` and the tokens that say it: a clause or phrase
        attached to it (or to the verb it is coordinated with), else the sentence's only
        phase (said by the sentence's phase clauses)."""
        for owner in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
            for child in owner.children:
                if child.dep_ in PHASE_DEPS and child.i != verb.i:
                    found = self._phases_in(_lemmas(list(child.subtree)))
                    if len(found) == 1:
                        return found.pop(), [t.i for t in child.subtree]
                    if found:
                        return None, []
        if len(sentence) != 1:
            return None, []
        clauses = [t.i for c in sent if c.dep_ in PHASE_DEPS and c.head.i != c.i
                   and self._phases_in(_lemmas(list(c.subtree))) for t in c.subtree]
        return next(iter(sentence)), clauses

    def _structure(self, verb: Token, sent: Span) -> Span | None:
        """The structure that moves: the verb's subject (through conjunctions), or, for
        "it"/"they", the last structure with phase knowledge named in this sentence before
        the verb or in the sentence before."""
        up = verb
        while self.r.subject(up) is None and up.dep_ == "conj" and up.head.i != up.i:
            up = up.head
        subject = self.r.subject(up)
        if subject is None:
            return None
        span = self.r.anatomy.get(subject.i)
        if span is not None:
            return span if span.label_ in self.kb.phase_actions else None
        if subject.lower_ not in ("it", "they"):
            return None
        plural = subject.lower_ == "they"
        index = self.r.sentence_index(sent.start)
        start = self.r.sentences[index - 1].start if index > 0 else sent.start
        named = [s for i, s in self.r.anatomy.items() if start <= i < subject.i
                 and s.root.i == i and s.label_ in self.kb.phase_actions
                 and (s.root.tag_ in ("NNS", "NNPS")) == plural]
        return named[-1] if named else None

    def _moves(self, token: Token) -> bool:
        """A verb, or a motion verb the small parser tagged as a noun after "and" ("the
        diaphragm relaxes and rises/NNS")."""
        if verb_like(token):
            return True
        if token.dep_ != "conj" or token.head.pos_ not in ("VERB", "AUX"):
            return False
        lemma = token.lemma_.lower()
        return any(lemma == m.split()[0] for action in self.kb.phase_actions.values()
                   for motion in action.phases.values() for m in (*motion.right, *motion.wrong))

    def _motion(self, verb: Token) -> str:
        directions = self.kb.phase_directions  # "moves down", "domes upward"
        direction = next((directions[c.lower_] for c in verb.children
                          if c.dep_ in ("prt", "advmod") and c.lower_ in directions), None)
        lemma = verb.lemma_.lower()
        return f"{lemma} {direction}" if direction else lemma

    def frames(self) -> Iterator[Relation]:
        """Every phase-action frame of the Doc."""
        if not self.kb.phase_actions:
            return
        for index, sent in enumerate(self.r.sentences):
            sentence = self._phases_in(_lemmas(list(sent)))
            if not sentence:
                continue
            for verb in sent:
                if not self._moves(verb) or verb.lemma_.lower() in ("be", "have"):
                    continue
                span = self._structure(verb, sent)
                if span is None:
                    continue
                phase, said = self._phase_of(verb, sentence, sent)
                if phase is None or phase not in self.kb.phase_actions[span.label_].phases:
                    continue
                here = span if span.start >= sent.start else None
                first = min(here.start if here is not None else verb.i, verb.i)
                last = max([verb.i, *(c.i for c in verb.children if c.dep_ in (
                    "prt", "advmod") and c.lower_ in self.kb.phase_directions)])
                subject = Words.of(here, concept=span.label_,
                                   kind=self.kb[span.label_].kind) if here is not None else \
                    Words(start=verb.idx, end=verb.idx, text="", first_token=verb.i,
                          last_token=verb.i, concept=span.label_,
                          kind=self.kb[span.label_].kind)
                doc = self.r.doc
                yield Relation(
                    start=doc[first].idx, end=doc[last].idx + len(doc[last]),
                    first_token=first, last_token=last, sentence=index,
                    # "when you breathe in" says when, not a supposition
                    context=self.r.context(first, last, ignore=said), reader="phase_actions",
                    relation="phase_action", subject=subject, aspect=phase,
                    verb=self._motion(verb))
