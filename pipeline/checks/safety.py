"""Missing safety information: what an article's topic requires and whether it says it.

For each kind (red-flags, stop-if-pain, see-a-professional, medication-safety,
special-populations, not-medical-advice) the requirement comes from the topic profile
(:mod:`pipeline.nlp.topic_profile`) and rules/safety/requirements.yaml, and presence from
the recognisers in rules/safety/recognisers.yaml. A required kind that is absent gives a
document-level finding; one that is there only in a weak form gives a finding with a lower
severity and its own rule id, with the same ``kind``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline.checks.base import CheckContext, CheckFamily, word_list
from pipeline.findings import Finding
from pipeline.knowledge.lexicon import Lexicon, declare, default_lexicon, load_lexicon
from pipeline.knowledge.safety import (
    Recogniser,
    RedFlagSet,
    Requirement,
    SafetyKnowledge,
    load_safety,
)
from pipeline.nlp.context import frame_context, load_context, modifiers
from pipeline.nlp.frames import Advice, Evaluation, Frame, Quantity, frames_of
from pipeline.nlp.readers.advice import MODALS_WEAK
from pipeline.nlp.readers.base import PEOPLE_NOUNS, SKIPPABLE
from pipeline.nlp.readers.requirement import READER
from pipeline.nlp.topic_profile import (
    Hit,
    SafetyIndex,
    Sentence,
    TopicProfile,
    profile,
)

COORDINATORS = declare("coordinators", "conjunctions that join clauses (and, but, or)")
ANAPHORS = declare("list_anaphors", "words that point to a list of signs given nearby (these, "
                   "the following)")
LIST_KINDS = frozenset({"list_item"})
DENIAL_OPENERS = declare("denial_openers", "words that open a reply denying what was just "
                         "quoted (no, wrong, false)")
CARE_VERBS = declare("clinician_care_verbs", "what a clinician does in someone's care "
                    "(prescribe, examine, refer, show)")
CONSULT_VERBS = declare("consult_verbs", "verbs of consulting a professional (ask, talk to), "
                        "which name nothing to consult about")
PASSAGE_MAX = 10
DISMISS_BEFORE = 4
NOT_AFTER_WORDS = 3
BURIED_MIN_SENTENCES = 15
MEDICINE_KINDS = frozenset({"medication-safety", "special-populations"})
# Kinds that only help when read before the advice they qualify.
BURIED_KINDS = frozenset({"stop-if-pain"})


def load(rules_directory: Path) -> SafetyIndex:
    """Loader for :meth:`KnowledgeBase.load`: the safety knowledge and its phrase index."""
    index = SafetyIndex(load_safety(rules_directory))
    index.context = load_context(rules_directory)
    index.directory = rules_directory
    return index


@dataclass(frozen=True, slots=True)
class Evidence:
    """A recogniser matched in a sentence."""

    kind: str
    role: str
    recogniser: str
    sentence: int
    start: int
    end: int


@dataclass
class Recognition:
    """Everything the recognisers found in one article."""

    evidence: list[Evidence] = field(default_factory=list)
    red_flags_present: list[Evidence] = field(default_factory=list)

    def of(self, kind: str, *roles: str) -> list[Evidence]:
        """Evidence of ``kind`` with one of ``roles``."""
        return [e for e in self.evidence if e.kind == kind and e.role in roles]


# --- recognition -------------------------------------------------------------------------


def _group_key(group: str, knowledge: SafetyKnowledge) -> str:
    return f"lex:{group}" if group in knowledge.recognisers.lexicons else f"inline:{group}"


def _combinations(groups: list[list[Hit]], ordered: bool, window: int
                  ) -> Iterator[tuple[Hit, ...]]:
    def extend(k: int, chosen: tuple[Hit, ...]) -> Iterator[tuple[Hit, ...]]:
        if k == len(groups):
            start = min(h.start for h in chosen)
            end = max(h.end for h in chosen)
            if end - start <= window:
                yield chosen
            return
        for hit in groups[k]:
            if ordered and chosen and hit.start < chosen[-1].end:
                continue
            if any(hit.start < c.end and c.start < hit.end for c in chosen):
                continue
            yield from extend(k + 1, (*chosen, hit))

    yield from extend(0, ())


def _governing_verb(token: Token) -> Token:
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or current.dep_ == "ROOT" or current.head is current:
            return current
        current = current.head
    return current


def _grammatically_negated(token: Token, inverting: frozenset[str]) -> bool:
    verb = _governing_verb(token)
    for owner in (token, token.head):
        if any(c.dep_ == "det" and c.lower_ == "no" for c in owner.children):
            return True
    current = verb
    for _ in range(4):
        negs = [c for c in current.children if c.dep_ == "neg"]
        if negs:
            return current.lemma_.lower() not in inverting
        if (current.dep_ in ("xcomp", "ccomp", "pcomp", "acomp") and current.head.i != current.i
                and not _comma_between(current.head, current)):
            current = current.head
        else:
            break
    return False


def _comma_between(a: Token, b: Token) -> bool:
    """A comma between two tokens: "if rest does not help, talk to your doctor" is two
    clauses however the parser attaches them, so the negation stays in the first."""
    low, high = sorted((a.i, b.i))
    return any(t.text in (",", ";") for t in a.doc[low + 1 : high])


def _dismissed(sentence: Sentence, start: int) -> bool:
    for hit in sentence.hits.get("dismissive", ()):
        if hit.end <= start and start - hit.end <= DISMISS_BEFORE:
            between = sentence.words[hit.end:start]
            if not any(w.text in (",", ";", ":") or w.text in default_lexicon().list(COORDINATORS)
                       for w in between):
                return True
    return False


CONDITION_HEADS = declare("condition_subordinators", "subordinators that open a condition or time "
                          "clause (if, when, until)")
# A gerund is advice only as the object of another verb ("try easing off", "consider
# stopping"), never as a description ("... and easing when you stop").
ADVICE_GERUND_DEPS = frozenset({"xcomp", "pcomp", "csubj", "ROOT"})


def _dismissed_after(sentence: Sentence, first: Hit, end: int) -> bool:
    """"Seeing a physiotherapist is usually unnecessary": the match is the subject of a
    predicate that dismisses it."""
    after = [h for h in sentence.hits.get("dismissed_after", ()) if h.start >= end]
    if not after:
        return False
    token = sentence.span.doc[sentence.words[first.start].first]
    return token.dep_ in ("csubj", "nsubj", "nsubjpass") or token.head.dep_ in (
        "csubj", "nsubj", "nsubjpass")


def _reader_subject(token: Token) -> bool:
    """Whether ``token`` (a verb) is advice to the reader: an imperative, a modal or "try
    easing off", and not itself the condition ("easing when you stop", "the pain stops")."""
    verb = token if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB") else None
    if verb is None:
        return token.dep_ in ("ROOT", "conj", "xcomp", "dobj")
    if any(c.dep_ in ("mark", "advmod") and c.lower_ in default_lexicon().list(CONDITION_HEADS)
           for c in verb.children):
        return False
    if verb.tag_ in ("VBZ", "VBD"):
        return False
    if verb.tag_ == "VBG" and verb.dep_ not in ADVICE_GERUND_DEPS:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    advisers = default_lexicon().list(READER)
    return not subjects or all(s.lower_ in advisers for s in subjects)


