"""Unsafe advice judged from claim frames against ``rules/unsafe/`` (what is known to harm).

It reads no sentence itself: it judges the Advice, Quantity and Evaluation frames of
:mod:`pipeline.nlp.frames` (and their first-person stories offered as a model):

- ``UNSAFE-STOP-MEDICINE`` / ``UNSAFE-CHANGE-MEDICINE``: stopping, skipping, doubling,
  halving or otherwise changing a prescribed medicine with no clinician in the advice;
- ``UNSAFE-OVER-MAXIMUM``: a dose above a medicine's label maximum or a supplement's upper
  intake level (per dose, or per day with the frequency the article gives);
- ``UNSAFE-SAME-CLASS``: two medicines of a class that must not be combined, taken together;
- ``UNSAFE-ADMINISTRATION``: advice that breaks how a medicine must be taken (crushing
  slow-release tablets, lying down after a bisphosphonate, stopping antibiotics early);
- ``UNSAFE-HARMFUL-FOR-GROUP``: a medicine advised or called safe for a group it is known to
  harm (NSAIDs in kidney disease, aspirin for children);
- ``UNSAFE-HARMFUL-REMEDY``: a remedy or practice known to harm, advised or praised;
- ``UNSAFE-ACTIVITY-FOR-CONDITION``: an activity the article's own condition or procedure
  rules out (heavy lifting after a hernia repair, bed rest for back pain);
- ``UNSAFE-HARMS-DENIED``: a medicine, supplement, remedy or procedure said to have no side
  effects or risks at all.

Advice that is negated as a whole, conditional on a clinician, hypothetical, a question, a
quoted or reported belief or a debunked myth gives nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.checks.frame_conflicts import endorsed_amount
from pipeline.findings import Finding
from pipeline.knowledge.lexicon import Lexicon, declare, default_lexicon, load_lexicon
from pipeline.knowledge.medicines import (
    ActivityCaution,
    Administration,
    Avoid,
    Limit,
    Medicine,
    MedicineClass,
    MedicineKnowledge,
    Remedy,
    load_medicines,
)
from pipeline.knowledge.safety import Slot, compile_phrase
from pipeline.nlp.frames import Advice, Evaluation, Frame, Quantity, Words, frames_of
from pipeline.nlp.readers.base import (
    ALTERNATIVES,
    CONTRAST_WORDS,
    GENERIC_MEDICINES,
    PRONOUNS,
    SKIPPABLE,
    STOP_VERBS,
)
from pipeline.nlp.sentences import sentence_list
from pipeline.nlp.topic_profile import TAKEN

ON_MEDICINE = declare("on_medicine_words", "words besides the taking verbs that say someone "
                      "takes a medicine ('if you are on warfarin')")
UNIVERSAL_GROUPS = declare("universal_groups", "words for every group of people at once "
                           "(everyone, any age, the whole family)")
GROUP_RESTRICTORS = declare("group_restrictors", "words after 'everyone' that narrow it "
                            "again (over, under, aged, except)")
APPROXIMATORS = declare("approximators", "words that make 'everyone' most people (almost, "
                        "nearly)")
CHANGE_VERBS = declare("medicine_change_verbs", "verbs that change how a medicine is taken "
                       "(skip, double, halve, taper)")
CLINICIAN_KINDS = declare("clinician_kinds", "broader words whose every kind is a clinician "
                          "who can advise on a medicine (a cardiologist is a doctor)")
DOSE_RAISERS = declare("dose_raisers", "words that make a dose larger than prescribed "
                       "(a double dose, extra tablets)")
EVEN_WORDS = declare("even_spacing_words", "manner words that keep a regimen as prescribed "
                     "('space your doses evenly')")
PRESCRIBED = declare("prescribed_words", "words that make a medicine the reader's prescribed "
                     "one (prescribed, your tablets)")
PROFESSIONALS = declare("professional_words", "words that bring a clinician into advice "
                        "(doctor, GP, pharmacist)")
ABSOLUTES = declare("harm_denial_words", "words that deny any harm (no side effects, "
                    "completely safe)")
PRESCRIBING_VERBS = declare("prescribing_verbs", "verbs that say who prescribed a medicine "
                            "(prescribe, recommend)")
TREATMENT_HARMS = declare("treatment_harm_words", "harms only a treatment has (side "
                          "effects, adverse reactions)")
CHILD_WORDS = declare("child_words", "words for children (child, toddler, under 12)")
PROCEDURES = declare("procedure_nouns", "what a practitioner does to a patient (treatment, "
                      "adjustment, injection)")
PHASE_OPENERS = declare("phase_openers", "words that open a time phrase of their own "
                        "(while, until, after)")
REMOVAL_VERBS = declare("removal_verbs", "verbs that take away what they govern (remove)")
REMOVAL_PARTICLES = declare("removal_particles", "particles that make a verb take away (off)")
LEAVING_OUT = declare("leave_out_verbs", "verbs that leave out what they govern (skip)")
COORDINATORS = declare("list_coordinators", "words that only list things (and, both, as)")
EXAMPLE_MARKERS = declare("example_markers", "words that name an example of a kind (such as, "
                          "like, including)")
ADDING_VERBS = declare("adding_verbs", "verbs that take one more thing on top of what is "
                      "already taken (add, top up)")
COMBINING = declare("combining_words", "words that put two things together (and, with, "
                    "together, plus)")
ACUTE_WORDS = declare("acute_words", "words that put advice in the first days after an "
                      "injury (straight away, new, fresh)")
LATER_WORDS = declare("later_words", "words that put advice after a recovery time (weeks, "
                      "once, until, healed)")
NOT_ASSERTED = frozenset({"hypothetical", "question", "reported", "myth", "quoted"})
DAY = 86400.0


class Entry(NamedTuple):
    """A compiled phrase of the unsafe knowledge: what it belongs to and its slots."""

    owner: Administration | Remedy | ActivityCaution
    key: str
    slots: tuple[Slot, ...]


@lru_cache(maxsize=4)
def _phrases(directory: Path) -> dict[str, list[Entry]]:
    """Compiled violation, remedy and activity phrases, by kind."""
    knowledge = load_medicines(directory)
    out: dict[str, list[Entry]] = {"admin": [], "remedy": [], "activity": []}
    for medicine in knowledge.medicines.values():
        for rule in medicine.administration:
            for text in rule.violations:
                out["admin"].append(Entry(rule, medicine.id, compile_phrase(text).slots))
    for cls in knowledge.classes.values():
        for rule in cls.administration:
            for text in rule.violations:
                out["admin"].append(Entry(rule, f"class:{cls.id}", compile_phrase(text).slots))
    for remedy in knowledge.remedies:
        for text in remedy.cues:
            out["remedy"].append(Entry(remedy, remedy.id, compile_phrase(text).slots))
    for caution in knowledge.cautions:
        for text in caution.activities:
            out["activity"].append(Entry(caution, caution.id, compile_phrase(text).slots))
    return out


def _words(sent: Span) -> list[tuple[str, str, int, int]]:
    """A sentence as (text, lemma, first token, last token), hyphenated compounds joined
    ("slow-release" is one word, as the phrases write it)."""
    from pipeline.nlp.topic_profile import sentence_words

    return [(w.text, w.lemma, w.first, w.last) for w in sentence_words(sent)]



@lru_cache(maxsize=1)
def _skippable() -> frozenset[str]:
    return default_lexicon().list(SKIPPABLE)


def _match(slots: tuple[Slot, ...], words: Sequence[tuple[str, str, int, int]], i: int,
           k: int = 0) -> int | None:
    """End of the longest match of ``slots[k:]`` at ``words[i:]``, or None."""
    if k == len(slots):
        return i
    slot = slots[k]
    if k > 0 and i < len(words) and words[i][0] in _skippable() and words[i][0] not in \
            slot.words:
        return _match(slots, words, i + 1, k)
    best = None
    if i < len(words) and ((not slot.words and any(ch.isalnum() for ch in words[i][0]))
                           or words[i][0] in slot.words or words[i][1] in slot.words):
        best = _match(slots, words, i + 1, k + 1)
    if slot.optional:
        other = _match(slots, words, i, k + 1)
        if other is not None and (best is None or other > best):
            best = other
    return best


def find(phrases: list[Entry], sent: Span) -> Iterator[tuple[Entry, int, int]]:
    """Every phrase matched in a sentence: (entry, first token, last token)."""
    words = _words(sent)
    present = {w[0] for w in words} | {w[1] for w in words}
    for entry in phrases:
        required = next((s.words for s in entry.slots if not s.optional and s.words), None)
        if required is not None and not required & present:
            continue  # a word the phrase needs is not in the sentence
        for i in range(len(words)):
            end = _match(entry.slots, words, i)
            if end is not None and end > i:
                yield entry, words[i][2], words[end - 1][3]
                break


def _runs(text: str, longest: int) -> list[str]:
    """Every run of up to ``longest`` space-separated fields of ``text`` (a name is in the
    text, between spaces, exactly when it is one of these)."""
    fields = text.split(" ")
    return [" ".join(fields[i:j]) for i in range(len(fields))
            for j in range(i + 1, min(i + longest, len(fields)) + 1)]


def _names_group(who: str, text: str) -> bool:
    """Whether ``text`` names a group, in the singular or the plural ("toddlers": "your
    toddler")."""
    forms = {who, who + "s", who[:-1] if who.endswith("s") and not who.endswith("ss") else who}
    return any(re.search(rf"\b{re.escape(form)}\b", text) for form in forms)


class Judge:
    """The unsafe-advice judgements for one article."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.text = ctx.document.text
        self.knowledge: MedicineKnowledge = load_medicines(ctx.knowledge.directory)
        self.lexicon: Lexicon = load_lexicon(ctx.knowledge.directory)
        self.frames = frames_of(ctx.doc)
        self.sentences = sentence_list(ctx.doc)
        self.phrases = _phrases(ctx.knowledge.directory)
        self.title = (ctx.document.title or "").lower()
        self._name_rank = {n: i for i, n in enumerate(self.knowledge.by_name)}
        self._longest_name = max(
            (len(n.split(" ")) for n in (*self.knowledge.by_name,
                                         *self.knowledge.class_by_name)), default=1)

    # ------------------------------------------------------------------ helpers
    def medicines_in(self, words: Words | None) -> list[Medicine]:
        """The medicines a slot names (its concept, lemma or any known name inside it)."""
        if words is None:
            return []
        found: dict[str, Medicine] = {}
        for key in (words.concept, words.lemma):
            if key:
                for medicine in self.knowledge.named(key):
                    found[medicine.id] = medicine
        named = [n for n in _runs(words.text.lower(), self._longest_name)
                 if n in self.knowledge.by_name]
        for name in sorted(set(named), key=self._name_rank.__getitem__):
            for mid in self.knowledge.by_name[name]:
                found[mid] = self.knowledge.medicines[mid]
        return list(found.values())

    def classes_in(self, words: Words | None) -> list[MedicineClass]:
        """The medicine classes a slot names ("NSAIDs", "beta blockers")."""
        if words is None:
            return []
        out = []
        runs = set(_runs(words.text.lower(), self._longest_name))
        for name, cid in self.knowledge.class_by_name.items():
            if name in runs and self.knowledge.classes[cid] not in out:
                out.append(self.knowledge.classes[cid])
        return out

    def sentence_text(self, frame: Frame) -> str:
        """The frame's sentence as lower-case tokens separated by spaces (so "safe." is
        "safe ." and "can't" is "ca n't", as the word lists write them)."""
        sent = self.sentences[frame.sentence]
        return " " + " ".join(t.lower_ for t in sent if not t.is_space) + " "

    def mentions_professional(self, frame: Frame, before: int = 0) -> bool:
        """Whether the advice brings in a clinician: its sentence (or one of the ``before``
        sentences just before it, such as a list's lead-in) names one."""
        own = self.sentences[frame.sentence]
        for index in range(max(frame.sentence - before, 0), frame.sentence + 1):
            sent = self.sentences[index]
            if index < frame.sentence and "\n\n" in self.doc.text[
                    sent.start_char:own.start_char] and not sent.text.rstrip().endswith(":"):
                continue  # a clinician in an earlier paragraph is not in this advice
            described = {t.i for clause in self.prescribing_clauses(sent)
                         for t in clause.subtree}
            text = " " + " ".join(t.lower_ for t in sent if not t.is_space
                                  and t.i not in described) + " "
            if any(f" {w} " in text for w in self.lexicon.list(PROFESSIONALS)):
                return True
            # a kind of doctor or nurse the list does not name ("my cardiologist", "the
            # health visitor"), by the lexicon's broader words; a naturopath is neither
            kinds = self.lexicon.list(CLINICIAN_KINDS)
            if any(t.pos_ == "NOUN" and t.i not in described and any(
                    self.lexicon.related(t.lemma_.lower(), k) for k in kinds) for t in sent):
                return True
        return False

    def prescribing_clauses(self, sent: Span) -> list[Token]:
        """Clauses that say who prescribed a medicine ("the cream your doctor prescribed",
        "the tablets prescribed by your GP"): they describe the medicine, they bring no
        clinician into the advice."""
        verbs = self.lexicon.list(PRESCRIBING_VERBS)
        return [t for t in sent if t.dep_ in ("relcl", "acl") and t.lemma_.lower() in verbs]

    def asserted(self, frame: Frame) -> bool:
        """Whether a frame is the article's own statement."""
        return not set(frame.context) & NOT_ASSERTED

    def advised(self, frame: Advice) -> bool:
        """Advice the article gives (or a story it offers as a model), to do or that may
        be done."""
        return self.asserted(frame) and frame.speaker in ("writer", "first_person") and \
            frame.polarity in ("do", "may")

    def finding(self, rule: str, frame: Frame, message: str, explanation: str,
                suggestion: str, references: Sequence[str]) -> Finding:
        """A finding on a frame's words, its slots included ("take co-codamol together with
        your usual paracetamol tablets")."""
        first, last = self.extent(frame)
        start = self.doc[first].idx
        end = self.doc[last].idx + len(self.doc[last])
        return self.ctx.finding(rule, start, end, message=message,
                                explanation=explanation, suggestion=suggestion,
                                references=tuple(r for r in references if r), confidence=0.8)

    # ------------------------------------------------------------------ judgements
    def run(self) -> Iterator[Finding]:
        """Every judgement over the article's frames."""
        for frame in self.frames:
            if isinstance(frame, Advice):
                yield from self.change(frame)
                yield from self.same_class(frame)
                yield from self.for_group(frame)
            elif isinstance(frame, Quantity):
                yield from self.over_maximum(frame)
            elif isinstance(frame, Evaluation):
                yield from self.denied(frame)
                yield from self.same_class(frame)
                yield from self.for_group(frame)
        for index, sent in enumerate(self.sentences):
            yield from self.administration(index, sent)
            yield from self.remedies(index, sent)
            yield from self.activities(index, sent)

    def change(self, advice: Advice) -> Iterator[Finding]:
        """Stopping, skipping or changing a prescribed medicine on one's own."""
        if not self.asserted(advice) or advice.speaker not in ("writer", "first_person"):
            return
        lemma = advice.action.lemma or ""
        # "stop your tablets" (do, change stop) and a story "I stopped my tablets" (read as
        # avoiding them); "never stop your tablets" (avoid, change stop) is the safe advice
        # "stop taking your tablets" is read as avoiding the taking (the act under the stop
        # verb), "stop your tablets" as doing the stop; "never stop taking" does the taking
        stops_itself = lemma in self.lexicon.list(STOP_VERBS)
        stop = advice.change is not None and (
            advice.polarity in (("do", "may") if stops_itself else ("avoid",))
            or advice.speaker == "first_person")
        raised = advice.speaker == "first_person" and self._raised_dose(advice)
        if raised:
            lemma = "raise"
        change = not stop and advice.polarity in ("do", "may") and \
            (lemma in self.lexicon.list(CHANGE_VERBS) or raised) and not (
                advice.manner is not None and any(  # "space your doses evenly"
                    w in self.lexicon.list(EVEN_WORDS)
                    for w in advice.manner.text.lower().split()))
        if not (stop or change):
            return
        medicines = self.medicines_in(advice.topic) + self.medicines_in(advice.action)
        prescribed = any(m.prescription or any(c.prescription for c in
                                               self.knowledge.classes_of(m))
                         for m in medicines) or any(c.prescription for c in self.classes_in(
                             advice.topic))
        words = f" {(advice.topic.text if advice.topic else '').lower()} " \
            f"{advice.action.text.lower()} "
        prescribed = prescribed or any(f" {w} " in words for w in self.lexicon.list(PRESCRIBED))
        if not prescribed and advice.topic is not None:
            # "the steroid cream your doctor prescribed": a clause on the medicine says so
            sent = self.sentences[advice.sentence]
            prescribed = any(clause.head.i in range(advice.topic.first_token,
                                                    advice.topic.last_token + 1)
                             for clause in self.prescribing_clauses(sent))
        if not prescribed or self.mentions_professional(advice, before=2) or \
                "hedged" in advice.context:  # "people with diabetes may need to: - change"
            return
        if advice.condition is not None and advice.change is not None and \
                not self.restates_use(advice.condition, medicines):
            return  # "stop taking it if you get a rash": a warning, not a change of course
            # ("if you take allopurinol, stop taking it when a flare starts" is one)
        name = medicines[0].names[0] if medicines else "a prescribed medicine"
        rule = "UNSAFE-STOP-MEDICINE" if stop else "UNSAFE-CHANGE-MEDICINE"
        why = next((m.stop_abruptly for m in medicines if m.stop_abruptly), None) or next(
            (c.stop_abruptly for m in medicines for c in self.knowledge.classes_of(m)
             if c.stop_abruptly), None)
        yield self.finding(
            rule, advice,
            f"Tells readers to {'stop' if stop else lemma} {name} on their own.",
            (why + " " if why else "") + "A prescribed medicine is changed or stopped only "
            "with the prescriber, who can say how to do it safely.",
            "Do not stop or change a prescribed medicine on your own; talk to the doctor or "
            "pharmacist who prescribed it first.",
            [m.source or "" for m in medicines[:1]] or ["NHS: Medicines information"])

    def _raised_dose(self, advice: Advice) -> bool:
        """A story that takes more of a medicine than prescribed ("on bad days I just take a
        double dose of bisoprolol"): a dose word the action names with a word that raises
        it. The cue rules judge the same words in instructions."""
        raising = self.lexicon.list(DOSE_RAISERS)
        doses = self.lexicon.list(GENERIC_MEDICINES)
        return any(t.lower_ in raising and t.head.lemma_.lower() in doses
                   for t in self.doc[advice.action.first_token:advice.action.last_token + 1])

    def restates_use(self, condition: Words, medicines: Sequence[Medicine]) -> bool:
        """Whether a condition only says who takes the medicine ("if you take allopurinol",
        "if you are on warfarin"): it scopes the advice, it does not trigger it."""
        tokens = self.doc[condition.first_token:condition.last_token + 1]
        lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
        text = f" {condition.text.lower()} "
        return bool(lemmas & (self.lexicon.list(TAKEN) | self.lexicon.list(ON_MEDICINE))) and any(
            f" {name} " in text for m in medicines for name in m.names)

    def over_maximum(self, quantity: Quantity) -> Iterator[Finding]:
        """A dose above a label maximum or a supplement's upper intake level."""
        if quantity.dimension != "dose" or not self.asserted(quantity) or \
                "negated" in quantity.context or quantity.bound in ("at_most",):
            return
        if not self._in_advice(quantity):
            return
        medicines = self.medicines_in(quantity.topic)
        if not medicines:
            return
        group = "child" if self._about_children(quantity) else "adult"
        per_day = quantity.per_seconds is not None and abs(quantity.per_seconds - DAY) < 1
        times = self._times_a_day(quantity)
        value = quantity.low if quantity.low is not None else quantity.high
        if value is None:
            return
        for medicine in medicines:
            for limit in medicine.limits:
                if limit.group not in (group, "any"):
                    continue
                for scope, cap in (("dose", limit.per_dose), ("day", limit.per_day)):
                    if cap is None:
                        continue
                    amount = self._in_unit(value, quantity.unit, cap.unit, medicine)
                    if amount is None:
                        continue
                    if scope == "dose" and per_day:
                        continue
                    if scope == "day" and not per_day:
                        if times is None:
                            continue
                        amount *= times
                    if amount > cap.value * 1.0001:
                        yield self._over(quantity, medicine, limit, scope, amount, cap.value,
                                         cap.unit)
                        return

    def _over(self, quantity: Quantity, medicine: Medicine, limit: Limit, scope: str,
              amount: float, cap: float, unit: str) -> Finding:
        name = medicine.names[0]
        level = "upper limit" if limit.upper_level else "maximum"
        what = "a day" if scope == "day" else "in one dose"
        return self.finding(
            "UNSAFE-OVER-MAXIMUM", quantity,
            f"This dose of {name} ({amount:g} {unit} {what}) is above the {level} of "
            f"{cap:g} {unit} {what}.",
            f"The {level} for {name} is {cap:g} {unit} {what} ({limit.source}). Above it the "
            "risk of serious harm rises.",
            f"Give the label dose and the {level}: no more than {cap:g} {unit} {what}, and "
            "ask a pharmacist or doctor before taking more.",
            [limit.source, medicine.source or ""])

    def _in_unit(self, value: float, unit: str, wanted: str, medicine: Medicine
                 ) -> float | None:
        if unit == "mg":
            if wanted == "mg":
                return value
            if wanted == "g":
                return value / 1000
            if wanted == "mcg":
                return value * 1000
            if wanted == "IU" and medicine.iu_per_mcg:
                return value * 1000 * medicine.iu_per_mcg
            return None
        if unit == "IU" and wanted in ("mg", "mcg") and medicine.iu_per_mcg:
            mcg = value / medicine.iu_per_mcg
            return mcg if wanted == "mcg" else mcg / 1000
        if unit == wanted or (unit, wanted) in (("tablets", "tablets"),):
            return value
        return None

    def _in_advice(self, quantity: Quantity) -> bool:
        """The dose belongs to advice the article gives (not to a warning of what an
        overdose does)."""
        return any(isinstance(f, Advice) and f.sentence == quantity.sentence and
                   self.advised(f) for f in self.frames) or endorsed_amount(
            quantity, self.frames, self.lexicon)

    def _times_a_day(self, quantity: Quantity) -> float | None:
        for frame in self.frames:
            if isinstance(frame, Quantity) and frame.sentence == quantity.sentence and \
                    frame.dimension == "frequency" and frame.high is not None:
                return frame.high
        return None

    def _about_children(self, frame: Frame) -> bool:
        text = self.sentence_text(frame)
        return any(f" {w} " in text for w in self.lexicon.list(CHILD_WORDS))

    def same_class(self, frame: Advice | Evaluation) -> Iterator[Finding]:
        """Two medicines that must not be combined, advised or called fine together: two of
        a class ("aspirin and ibuprofen together", "ibuprofen on top of your daily aspirin
        is fine"), or one with a medicine its knowledge says it harms people taking
        ("ibuprofen is fine to take alongside warfarin")."""
        combining = self.lexicon.list(COMBINING)
        if isinstance(frame, Advice):
            if not self.advised(frame):
                return
            verb = self.doc[frame.action.first_token]
            # the verb's own clause, not the steps coordinated with it ("take the lowest
            # dose, and do not take ibuprofen together with naproxen"); a verb of adding
            # adds to what the sentence takes before it ("I pop a cetirizine with
            # breakfast, and on bad days I add a loratadine")
            tokens = [t for t in verb.subtree if not self._other_step(t, verb)]
            if verb.lemma_.lower() in self.lexicon.list(ADDING_VERBS):
                tokens = [t for t in verb.sent if t.i <= verb.right_edge.i]
                combining = combining | {verb.lower_}
        else:
            # "ibuprofen on top of your daily aspirin is fine": called fine together, with a
            # word that joins them ("ibuprofen and naproxen are effective" speaks of each)
            if not self.asserted(frame) or "negated" in frame.context or \
                    frame.judgement not in ("safe", "best"):
                return
            tokens = list(self.doc[frame.first_token:self._clause_end(frame)])
            combining = combining - self.lexicon.list(COORDINATORS)
        # the words as written, punctuation apart ("naproxen." names naproxen; "co-codamol"
        # stays one name)
        text = " " + " ".join(re.sub(r"[,.;:!?()\"]", " ", "".join(
            t.text_with_ws for t in tokens).lower()).split()) + " "
        words_of = dataclasses.replace(Words.of(tokens), text=text.strip())
        named = sorted(self.medicines_in(words_of), key=lambda m: self._position(m, text))
        if len(named) < 2 or not {t.lower_ for t in tokens} & combining:
            return
        if isinstance(frame, Advice) and not self.medicines_in(frame.topic):
            return  # "tell your pharmacist ... as aspirin and ibuprofen can interact"
        alternatives = self.lexicon.list(ALTERNATIVES)
        examples = self.lexicon.list(EXAMPLE_MARKERS)
        for i, first in enumerate(named):
            for second in named[i + 1:]:
                if self._position(first, text) == self._position(second, text):
                    continue  # one name for two entries ("aspirin")
                between = text[self._position(first, text):self._position(second, text)]
                words = set(between.split())
                if words & alternatives and not words & combining:
                    continue  # "co-codamol or codeine": one or the other
                before = text[:self._position(first, text) + 1]
                if any(f" {m} " in between or before.endswith(f" {m} ") for m in examples):
                    continue  # "anti-inflammatories such as naproxen", "including aspirin
                    # and ibuprofen": named as examples of a kind
                if isinstance(frame, Evaluation) and not words & combining:
                    continue
                found = list(self._combined(frame, first, second))
                if found:
                    yield found[0]
                    return

    def _other_step(self, token: Token, verb: Token) -> bool:
        """Whether a token of a verb's subtree belongs to another step coordinated under it
        ("take the smallest dose that works, and never take naproxen with ibuprofen"); a
        medicine's name the parser tags as a verb is no step."""
        up = token
        while up.i != verb.i and up.head.i != up.i:
            if up.pos_ in ("VERB", "AUX") and up.dep_ in ("conj", "dep", "parataxis") and \
                    up.lower_ not in self.knowledge.by_name:
                return True
            up = up.head
        return False

    def _combined(self, frame: Frame, first: Medicine, second: Medicine
                  ) -> Iterator[Finding]:
        shared = [c for c in self.knowledge.classes_of(first)
                  if c.no_combination and c.id in second.classes]
        if shared:
            cls = shared[0]
            yield self.finding(
                "UNSAFE-SAME-CLASS", frame,
                f"Advises taking {first.names[0]} and {second.names[0]} together: both are "
                f"{cls.label or cls.names[0]}.",
                cls.no_combination or "", f"Do not take {first.names[0]} and "
                f"{second.names[0]} together: take one of them, and ask a pharmacist which "
                "medicines can be combined safely.",
                [cls.source or ""])
            return
        for one, other in ((first, second), (second, first)):
            names = set(other.names) | {n for c in self.knowledge.classes_of(other)
                                        for n in c.names}
            rules = [*one.avoid_in, *(a for c in self.knowledge.classes_of(one)
                                      for a in c.avoid_in)]
            for avoid in rules:
                who = next((w for w in avoid.who if any(
                    _names_group(n, w) for n in names)), None)
                if who is None:
                    continue
                yield self.finding(
                    "UNSAFE-HARMFUL-FOR-GROUP", frame,
                    f"Presents {one.names[0]} with {other.names[0]} as fine, but people "
                    f"{who.removeprefix('people ')} should avoid it.",
                    avoid.why, f"Say that {one.names[0]} should not be taken with "
                    f"{other.names[0]} unless a doctor says so, and that a pharmacist can "
                    "suggest something safer.", [avoid.source])
                return

    @staticmethod
    def _position(medicine: Medicine, text: str) -> int:
        found = [i for n in medicine.names if (i := text.find(f" {n} ")) >= 0]
        return min(found) if found else len(text)

    def _clause_end(self, frame: Frame) -> int:
        """The token after the clause a frame's words start (up to punctuation or a
        coordinator): "is safe at any age", "is fine to take alongside warfarin"."""
        end = frame.last_token + 1
        sentence_end = self.sentences[frame.sentence].end
        while end < sentence_end and not (self.doc[end].is_punct or self.doc[end].dep_ == "cc"):
            end += 1
        return end

    def for_group(self, frame: Advice | Evaluation) -> Iterator[Finding]:
        """A medicine advised, or called safe, for a group it is known to harm."""
        if isinstance(frame, Advice):
            if not self.advised(frame) or frame.change is not None or (
                    frame.action.lemma or "") in self.lexicon.list(LEAVING_OUT):
                return  # "skip it if you have had a stomach ulcer" keeps the group safe
            medicines = self.medicines_in(frame.topic)
            scope = [frame.group, frame.condition, frame.phase, frame.manner, frame.action]
        else:
            if not self.asserted(frame) or frame.judgement not in ("safe", "helps") or \
                    "negated" in frame.context:
                return
            medicines = self.medicines_in(frame.target)
            scope = [frame.effect, frame.condition, frame.phase]
        # "it's fine while breastfeeding, but check with the pharmacist first if you have
        # asthma": a group named past a turn is the exception, not who it is fine for
        contrast = self.lexicon.list(CONTRAST_WORDS)
        kept = [w for w in scope if w is not None and not any(
            t.lower_ in contrast for t in self.doc[frame.last_token + 1:w.first_token])]
        text = " " + " ".join(w.text.lower() for w in kept) + " "
        # "safe for everyone", "fine at any age": a claim over every group covers the
        # groups the medicine harms ("almost everyone" does not)
        universal = self.universal(frame)
        for medicine in medicines:
            rules: list[Avoid] = list(medicine.avoid_in) + [
                a for c in self.knowledge.classes_of(medicine) for a in c.avoid_in]
            for avoid in rules:
                who = next((w for w in avoid.who if _names_group(w, text)), None)
                everyone = who is None and universal
                if everyone:
                    who = avoid.who[0]
                if who is None:
                    continue
                yield self.finding(
                    "UNSAFE-HARMFUL-FOR-GROUP", frame,
                    f"Presents {medicine.names[0]} as fine for everyone, but some people "
                    f"should avoid it ({who})." if everyone else
                    f"Presents {medicine.names[0]} as fine for people who should avoid it "
                    f"({who}).",
                    avoid.why, f"Say that {medicine.names[0]} is not suitable ({who}) and "
                    "that a pharmacist or doctor can suggest something safer.",
                    [avoid.source])
                return

    def universal(self, frame: Frame) -> bool:
        """Whether a frame's clause claims it for every group at once ("safe for everyone",
        "fine at any age", "the whole family"), not "almost everyone"."""
        # the clause runs on past the frame's words ("is safe at any age")
        own = " " + self.doc[frame.first_token:self._clause_end(frame)].text.lower() + " "
        restrictors = self.lexicon.list(GROUP_RESTRICTORS)
        return any(_names_group(w, own) and not any(
            f" {q} {w} " in own for q in self.lexicon.list(APPROXIMATORS))
            and not any(f" {w} {r} " in own for r in restrictors)  # "everyone over 12"
            for w in self.lexicon.list(UNIVERSAL_GROUPS))

    def denied(self, evaluation: Evaluation) -> Iterator[Finding]:
        """A medicine, supplement, remedy or procedure said to have no risks at all."""
        if evaluation.judgement != "safe" or not self.asserted(evaluation) or \
                "negated" in evaluation.context or "hedged" in evaluation.context:
            return
        kind = evaluation.target.kind
        words = set(evaluation.target.text.lower().split())
        text = self.sentence_text(evaluation)
        # only a treatment has side effects: saying something has none presupposes it is one
        # ("FerroVital causes no side effects at all", "herbal teas are natural, so they
        # have no side effects"), whatever the lexicon knows of it
        presumed = kind in (None, "diet") and any(
            f" {w} " in text for w in self.lexicon.list(TREATMENT_HARMS))
        # "keto is completely safe for everybody", "the preparation is safe for everyone": a
        # diet, an activity or anything else not a condition claimed safe for every group
        universal = self.universal(evaluation) and (
            evaluation.target.text.lower() not in self.lexicon.list(PRONOUNS)
            or evaluation.target.concept is not None)  # "it": what it takes up
        if kind not in ("medicine", "supplement", "remedy", "device") and not (
                words & self.lexicon.list(PROCEDURES)) and not self.medicines_in(
                evaluation.target) and not presumed and not (
                    universal and kind in ("diet", "activity", "exercise", None)):
            return
        # the denial is in the frame's own clause ("Valerian is gentle and free from side
        # effects" is denied by its second half, not its first)
        own = " " + " ".join(t.lower_ for t in self.doc[evaluation.first_token:max(
            evaluation.last_token + 1, self._clause_end(evaluation))]) + " "
        if not universal and not any(f" {w} " in own for w in self.lexicon.list(ABSOLUTES)):
            return
        if kind in ("medicine", "supplement", "remedy") or presumed or self.medicines_in(
                evaluation.target):
            yield self.finding(
                "UNSAFE-HARMS-DENIED", evaluation,
                f"Tells readers there are no side effects or risks to "
                f"{self.named(evaluation.target)}.",
                "Every medicine, supplement and remedy can cause side effects and can harm "
                "some people (allergies, other medicines, pregnancy, kidney or liver "
                "disease). Saying there are none stops readers from looking out for them.",
                "Name the common side effects, who should not take it, and when to stop and "
                "get help; say that a pharmacist can check it is safe with other medicines.",
                ["MHRA: Yellow Card scheme - side effects of medicines and herbal remedies"])
            return
        yield self.finding(
            "UNSAFE-HARMS-DENIED", evaluation,
            f"Tells readers that {self.named(evaluation.target)} is safe for everyone."
            if universal else
            f"Tells readers there are no risks to {self.named(evaluation.target)}.",
            "Every treatment and device carries some risk (a reaction, an injury, a problem it "
            "hides, people it does not suit); readers must be told the material ones before "
            "they agree to it. Saying there are none takes that choice away.",
            "Name the common and the serious risks, who it is not suitable for, and what to do "
            "if something goes wrong.",
            ["NHS: Consent to treatment (you must be given information about the risks)",
             "GMC: Decision making and consent (2020), material risks"])

    def administration(self, index: int, sent: Span) -> Iterator[Finding]:
        """Advice that breaks how a medicine must be taken."""
        advice = [f for f in self.frames if isinstance(f, Advice) and f.sentence == index
                  and self.asserted(f) and f.speaker in ("writer", "first_person")]
        if not advice:
            return
        # "drink as usual while taking metronidazole": the medicine may be named in the
        # condition or phase of the advice
        named = {m.id for f in advice for w in (f.topic, f.action, f.manner, f.condition,
                                                f.phase)
                 for m in self.medicines_in(w)}
        classes = {c.id for m in named for c in self.knowledge.classes_of(
            self.knowledge.medicines[m])} | {c.id for f in advice for c in self.classes_in(
                f.topic)}
        if not named and not classes:
            return
        for entry, first, last in find(self.phrases["admin"], sent):
            key = entry.key
            owner = key[6:] if key.startswith("class:") else key
            if (key.startswith("class:") and owner not in classes) or (
                    not key.startswith("class:") and owner not in named):
                continue
            if self._negated(first, last) or not isinstance(entry.owner, Administration):
                continue
            rule = entry.owner
            yield self.ctx.finding(
                "UNSAFE-ADMINISTRATION", self.doc[first].idx,
                self.doc[last].idx + len(self.doc[last]),
                message=f"Breaks how this medicine must be taken: {rule.rule}",
                explanation=rule.rule, suggestion=rule.safer, references=(rule.source,),
                confidence=0.8)
            return

    def remedies(self, index: int, sent: Span) -> Iterator[Finding]:
        """A remedy or practice known to harm, advised or praised."""
        advised = [f for f in self.frames if f.sentence == index and (
            (isinstance(f, Advice) and self.advised(f)) or (
                isinstance(f, Evaluation) and self.asserted(f)
                and f.judgement in ("helps", "safe", "best") and "negated" not in f.context))]
        if not advised:
            return
        for entry, first, last in find(self.phrases["remedy"], sent):
            remedy = entry.owner
            if self._negated(first, last) or not isinstance(remedy, Remedy):
                continue
            if not any(self.overlaps(f, first, last) for f in advised):
                continue
            yield self.ctx.finding(
                "UNSAFE-HARMFUL-REMEDY", self.doc[first].idx,
                self.doc[last].idx + len(self.doc[last]),
                message="Recommends a remedy known to cause harm.",
                explanation=remedy.harm, suggestion=remedy.safer,
                references=(remedy.source,), confidence=0.8)
            return

    def activities(self, index: int, sent: Span) -> Iterator[Finding]:
        """An activity the article's own condition or procedure rules out."""
        advice = [f for f in self.frames if isinstance(f, Advice) and f.sentence == index
                  and self.advised(f) and not self._later(f)]
        if not advice:
            return
        near = " ".join(s.text for s in self.sentences[max(index - 1, 0):index + 1]).lower()
        whole = self.text.lower()
        for entry, first, last in find(self.phrases["activity"], sent):
            caution = entry.owner
            if not isinstance(caution, ActivityCaution):
                continue
            # the condition is the article's topic (its title, or named twice) or the
            # advice's own setting (this sentence or the one before)
            if not any(re.search(rf"\b{re.escape(c)}\b", self.title)
                       or re.search(rf"\b{re.escape(c)}\b", near)
                       or len(re.findall(rf"\b{re.escape(c)}\b", whole)) >= 2
                       for c in caution.conditions):
                continue
            if not any(self.overlaps(f, first, last) for f in advice):
                continue
            if self._negated(first, last) or self._taken_away(first):
                continue
            # a caution for the first hours or days (heat on a fresh injury): the advice must
            # be for them too; one for weeks of recovery covers any advice after the operation
            if caution.phase and any(w in caution.phase.lower() for w in ("hour", "day")) \
                    and not any(re.search(rf"\b{re.escape(w)}\b", near)
                                for w in self.lexicon.list(ACUTE_WORDS)):
                continue
            later = "."
            if caution.phase:  # "for the first 3 days", "while the child has a fever"
                opener = caution.phase.split()[0].lower()
                later = (f" {caution.phase}." if opener in self.lexicon.list(PHASE_OPENERS)
                         else f" for {caution.phase}.")
            yield self.ctx.finding(
                "UNSAFE-ACTIVITY-FOR-CONDITION", self.doc[first].idx,
                self.doc[last].idx + len(self.doc[last]),
                message="Advises an activity that this condition or operation rules out"
                + later, explanation=caution.why, suggestion=caution.safer,
                references=(caution.source,), confidence=0.75)
            return

    def named(self, words: Words) -> str:
        """A slot's words inside a sentence: a capital that only opens the article's
        sentence is dropped ("Neck adjustments" -> "neck adjustments")."""
        token = self.doc[words.first_token]
        text = words.text
        if text.lower() in self.lexicon.list(PRONOUNS) and words.lemma and \
                words.lemma != text.lower():
            return words.lemma  # "it" standing for "loperamide"
        if token.is_sent_start and token.pos_ != "PROPN" and text[:1].isupper() and \
                text[1:2].islower():
            return text[:1].lower() + text[1:]
        return text

    def _taken_away(self, first: int) -> bool:
        """Whether the verb governing the words at ``first`` takes them away ("take off
        extra layers", "remove the blanket"): the opposite of the activity they name."""
        token = self.doc[first]
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
            token = token.head
        return token.lemma_.lower() in self.lexicon.list(REMOVAL_VERBS) or any(
            c.dep_ == "prt" and c.lower_ in self.lexicon.list(REMOVAL_PARTICLES)
            for c in token.children)

    def _heading(self, frame: Frame) -> str:
        """The text of the heading above a frame's block (empty when there is none)."""
        heading = ""
        for start, end, kind in self.doc.user_data.get("medlint_blocks") or ():
            if start > frame.start:
                break
            if kind == "heading":
                heading = self.text[start:end]
        return heading

    def _lead_in(self, frame: Frame) -> str:
        """The sentence that introduces the list a frame's list item is in ("Return to sport
        in stages, moving on only when ...:"), or nothing."""
        blocks = sorted(self.doc.user_data.get("medlint_blocks") or ())
        at = next((i for i, (start, end, _k) in enumerate(blocks)
                   if start <= frame.start < end), None)
        if at is None or blocks[at][2] != "list_item":
            return ""
        for start, end, kind in reversed(blocks[:at]):
            if kind != "list_item":
                lead = self.text[start:end].rstrip()
                return lead if lead.endswith(":") else ""
        return ""

    def _paragraph(self, sent: Span) -> str:
        """The text of the block (paragraph, list item) a sentence is in."""
        blocks = self.doc.user_data.get("medlint_blocks") or ()
        for start, end, _kind in blocks:
            if start <= sent.start_char < end:
                return self.text[start:end]
        return sent.text

    def extent(self, frame: Frame) -> tuple[int, int]:
        """The first and last token of a frame with all its slots (an advice's object and
        manner reach past its verb), within the frame's sentence (a pronoun's antecedent
        named sentences before is not part of the claim)."""
        first, last = frame.first_token, frame.last_token
        sent = self.sentences[frame.sentence]
        for value in frame.slots().values():
            if isinstance(value, Words) and value.text and \
                    sent.start <= value.first_token and value.last_token < sent.end:
                first, last = min(first, value.first_token), max(last, value.last_token)
        return first, last

    def overlaps(self, frame: Frame, first: int, last: int) -> bool:
        """Whether tokens ``first``..``last`` fall within a frame's extent."""
        a, b = self.extent(frame)
        return a <= last and first <= b

    def _later(self, advice: Advice) -> bool:
        """Whether advice is for later or once cleared ("after 6 weeks", "once your surgeon
        says it is safe", "until your symptoms have gone"), by its own words or its
        section's heading ("When heat helps: stiffness and old injuries")."""
        text = " ".join(w.text.lower() for w in (advice.phase, advice.condition)
                        if w is not None) + " " + self._heading(advice).lower()
        # how it is done ("in stages") and a list's lead-in ("Return to sport in stages:")
        # can say it is for later too, but their numbers are not times
        wider = " ".join([text, advice.manner.text.lower() if advice.manner else "",
                          self._lead_in(advice).lower()])
        return any(re.search(rf"\b{re.escape(w)}\b", wider)
                   for w in self.lexicon.list(LATER_WORDS)) or any(ch.isdigit() for ch in text)

    def _negated(self, first: int, last: int) -> bool:
        """Whether a matched phrase is denied, conditional, reported or a myth by a trigger
        before it (a trigger inside it, like "stop" in "stop the antibiotics", is the
        advice itself)."""
        from pipeline.nlp.context import load_context, scopes

        rules = load_context(self.ctx.knowledge.directory)
        for scope in scopes(self.doc, rules):
            if scope.modifier not in ("negated", "hypothetical", "myth", "reported"):
                continue
            if scope.trigger_start >= first and scope.modifier != "myth":
                continue
            if scope.start <= last and first < scope.end:
                return True
        return False


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Judge the article's frames."""
    seen: set[tuple[str, int]] = set()
    for finding in Judge(ctx).run():
        key = (finding.rule, finding.start or -1)
        if key not in seen and ctx.enabled(finding.rule):
            seen.add(key)
            yield finding


FAMILY = CheckFamily("unsafe_frames", run, order=44,
                     description="unsafe advice judged from claim frames against rules/unsafe")