def _harms_denied_at(doc: Doc, first: int, last: int) -> bool:
    """Whether tokens ``first``..``last`` (the words naming harms) lie inside an Evaluation
    that calls something safe ("it has zero side effects", "the risks are minimal"): harms
    named to deny them."""
    return any(isinstance(f, Evaluation) and f.judgement == "safe"
               and "negated" not in f.context
               and f.first_token <= first and last <= f.last_token for f in frames_of(doc))


def _quoted_then_denied(words: Span, index: SafetyIndex, denials: frozenset[str]) -> bool:
    """A saying quoted and then denied ('"You should push through the pain." No.'): the
    words stand in quotation marks and the sentence after them opens with a denial."""
    if index.context is None or "quoted" not in frame_context(words, index.context):
        return False
    doc = words.doc
    end = words.sent.end
    after = doc[end:min(end + 3, len(doc))]
    first = next((t for t in after if not (t.is_space or t.is_punct)), None)
    return first is not None and first.lower_ in denials


def recognise_sentence(index: SafetyIndex, sentence: Sentence, rec: Recogniser
                       ) -> Evidence | None:
    """The first match of ``rec`` in ``sentence`` that is neither negated nor dismissed."""
    if sentence.question:
        return None
    knowledge = index.knowledge
    inverting = frozenset(knowledge.recognisers.negation.inverting_verbs)
    hits = [sentence.hits.get(_group_key(g, knowledge), []) for g in rec.groups]
    if rec.any:
        hits.insert(0, sorted((h for g in rec.any
                               for h in sentence.hits.get(_group_key(g, knowledge), [])),
                              key=lambda h: (h.start, -h.end)))
    if not all(hits):
        return None
    doc = sentence.span.doc
    for combo in _combinations(hits, rec.ordered, rec.window):
        start = min(h.start for h in combo)
        end = max(h.end for h in combo)
        if _dismissed(sentence, start) or _dismissed_after(sentence, combo[0], end):
            continue
        key_token = doc[sentence.words[combo[0].start].first]
        if not rec.negation_ok and _grammatically_negated(key_token, inverting):
            continue
        if rec.subject == "reader" and not _reader_subject(key_token):
            continue
        if rec.kind == "medication-safety" and _harms_denied_at(
                doc, sentence.words[combo[0].start].first,
                sentence.words[combo[0].end - 1].last):
            continue  # "it has zero side effects" names side effects only to deny them
        final = combo[-1]
        if rec.not_after and any(
                w.text in rec.not_after
                for w in sentence.words[max(0, final.start - NOT_AFTER_WORDS) : final.start]):
            continue
        if index.context is not None:
            first = sentence.words[start].first
            last = sentence.words[end - 1].last + 1
            mods = modifiers(doc[first:last], index.context, ignore=range(first, last))
            if "myth" in mods or "reported" in mods:
                continue
            if rec.role == "contradicts" and (mods & {"negated", "hypothetical"}
                                              or _quoted_then_denied(
                                                  doc[first:last], index, load_lexicon(
                                                      index.directory).list(DENIAL_OPENERS))):
                continue
        s, e = sentence.char_span(start, end)
        return Evidence(rec.kind, rec.role, rec.id, sentence.index, s, e)
    return None


SIGN_NOUNS = declare("sign_nouns", "nouns whose 'of' phrase names what they are the signs of "
                     "(signs, symptoms)")


def _passage(sentences: Sequence[Sentence], i: int) -> list[Sentence]:
    """The sentence and what it points to: the rest of its block; the list or section it
    introduces (a heading, a block ending in ":", "the following"); and its neighbours when it
    refers to them ("any of these")."""
    sentence = sentences[i]
    out = [s for s in sentences[i:] if s.block == sentence.block]
    block_text = " ".join(s.span.text for s in out).rstrip()
    words = {w.text for w in sentence.words}
    after = out[-1].index + 1
    introduces = (not block_text.endswith((".", "!", "?"))
                  or sentence.block_kind in ("heading", "title") or "following" in words
                  or (after < len(sentences) and sentences[after].block_kind in LIST_KINDS))
    if introduces:
        last_block = out[-1].block
        paragraphs = 0
        for nxt in sentences[out[-1].index + 1 : out[-1].index + 1 + 3 * PASSAGE_MAX]:
            if nxt.block_kind in ("heading", "title"):
                break
            if nxt.block != last_block and nxt.block_kind not in LIST_KINDS:
                paragraphs += 1
                if paragraphs > 1:
                    break
            last_block = nxt.block
            out.append(nxt)
    if i > 0 and sentences[i - 1].block == sentence.block:
        # "If you become confused or pass out, ... They should call 999": the signs may
        # come in the sentence before, in the same paragraph
        out.append(sentences[i - 1])
    if words & default_lexicon().list(ANAPHORS):
        if i > 0 and sentences[i - 1] not in out:
            out.append(sentences[i - 1])
        if i + 1 < len(sentences):
            out.append(sentences[i + 1])
        out += _list_before(sentences, i)
    return out


def _list_before(sentences: Sequence[Sentence], i: int) -> list[Sentence]:
    """The list a sentence takes up with "these" or "any of these": the items of the
    nearest list before it, when only its own paragraph lies between ("You may have these
    warning signs: - chest pain - sweating ... Warning signs may come and go. If you have any
    of these warning signs, call 911 right away")."""
    j = i - 1
    while j >= 0 and sentences[j].block == sentences[i].block:
        j -= 1
    items: list[Sentence] = []
    while j >= 0 and sentences[j].block_kind in LIST_KINDS and len(items) < 3 * PASSAGE_MAX:
        items.append(sentences[j])
        j -= 1
    return items


#: what an answer must name to give the information asked for: a side effect, a condition
#: it must not be taken with, another medicine
ANSWER_CLASSES = frozenset({"symptom", "condition", "medicine", "supplement", "group"})
NO_ANSWERS = declare("no_answers", "words that open an answer saying no ('No, none at all')")


def _answered(index: SafetyIndex, sentences: Sequence[Sentence], i: int, rec: Recogniser
              ) -> Evidence | None:
    """A question that asks for the information ("Are there side effects?") answered by
    the sentence after it ("A throbbing headache is the most common one"): the answer gives
    it, unless it says no ("No, none at all"). The question's own words are read without
    the recogniser's other groups: the answer is about what the article discusses."""
    question = sentences[i]
    if not question.question or rec.role != "present" or i + 1 >= len(sentences):
        return None
    answer = sentences[i + 1]
    if answer.question or not answer.words:
        return None
    if not rec.any:
        return None  # a recogniser of groups alone has nothing the question could ask
    asked = recognise_sentence(index, replace(question, question=False),
                               rec.model_copy(update={"groups": []}))
    if asked is None:
        return None
    doc = answer.span.doc
    lexicon = load_lexicon(index.directory)
    no, people = lexicon.list(NO_ANSWERS), lexicon.list(PEOPLE_NOUNS)
    named = [m for m in doc.spans.get("mentions", ()) if m.label_ in ANSWER_CLASSES
             and answer.span.start <= m.start and m.end <= answer.span.end
             and m.root.lemma_.lower() not in people]  # "most people" names no group
    if not named:
        return None  # "CalmRoot works with your body, not against it" names nothing
    if answer.words[0].text in no or any(
            t.dep_ == "neg" and t.head.dep_ == "ROOT" for t in answer.span) or \
            _harms_denied_at(doc, answer.span.start, answer.span.end - 1):
        return None
    return Evidence(rec.kind, rec.role, rec.id, answer.index, answer.span.start_char,
                    answer.span.end_char)


def recognise(index: SafetyIndex, sentences: Sequence[Sentence]) -> Recognition:
    """Run every recogniser over every sentence; decide red-flags presence by passage."""
    result = Recognition()
    for rec in index.knowledge.recognisers.recognisers:
        for i, sentence in enumerate(sentences):
            found = recognise_sentence(index, sentence, rec) or _answered(
                index, sentences, i, rec)
            if found is not None:
                result.evidence.append(found)
    for ev in result.evidence:
        if ev.role != "help":
            continue
        passage = _passage(sentences, ev.sentence) + [
            s for j in _naming_the_same_signs(sentences, ev.sentence)
            for s in _passage(sentences, j)]
        if any(s.has("sign") for s in passage):
            result.red_flags_present.append(ev)
    return result


def _signs_named(sentence: Sentence, sign_nouns: frozenset[str]) -> set[str]:
    """What the sentence names the signs of ("signs of dehydration", "symptoms of a kidney
    infection": dehydration, kidney infection's last word)."""
    words = [w.text for w in sentence.words]
    named = set()
    determiners = default_lexicon().list(SKIPPABLE)
    for i, word in enumerate(words[:-2]):
        if word in sign_nouns and words[i + 1] == "of":
            rest = [w for w in words[i + 2:i + 6] if w not in determiners]
            if rest:
                named.add(rest[0])
    return named


def _naming_the_same_signs(sentences: Sequence[Sentence], i: int) -> list[int]:
    """Other sentences that name the signs of what sentence ``i`` does: "Anyone with signs
    of dehydration should see a doctor immediately" points to "Signs of dehydration
    include:" and its list."""
    sign_nouns = default_lexicon().list(SIGN_NOUNS)
    named = _signs_named(sentences[i], sign_nouns)
    if not named:
        return []
    return [j for j, other in enumerate(sentences)
            if j != i and named & _signs_named(other, sign_nouns)]


# --- requirements ------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """A required kind, with why it is required."""

    requirement: Requirement
    advice: tuple[str, ...]
    severity: str
    #: required by the condition the article is about, not by a body region
    by_condition: bool = False


def needs(index: SafetyIndex, prof: TopicProfile) -> list[Need]:
    """Which kinds the profile requires."""
    topics = index.knowledge.topics
    result: list[Need] = []
    for req in index.knowledge.requirements.requirements:
        matched: list[str] = []
        severity: str | None = None
        by_condition = False
        for when in req.when:
            pool = prof.discussed if when.level == "discuss" else prof.advice
            advice = [a for a in when.advice if a in pool]
            if when.instructions:
                advice = [a for a in advice if prof.exercise_steps
                          or (a == "massage" and prof.massage_instructions >= 1)]
            if not advice:
                continue
            if when.groups or when.conditions:
                ok = bool(set(when.groups) & set(prof.target_groups)) or bool(
                    set(when.conditions) & set(prof.target_conditions))
                if when.injury:
                    ok = ok and prof.injury
                if not ok:
                    continue
            matched += [a for a in advice if a not in matched]
            level = when.severity or req.severity
            if severity is None or _rank(level) > _rank(severity):
                severity = level
        if req.kind == "red-flags" and not matched:
            # warning signs by condition, procedure or activity, not only by body region:
            # a heart, lung, bowel, eye, diabetes or pregnancy article that gives advice
            # (of a high-risk set); any advice counts, diet included ("cut down on salt" in
            # a blood-pressure article, "drink plenty" for cystitis)
            sets = [s for s in leading_sets(index, prof)
                    if s.applies.requires and s.risk == "high"]
            advice_types = set(topics.advice_types)  # any advice, a diet change included
            advice = sorted(a for a in prof.advice if a in advice_types)
            if sets and advice:
                matched = advice
                severity = req.severity
                by_condition = True
        if matched and severity is not None:
            order = list(topics.advice_types)
            result.append(Need(req, tuple(sorted(matched, key=order.index)), severity,
                               by_condition))
    return result


def _rank(level: str) -> int:
    return {"info": 1, "warning": 2, "error": 3}[level]


# --- findings ----------------------------------------------------------------------------


def _advice_phrase(index: SafetyIndex, advice: Sequence[str]) -> str:
    return word_list([index.knowledge.topics.advice_types[a].label for a in advice])


def _target_phrase(index: SafetyIndex, prof: TopicProfile) -> str:
    topics = index.knowledge.topics
    for condition, phrase in (("sciatica", "sciatica"), ("headache", "headaches"),
                              ("dizziness", "dizziness"),
                              ("breathlessness", "shortness of breath")):
        if condition in prof.target_conditions and (
                not prof.regions or prof.conditions[condition] >= max(prof.regions.values())):
            return phrase
    region = prof.primary_region
    if region is None:
        return "these symptoms"
    if region == "sciatic_nerve":
        return "sciatica"
    if region == "head":
        return "headaches"
    if prof.surgery and topics.regions[region].joint:
        return f"recovery after surgery on {topics.regions[region].label}"
    if prof.injury and topics.regions[region].joint:
        return f"an injury to {topics.regions[region].label}"
    group = topics.regions[region].group
    same = [r for r, n in prof.regions.most_common()
            if topics.regions[r].group == group and (n >= 2 or r == region)][:2]
    places = [topics.regions[r].label if topics.regions[r].label.startswith("between")
              else f"in {topics.regions[r].label}" for r in same]
    return "pain " + " and ".join(places)


#: How much an article must be about a set's words (a title counts 6, a heading 3, a
#: sentence 1) for the set to apply: its title, a heading and a sentence, or a good share
#: of its sentences.
FLAG_WORDS_MIN = 4
FLAG_WORDS_SHARE = 0.12


def word_sets(index: SafetyIndex, prof: TopicProfile) -> list[RedFlagSet]:
    """Red-flag sets the article is about by their condition, procedure or activity words,
    most mentioned first."""
    by_id = {s.id: s for s in index.knowledge.red_flags.sets}
    needed = max(FLAG_WORDS_MIN, FLAG_WORDS_SHARE * prof.flag_sentences)
    # a title alone is no topic: "Why the Ball of Your Foot Burns" names no burn
    ranked = [(n, set_id) for set_id, n in prof.flag_words.items()
              if n >= needed and prof.flag_body[set_id]]
    ranked.sort(key=lambda x: (-x[0], x[1]))
    return [by_id[set_id] for _n, set_id in ranked]


#: A set named less than this share as often as the article's most-named set is a side
#: topic ("surgery" as one treatment option in a sleep-apnoea article), not what it is about.
LEADING_SHARE = 0.5


def leading_sets(index: SafetyIndex, prof: TopicProfile) -> list[RedFlagSet]:
    """The sets the article is mainly about: named at least half as often as its most-named
    set."""
    ranked = word_sets(index, prof)
    top = max((prof.flag_words[s.id] for s in ranked if s.applies.requires), default=0)
    return [s for s in ranked if prof.flag_words[s.id] >= LEADING_SHARE * top]


def red_flag_sets(index: SafetyIndex, prof: TopicProfile) -> list[RedFlagSet]:
    """The red-flag sets that fit the profile, most relevant first."""
    topics = index.knowledge.topics
    order = [topics.regions[r].group for r, _ in prof.regions.most_common()]
    scored: list[tuple[int, RedFlagSet]] = []
    for flag_set in index.knowledge.red_flags.sets:
        applies = flag_set.applies
        if applies.injury and not prof.injury:
            continue
        if applies.surgery:
            if prof.surgery:
                scored.append((-1, flag_set))
            continue
        groups = [g for g in applies.groups if g in prof.target_groups]
        conditions = [c for c in applies.conditions if c in prof.target_conditions]
        if not groups and not conditions:
            continue
        rank = min((order.index(g) for g in groups if g in order), default=len(order))
        scored.append((rank, flag_set))
    scored.sort(key=lambda x: x[0])
    # a set named by the article's own condition words ("food poisoning") goes before one
    # for the body region its symptoms are in ("tummy pain") when the article names it at
    # least as often (an activity set, "exercise", never outranks the condition)
    found = [s for _, s in scored]
    top = max((n for g, n in prof.groups.items() if g in prof.target_groups), default=0)
    named = word_sets(index, prof)
    first = [s for s in named if s.applies.requires and prof.flag_words.get(s.id, 0) >= top]
    return first + [s for s in found if s not in first] + [
        s for s in named if s not in first and s not in found]


def _sources(values: Sequence[str]) -> str:
    return "; ".join(values)


#: contexts in which a frame states nothing the article stands behind
UNASSERTED = frozenset({"hypothetical", "question", "reported", "myth", "quoted", "negated"})
#: what a medicine, supplement or remedy is, by the kind of its mention
TAKEN_KINDS = frozenset({"medicine", "supplement", "remedy"})
#: units a dose of a medicine is measured in (mass, international units, volume)
DOSE_UNITS = frozenset({"mg", "IU", "ml"})


def _own_clinicians(sentences: Sequence[Sentence], lexicon: Lexicon) -> list[Evidence]:
    """A clinician the reader or the writer has ("your physio will give you a timeline",
    "show your diabetes nurse", "my GP prescribed it", "our chiropractor"): someone in the
    care the article describes, so seeing them is part of what it tells readers. Not when
    the sentence dismisses them or is negated."""
    found = []
    for s in sentences:
        if s.has("dismissive") or any(t.dep_ == "neg" for t in s.span):
            continue
        for hit in s.hits.get("lex:clinician", ()):
            doc = s.span.doc
            head = doc[s.words[hit.end - 1].last]
            if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in head.children) and \
                    _in_care(head, lexicon):
                found.append(Evidence("see-a-professional", "consult", "own-clinician",
                                      s.index, *s.char_span(hit.start, hit.end)))
    return found


def _in_care(clinician: Token, lexicon: Lexicon) -> bool:
    """Whether the clinician takes part in the reader's or writer's care in the clause:
    doing a clinician's work ("my GP prescribed naproxen", "your physio will give you a
    timeline"), or met by the reader or writer ("show your nurse", "I asked my GP"); not
    "my GP had a sore neck too"."""
    verb = clinician.head
    while verb.dep_ in ("conj", "appos", "prep", "pobj", "dative") and verb.head.i != verb.i \
            and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if clinician.dep_ in ("nsubj", "nsubjpass") or (
            clinician.dep_ == "conj" and clinician.head.dep_ == "nsubj"):
        return verb.lemma_.lower() in lexicon.list(CARE_VERBS)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is None or subject.lower_ in lexicon.list(READER)


def frame_evidence(doc: Doc, sentences: Sequence[Sentence]) -> list[Evidence]:
    """Medication-safety information the claim frames read, in any wording: who should not
    take it ("do not give aspirin to children under 16", "skip it if you have had a stomach
    ulcer", "people with asthma should avoid ibuprofen")."""
    starts = [s.span.start_char for s in sentences]
    found: list[Evidence] = []
    for frame in frames_of(doc):
        if frame.context & UNASSERTED:
            continue
        index = max(bisect_right(starts, frame.start) - 1, 0)
        if _dose_for_a_group(frame, sentences[index]):
            # "smaller children are usually prescribed 0.15 mg devices", "children under 12
            # should take half a tablet": a dose for a group that needs care
            found.append(Evidence("special-populations", "present", "frame-group-dose", index,
                                  frame.start, frame.end))
        recogniser = _medication_frame(frame, doc)
        if recogniser is None:
            continue
        found.append(Evidence("medication-safety", "present", recogniser, index, frame.start,
                              frame.end))
    return found


def _dose_for_a_group(frame: Frame, sentence: Sentence) -> bool:
    """A dose of a medicine given for a group the article must take care of (children,
    pregnancy, older adults, people with a condition) in the same sentence."""
    return isinstance(frame, Quantity) and (
        frame.dimension == "dose" or frame.unit in DOSE_UNITS) and sentence.has(
        "lex:population")


def _medication_frame(frame: Frame, doc: Doc) -> str | None:
    """Which kind of medication-safety information a frame is, if any: who or when not to
    take a medicine ("do not take aspirin if you have had a stomach ulcer"), or a harm it can
    do ("ibuprofen can make the body hold on to fluid"). A dose alone is
    the advice, not its safety, and "up to 12 tablets" can be the unsafe advice itself; limits
    are read by the recognisers' wording ("never exceed", "no more than")."""
    if isinstance(frame, Advice) and frame.topic is not None and \
            frame.topic.kind in TAKEN_KINDS and frame.speaker == "writer" and \
            frame.polarity == "avoid" and (frame.condition is not None
                                           or frame.group is not None):
        return "frame-who-not"
    if isinstance(frame, Evaluation) and frame.target.kind in TAKEN_KINDS and \
            frame.judgement in ("harms", "causes", "risk_up", "unsafe") and \
            frame.effect is not None and any(
                t.dep_ == "aux" and t.lower_ in default_lexicon().list(MODALS_WEAK)
                and t.i > frame.target.last_token
                for t in doc[frame.first_token:frame.last_token + 1]):
        # "ibuprofen can make the body hold on to fluid", "kelp may upset the thyroid": a
        # harm it can do (not "low magnesium levels have been linked to cramps")
        return "frame-side-effect"
    return None


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Report every required kind of safety information that is missing or weak."""
    index = ctx.knowledge.load(load)
    sentences = index.sentences(ctx.doc)
    recognition = recognise(index, sentences)
    recognition.evidence += frame_evidence(ctx.doc, sentences)
    # A sentence that says how to take a medicine safely may also be the advice to take it
    # ("Take ibuprofen with food", "Paracetamol can ease it; never take more than...").
    safety_sentences = {e.sentence for e in recognition.evidence
                        if not (e.kind in MEDICINE_KINDS
                                and index.still_advises(sentences[e.sentence]))}
    help_sentences = {e.sentence for e in recognition.evidence if e.role in ("help", "consult")}
    prof = profile(index, ctx.doc, sentences, safety_sentences, help_sentences)
    ctx.scores["safety_profile"] = {
        "advice": sorted(prof.advice), "discussed": sorted(prof.discussed),
        "instructions": prof.instructions, "regions": dict(prof.regions),
        "target_groups": prof.target_groups, "conditions": prof.target_conditions,
        "injury": prof.injury, "surgery": prof.surgery,
    }
    for need in needs(index, prof):
        yield from _judge(ctx, index, prof, recognition, sentences, need)


def _judge(ctx: CheckContext, index: SafetyIndex, prof: TopicProfile,
           recognition: Recognition, sentences: Sequence[Sentence], need: Need
           ) -> Iterator[Finding]:
    req = need.requirement
    kind = req.kind
    advice = _advice_phrase(index, need.advice)
    target = _target_phrase(index, prof)
    base = f"This article recommends {advice}"
    if target != "these symptoms" and kind in ("red-flags", "stop-if-pain",
                                                "see-a-professional") and not need.by_condition:
        base += f" for {target}"
    why = (f"It gives {advice} advice, so a careful article also "
           f"{_required_phrase(kind)}.")
    severity = need.severity
    references: list[str] = list(req.sources)
    wording = req.wording
    missing = req.missing
    weak_message = ""
    if kind == "red-flags":
        present = recognition.red_flags_present
        sets = red_flag_sets(index, prof)
        if sets:
            missing = f"mentions the warning signs of {sets[0].danger}"
            wording = " ".join(s.wording for s in sets[:2])
            references = [src for s in sets[:2] for src in s.sources]
            why += (" Warning signs for " + sets[0].name.lower() + " point to "
                    + ", ".join(sets[0].conditions) + ".")
            if any(s.risk == "high" for s in sets[:1]) or severity == "error":
                severity = "error" if need.severity == "error" else severity
            else:
                severity = "warning"
        weak = [e for e in recognition.evidence if e.role in ("help", "consult")]
    elif kind == "see-a-professional":
        urgent = [e for e in recognition.evidence if e.role == "help"]
        # "see your GP promptly if a mole changes" sends readers to a clinician too; only
        # help that names nobody to consult ("call 999", "get medical help at once") in a
        # warning-sign sentence is no professional suggested
        naming = {rec.id for rec in index.knowledge.recognisers.recognisers
                  if "clinician" in rec.groups}
        consulted = [e for e in recognition.of(kind, "consult")
                     if e.recogniser in naming
                     or e.sentence not in {u.sentence for u in urgent}] + _own_clinicians(
                         sentences, load_lexicon(index.directory))
        # "ask your doctor about it" alone says neither when nor why: a weak mention
        verbs = load_lexicon(index.directory).list(CONSULT_VERBS)
        present = [e for e in consulted if not _vague(sentences[e.sentence], verbs)]
        vague = [e for e in consulted if e not in present]
        if vague and not present:
            weak_message = (f"{base}, but it only says to ask a professional, without saying "
                            "when or why (before starting, or if it does not get better)")
        weak = vague + [
            Evidence(kind, "weak", "clinician", s.index, *s.char_span(h.start, h.end))
            for s in sentences for h in s.hits.get("lex:clinician", ())
            if not s.has("dismissive") and not any(t.dep_ == "neg" for t in s.span)]
        if urgent and not present:
            # "get medical help at once if ...": it does send readers to a professional,
            # only never for a problem that is slow to get better
            weak = urgent
            weak_message = (f"{base}, but it only says to get urgent help for warning "
                            "signs; it never suggests seeing a doctor, physiotherapist or "
                            "pharmacist if the problem does not get better")
    else:
        present = recognition.of(kind, "present")
        weak = recognition.of(kind, "weak")
        if kind == "special-populations" and not present:
            present = _written_for_population(sentences)
    suggestion = f"{wording} Where: {req.placement}"
    about_pain = bool(prof.target_groups) or "pain" in prof.target_conditions
    add = f' Add, for example: "{_first_directive(wording, about_pain)}"'
    explanation = f"{why} Sources: {_sources(references)}." if references else why
    if present:
        yield from _present_but_weak(ctx, index, recognition, sentences, need, present,
                                     base, suggestion, explanation)
        return
    if weak:
        first = min(weak, key=lambda e: e.start)
        message = weak_message or f"{base}, but it only {req.weak.removeprefix('only ')}."
        message = message.rstrip(".") + "."
        if kind == "red-flags" and missing != req.missing:
            message = (f"{base}, but it never pairs the warning signs of "
                       f"{missing.removeprefix('mentions the warning signs of ')} with advice "
                       "to get urgent help; it only tells readers to see a doctor or lists "
                       "symptoms.")
        message += add
        yield ctx.finding(
            req.weak_rule, kind=kind, severity=req.weak_severity,
            message=message,
            explanation=explanation + f' The closest it comes: "{_quote(ctx, first)}".',
            suggestion=suggestion, references=references)
        return
    yield ctx.finding(req.rule, kind=kind, severity=severity,
                      message=f"{base} and never {missing}.{add}", explanation=explanation,
                      suggestion=suggestion, references=references)


def _present_but_weak(ctx: CheckContext, index: SafetyIndex, recognition: Recognition,
                      sentences: Sequence[Sentence], need: Need, present: list[Evidence],
                      base: str, suggestion: str, explanation: str) -> Iterator[Finding]:
    kind = need.requirement.kind
    rules = index.knowledge.requirements
    if kind == "stop-if-pain":
        against = recognition.of(kind, "contradicts")
        if against:
            first = against[0]
            yield ctx.finding(
                rules.contradicted_rule, kind=kind,
                message=(f'{base} and says to stop if it hurts, but also says '
                         f'"{_quote(ctx, first)}", which tells readers to carry on.'),
                explanation=explanation, suggestion=suggestion)
            return
    last = len(sentences) - 1
    if (kind in BURIED_KINDS and len(sentences) >= BURIED_MIN_SENTENCES
            and all(e.sentence == last for e in present)):
        yield ctx.finding(
            rules.buried_rule, kind=kind,
            message=(f"{base}; the {kind} information is only in the last sentence, where "
                     "many readers never get."),
            explanation=explanation, suggestion=suggestion)


def _vague(sentence: Sentence, consult_verbs: frozenset[str]) -> bool:
    """A consultation advised with nothing but a clinician and a pronoun ("Ask your doctor
    about it", "Consult your GP."): no condition, no time, nothing named to ask about."""
    if sentence.has("lex:consult_when"):
        return False
    clinician = {i for h in sentence.hits.get("lex:clinician", ())
                 for w in sentence.words[h.start:h.end] for i in range(w.first, w.last + 1)}
    content = [t for t in sentence.span if t.is_alpha and t.i not in clinician
               and t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and t.dep_ not in ("aux", "auxpass")
               and t.lemma_.lower() not in consult_verbs]
    return not content


def _written_for_population(sentences: Sequence[Sentence]) -> list[Evidence]:
    """An article written for a group ("Sciatica during pregnancy") that qualifies a medicine
    for its readers ("avoid ibuprofen unless your doctor says otherwise") covers them."""
    titled = any(s.block_kind in ("title", "heading") and s.has("lex:population")
                 for s in sentences[:3])
    if not titled:
        return []
    found = []
    for s in sentences:
        if s.has("lex:medicine_word") and s.has("lex:care_cue") and not s.question:
            start, end = s.span.start_char, s.span.end_char
            found.append(Evidence("special-populations", "present", "written-for-population",
                                  s.index, start, end))
    return found


# Sentence openers of suggested wording, most telling first: a one-line message quotes the
# sentence that opens with the best of them.
DIRECTIVE_OPENERS = declare("directive_openers", "first words of a sentence that tells readers "
                            "what to do, most telling first (ranked)")


def _first_directive(wording: str, about_pain: bool = True) -> str:
    """The sentence of ``wording`` that best tells readers what to do (the one to quote in a
    one-line message); the whole paragraph stays in the suggestion. An article that is not
    about pain gets a sentence that does not talk about "your pain"."""
    sentences = [x.strip() for x in re.split(r"(?<=[.!?])\s+", wording.strip()) if x.strip()]
    if not about_pain:
        sentences = [x for x in sentences if "your pain" not in x.lower()] or sentences
    if not sentences:
        return wording

    def rank(sentence: str) -> int:
        first = sentence.split(maxsplit=1)[0].strip(",").lower()
        openers = default_lexicon().ranked(DIRECTIVE_OPENERS)
        return openers.index(first) if first in openers else len(openers)

    return min(sentences, key=rank)


def _quote(ctx: CheckContext, evidence: Evidence) -> str:
    return ctx.document.text[evidence.start:evidence.end].strip()


def _required_phrase(kind: str) -> str:
    return {
        "red-flags": "names the warning signs that need urgent medical help",
        "stop-if-pain": "tells readers to stop if it hurts",
        "see-a-professional": "suggests when to see a doctor or physiotherapist",
        "medication-safety": "explains dose limits, side effects, interactions or who should "
                             "not take the medicine",
        "special-populations": "warns who needs advice first (pregnancy, children, older "
                               "adults, other conditions or medicines)",
        "not-medical-advice": "says it is not a substitute for professional advice",
    }[kind]


FAMILY = CheckFamily("safety", run, order=60,
                     description="missing safety information for the article's topic")
