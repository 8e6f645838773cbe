"""Topic profile of an article: what it advises, for which body region and which symptom.

Also home of the lemma phrase matcher that every file in rules/safety/ uses. Words are
matched on lower-case text or lemma; hyphenated compounds ("pain-free", "over-the-counter")
are one word. The profile is computed once per Doc and cached in ``doc.user_data``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.lexicon import Lexicon, declare, load_lexicon
from pipeline.knowledge.safety import Phrase, SafetyKnowledge, compile_phrase
from pipeline.nlp.context import ContextRules
from pipeline.nlp.frames import Frame, Quantity, Words
from pipeline.nlp.sentences import sentence_list


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a sentence: lower-case text, lemma and the token range it covers."""

    text: str
    lemma: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase of lexicon ``key`` found at words ``start``..``end`` (exclusive)."""

    key: str
    start: int
    end: int


def sentence_words(sent: Span) -> list[Word]:
    """The sentence as words, hyphenated compounds joined (cached per Doc: several checks
    read the same sentences)."""
    cache = sent.doc.user_data.setdefault("medlint_sentence_words", {})
    key = (sent.start, sent.end)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _sentence_words(sent)
    return list(found)


def _sentence_words(sent: Span) -> list[Word]:
    words: list[Word] = []
    tokens = [t for t in sent if not t.is_space]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        text, lemma, last = tok.lower_, tok.lemma_.lower(), tok.i
        j = i
        while (j + 2 < len(tokens) and tokens[j + 1].text == "-" and not tokens[j].whitespace_
               and not tokens[j + 1].whitespace_ and tokens[j + 2].is_alpha):
            text += "-" + tokens[j + 2].lower_
            lemma = text
            last = tokens[j + 2].i
            j += 2
        words.append(Word(text, lemma, tok.i, last))
        i = j + 1
    return words


class PhraseIndex:
    """Many keyed phrases, indexed by the words their first slot accepts."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        #: each entry: key, phrase, and the word sets of its later required slots (a phrase
        #: can only match a sentence that has a word of each)
        Entry = tuple[str, Phrase, tuple[frozenset[str], ...]]
        self._by_word: dict[str, list[Entry]] = {}
        self._any_start: list[Entry] = []
        for key, text in entries:
            phrase = compile_phrase(text)
            for variant in _without_leading_optionals(phrase):
                first = variant.slots[0]
                needed = tuple(slot.words for slot in variant.slots[1:]
                               if slot.words and not slot.optional)
                if not first.words:
                    self._any_start.append((key, variant, needed))
                for word in first.words:
                    self._by_word.setdefault(word, []).append((key, variant, needed))

    def find(self, words: Sequence[Word]) -> list[Hit]:
        """Every (longest) match of every phrase in ``words``."""
        hits: list[Hit] = []
        seen: set[tuple[str, int, int]] = set()
        present = {w.text for w in words} | {w.lemma for w in words}
        for i, word in enumerate(words):
            candidates = self._by_word.get(word.text, []) + (
                self._by_word.get(word.lemma, []) if word.lemma != word.text else [])
            for key, phrase, needed in candidates + self._any_start:
                if not all(not n.isdisjoint(present) for n in needed):
                    continue
                end = _match(phrase.slots, 0, words, i)
                if end is not None and (key, i, end) not in seen:
                    seen.add((key, i, end))
                    hits.append(Hit(key, i, end))
        return hits


def _without_leading_optionals(phrase: Phrase) -> list[Phrase]:
    variants = []
    slots = phrase.slots
    while slots:
        first = slots[0]
        if first.optional:
            variants.append(Phrase(phrase.source, (type(first)(first.words, False), *slots[1:])))
            slots = slots[1:]
        else:
            variants.append(Phrase(phrase.source, slots))
            break
    return variants


def _match(slots: Sequence, k: int, words: Sequence[Word], i: int) -> int | None:
    """End index of the longest match of ``slots[k:]`` at ``words[i:]``, or None."""
    if k == len(slots):
        return i
    slot = slots[k]
    best: int | None = None
    if i < len(words) and slot.accepts(words[i].text, words[i].lemma):
        best = _match(slots, k + 1, words, i + 1)
    if slot.optional:
        other = _match(slots, k + 1, words, i)
        if other is not None and (best is None or other > best):
            best = other
    return best


@dataclass
class Sentence:
    """A sentence with its words and every lexicon hit in it."""

    index: int
    span: Span
    words: list[Word]
    hits: dict[str, list[Hit]]
    block_kind: str
    block: int
    imperative: bool
    advice: bool
    question: bool
    clinical: bool = False
    uncertain: bool = False
    section: int = 0

    def has(self, key: str) -> bool:
        """Whether a phrase of ``key`` occurs in the sentence."""
        return bool(self.hits.get(key))

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of words ``start``..``end``."""
        doc = self.span.doc
        return doc[self.words[start].first].idx, doc[self.words[end - 1].last].idx + len(
            doc[self.words[end - 1].last])


#: Advice whose use the body is put in position for (a reading, a dose of eye drops).
POSITIONING_FOR = frozenset({"device", "medication", "supplement"})


@dataclass
class TopicProfile:
    """What an article advises, and for what."""

    advice: dict[str, list[int]] = field(default_factory=dict)
    discussed: dict[str, list[int]] = field(default_factory=dict)
    instructions: int = 0
    #: steps that carry an amount (reps, seconds, times): an exercise's, not a position's
    dosed_instructions: int = 0
    #: whether any sentence names exercise or stretching advice
    exercise_named: bool = False
    # instructions that are themselves about massage ("massage it firmly into the knot")
    massage_instructions: int = 0
    groups: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)
    conditions: Counter[str] = field(default_factory=Counter)
    injury: bool = False
    surgery: bool = False
    min_instructions: int = 2

    @property
    def exercise_steps(self) -> bool:
        """Whether the article gives enough movement steps to be exercise instructions.
        Steps with no amount, in an article that names no exercise or stretch and advises a
        device or a medicine, put the body in position to use it ("sit with your back
        supported and your feet flat on the floor" before a blood pressure reading; "tilt
        your head back" before eye drops)."""
        return self.instructions >= self.min_instructions and (
            self.dosed_instructions > 0 or self.exercise_named
            or not set(self.advice) & POSITIONING_FOR)

    target_groups: list[str] = field(default_factory=list)
    target_conditions: list[str] = field(default_factory=list)
    #: red-flag sets whose condition, procedure or activity words the article is about,
    #: with how much it is about them (a title or heading counts 3, a sentence 1)
    flag_words: Counter[str] = field(default_factory=Counter)
    #: sentences other than the title (headings included) that name each red-flag set's words
    flag_body: Counter[str] = field(default_factory=Counter)
    #: how many sentences were weighed for ``flag_words``
    flag_sentences: int = 0

    @property
    def primary_region(self) -> str | None:
        """The most mentioned targeted region id."""
        return self.regions.most_common(1)[0][0] if self.regions else None


def _block_of(doc: Doc, sent: Span) -> tuple[int, str]:
    for number, (start, end, kind) in enumerate(doc.user_data.get("medlint_blocks", ())):
        if start <= sent.start_char < end:
            return number, str(kind)
    return -1, "paragraph"


def _imperative_verb(token: Token, exclusions: frozenset[str]) -> bool:
    """A base-form verb with no subject of its own and no modal: an instruction."""
    if token.tag_ != "VB" or token.lemma_.lower() in exclusions:
        return False
    if token.dep_ not in ("ROOT", "conj", "ccomp", "parataxis", "advcl", "dep", "xcomp", "acl"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") and not _label_before_colon(c, token)
           for c in token.children):
        return False
    if token.dep_ != "ROOT" and not _label_before_colon(token.head, token) and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.head.children):
        return False
    return not any(c.dep_ == "aux" for c in token.children)


def _label_before_colon(subject: Token, verb: Token) -> bool:
    """A label before a colon ("Prayer stretch: press your palms") is no subject."""
    doc = subject.doc
    return subject.i < verb.i and any(doc[i].text == ":" for i in range(subject.i, verb.i))


def _is_imperative(sent: Span, exclusions: frozenset[str]) -> bool:
    """The sentence's main verb is an instruction ("Lie on your back", "If it hurts, stop")."""
    # a trailing blank line is a token of its own that can pose as the root
    root = next((t for t in sent if t.head.i == t.i and not t.is_space), sent.root)
    if root.tag_ == "VB" and _imperative_verb(root, exclusions):
        return True
    first = next((t for t in sent if t.is_alpha), None)
    if (first is not None and first.tag_ == "VB" and first.i == sent.start
            and first.lemma_.lower() not in exclusions and first.dep_ != "aux"):
        return True
    # "warm the balm and massage it in": the parser may mistag the first verb, not the second
    return any(t.dep_ == "conj" and t.head.i == root.i and _imperative_verb(t, exclusions)
               for t in root.children)


def _gerund_list_item(sent: Span, block_kind: str, take_verbs: frozenset[str]) -> bool:
    """A "what helps" list item, such as "- Taking paracetamol for the pain"."""
    if block_kind != "list_item":
        return False
    first = next((t for t in sent if t.is_alpha), None)
    return bool(first is not None and first.tag_ == "VBG" and first.lemma_.lower() in take_verbs)


def _remedy_first(hits: dict[str, list[Hit]]) -> bool:
    """A benefit claim whose subject is a remedy: some advice term starts before it."""
    starts = [h.start for k, hs in hits.items() if k.startswith("advice:") for h in hs]
    return any(s < b.start for b in hits.get("benefit", ()) for s in starts)


def _merged_sentences(doc: Doc) -> list[Span]:
    """Sentences, with a title or heading kept whole (the parser splits Title Case)."""
    out: list[Span] = []
    previous: tuple[int, str] | None = None
    for sent in sentence_list(doc):
        block = _block_of(doc, sent)
        if (out and previous is not None and block == previous and block[0] >= 0
                and block[1] in ("title", "heading")):
            out[-1] = doc[out[-1].start : sent.end]
        else:
            out.append(sent)
        previous = block
    return out


class SafetyIndex:
    """Every phrase of rules/safety/ in one :class:`PhraseIndex`, built once per run."""

    def __init__(self, knowledge: SafetyKnowledge) -> None:
        self.knowledge = knowledge
        topics = knowledge.topics
        entries: list[tuple[str, str]] = [("frame", p) for p in topics.advice_frames]
        entries += [("benefit", p) for p in topics.benefit_frames]
        for name, advice in topics.advice_types.items():
            entries += [(f"advice:{name}", p) for p in advice.terms]
        for name, condition in topics.conditions.items():
            entries += [(f"cond:{name}", p) for p in condition.terms]
        for name, region in topics.regions.items():
            entries += [(f"region:{name}", p) for p in region.terms]
        for name, named in topics.named_conditions.items():
            entries += [(f"named:{name}", p) for p in named.terms]
        recognisers = knowledge.recognisers
        for name, phrases in recognisers.lexicons.items():
            entries += [(f"lex:{name}", p) for p in phrases]
        for rec in recognisers.recognisers:
            entries += [(f"inline:{g}", g) for g in [*rec.groups, *rec.any]
                        if g not in recognisers.lexicons]
        entries += [("dismissive", p) for p in recognisers.negation.dismissive]
        entries += [("dismissed_after", p) for p in recognisers.negation.dismissive_after]
        entries += [("clinical", p) for p in topics.clinical_frames]
        entries += [("selfcare", p) for p in topics.self_care_cues]
        entries += [("uncertain", p) for p in topics.uncertain_evidence]
        entries += [("sign", p) for p in knowledge.red_flags.general_signs]
        for flag_set in knowledge.red_flags.sets:
            entries += [("sign", p) for p in flag_set.signs]
            entries += [(f"sign:{flag_set.id}", p) for p in flag_set.signs]
        self.index = PhraseIndex(entries)
        self.context: ContextRules | None = None
        #: the rules directory the knowledge came from (set by the loader)
        self.directory: Path = Path()
        self.exclusions = frozenset(w.lower() for w in topics.imperative_exclusions)
        self.take_verbs = frozenset(v for a in topics.advice_types.values() for v in a.take_verbs)
        exercise = topics.advice_types.get("exercise")
        self.movement_verbs = frozenset(exercise.movement_verbs if exercise else ())
        self.body_words = frozenset(exercise.body_words if exercise else ())
        self.dose_words = frozenset(exercise.dose_words if exercise else ())
        self.refusal_verbs = frozenset(topics.refusal_verbs)
        # one pattern per red-flag set for the condition, procedure and activity words it
        # applies to ("angina", "cataract surgery", "running")
        self.flag_patterns: dict[str, re.Pattern[str]] = {}
        #: the sets whose words start with a given word (only those are tried on a sentence)
        self.flag_starts: dict[str, set[str]] = {}
        for flag_set in knowledge.red_flags.sets:
            words = sorted(flag_set.applies.words, key=len, reverse=True)
            if words:
                self.flag_patterns[flag_set.id] = re.compile(
                    " (?:" + "|".join(re.escape(w) for w in words) + ") ")
                for word in words:
                    self.flag_starts.setdefault(word.split()[0], set()).add(flag_set.id)

        self.continuing_words = frozenset(topics.continuing_intro_words)
        self.pointer_verbs = frozenset(topics.pointer_verbs)

    def sentences(self, doc: Doc) -> list[Sentence]:
        """Every sentence of ``doc`` with its hits (cached per Doc)."""
        key = "medlint_safety_sentences"
        cached = doc.user_data.get(key)
        if cached is None:
            cached = []
            section = 0
            intro: Sentence | None = None
            for i, sent in enumerate(_merged_sentences(doc)):
                words = sentence_words(sent)
                hits: dict[str, list[Hit]] = {}
                pointer = _points_elsewhere(sent, self.pointer_verbs)
                for hit in self.index.find(words):
                    if hit.key in ("frame", "benefit") and (
                            pointer or _in_relative_clause(sent, words, hit)):
                        continue
                    hits.setdefault(hit.key, []).append(hit)
                block, kind = _block_of(doc, sent)
                if kind in ("title", "heading"):
                    section += 1
                continuing = kind == "list_item" and intro is not None and (
                    _continues_clause(intro, self.continuing_words))
                imperative = _is_imperative(sent, self.exclusions) and not continuing
                sentence = Sentence(
                    index=i, span=sent, words=words, hits=hits,
                    block_kind=kind, block=block, imperative=imperative,
                    advice=(imperative or "frame" in hits or _remedy_first(hits)
                            or (not continuing
                                and _gerund_list_item(sent, kind, self.take_verbs))),
                    question=sent.text.rstrip().endswith("?"),
                    clinical="clinical" in hits and "selfcare" not in hits,
                    uncertain="uncertain" in hits,
                    section=section,
                )
                cached.append(sentence)
                if kind != "list_item":
                    intro = sentence
            doc.user_data[key] = cached
        return list(cached)

    def still_advises(self, sentence: Sentence) -> bool:
        """A sentence with medicine-safety information that still recommends the medicine:
        a benefit claim, or an un-negated "take/use/apply" instruction."""
        if _remedy_first(sentence.hits):
            return True
        root = next((t for t in sentence.span if t.head.i == t.i and not t.is_space),
                    sentence.span.root)
        return (sentence.imperative and root.lemma_.lower() in self.take_verbs
                and not any(c.dep_ == "neg" for c in root.children))

    def is_instruction(self, sentence: Sentence) -> bool:
        """An imperative movement step: "Lie on your back", "Raise your arms", "Hold for 20
        seconds", also inside a list item ("Stretches help: stand in a doorway...")."""
        return self.instruction_steps(sentence) > 0

    def dosed(self, sentence: Sentence) -> bool:
        """Whether a sentence gives an amount of an exercise (reps, seconds, times)."""
        body = {w.lemma for w in sentence.words} | {w.text for w in sentence.words}
        return bool(body & self.dose_words)

    def instruction_steps(self, sentence: Sentence) -> int:
        """How many movement steps the sentence gives ("sit on a chair, straighten one knee
        and hold for five seconds" is three), at most :data:`MAX_STEPS_PER_SENTENCE`."""
        verbs = {t.lemma_.lower() for t in sentence.span if _imperative_verb(t, self.exclusions)}
        steps = verbs & self.movement_verbs
        if not steps:
            return 0
        body = {w.lemma for w in sentence.words} | {w.text for w in sentence.words}
        if not (body & self.body_words or sentence.has("advice:exercise")):
            return 0
        if not body & self.dose_words:
            return 1
        return min(len(steps), MAX_STEPS_PER_SENTENCE)


def _in_relative_clause(sent: Span, words: Sequence[Word], hit: Hit) -> bool:
    """A frame or benefit inside a relative clause describes a noun, it advises nothing:
    "medicines that can reduce saliva", "supplements you can buy"."""
    doc = sent.doc
    for word in words[hit.start:hit.end]:
        token = doc[word.first]
        if token.dep_ == "relcl" or (token.dep_ in ("aux", "nsubj", "advmod")
                                     and token.head.dep_ == "relcl"):
            return True
    return False


def _points_elsewhere(sent: Span, pointer_verbs: frozenset[str]) -> bool:
    """"Learn more about how X can help", "Read why Y works": the main verb points to another
    page, so what the sentence says helps is no advice of this article."""
    root = next((t for t in sent if t.head.i == t.i and not t.is_space), sent.root)
    return root.tag_ == "VB" and root.lemma_.lower() in pointer_verbs and not any(
        c.dep_ in ("nsubj", "aux") and not _label_before_colon(c, root) for c in root.children)


def _continues_clause(intro: Sentence, continuing: frozenset[str]) -> bool:
    """A list introduced by "... include those who:" or "... when you:" continues the
    introducing clause: its items are descriptions, not instructions."""
    text = intro.span.text.rstrip()
    if not text.endswith(":"):
        return False
    words = [w.text for w in intro.words if w.text != ":"]
    return bool(words) and words[-1] in continuing


# Kinds of advice that a clinician may give rather than the reader take on their own.
CLINICAL_TYPES = ("medication", "supplement", "device")


def clinical_sentences(sentences: Sequence[Sentence], safety_sentences: set[int]) -> set[int]:
    """Sentences that describe clinician-managed treatment: those with a clinical frame and
    no self-care cue, and, in a section that describes treatment ("Your doctor may
    prescribe..."; a caution such as "ask first if you take antibiotics" does not), every
    sentence about "these medicines" that neither names a self-care cue nor tells the reader
    to take something."""
    direct = {s.index for s in sentences if s.clinical}
    sections = {s.section for s in sentences if s.clinical and s.index not in safety_sentences}
    selfcare = {s.section for s in sentences if s.has("selfcare")}
    spread = {s.index for s in sentences
              if s.section in sections and s.section not in selfcare and not s.imperative
              and s.block_kind not in ("title", "heading")}
    return direct | spread


# How far up the parse a refusing verb may govern an advice term ("avoid medicines such as
# cough medicines and herbal supplements": five steps from "supplements" to "avoid").
REFUSAL_DEPTH = 8


def _refused(index: SafetyIndex, sentence: Sentence, hit: Hit) -> bool:
    """An advice term the sentence tells readers to avoid ("avoid stimulant medicines",
    "limit painkillers", "do not take aspirin")."""
    doc = sentence.span.doc
    first, last = sentence.words[hit.start].first, sentence.words[hit.end - 1].last
    tokens = [doc[i] for i in range(first, last + 1)]
    current: Token = next((t for t in tokens if not first <= t.head.i <= last), tokens[0])
    for _ in range(REFUSAL_DEPTH):
        if current.lemma_.lower() in index.refusal_verbs:
            return True
        if current.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in current.children):
            return True
        if current.head.i == current.i or current.dep_ in ("nsubj", "nsubjpass", "csubj"):
            break
        current = current.head
    return False


PAIR_GAP = 3
# One sentence can hold a whole exercise ("sit, straighten one knee and hold"): its steps count.
MAX_STEPS_PER_SENTENCE = 3
# A region is a target of the article when its symptom pairs weigh this much (a title or
# heading counts 3, a sentence 1).
TARGET_MIN = 2
# In a short text (a snippet, an excerpt) one mention of the main region is enough.
SHORT_ARTICLE = 8
# Injury words (fall, sprain, twisted...) this often make a joint article an injury article.
INJURY_MIN = 2
SAFETY_KEYS = ("lex:clinician", "lex:emergency_service", "lex:stop_verb", "lex:care_cue")


def _near(a: Hit, b: Hit) -> bool:
    gap = max(a.start, b.start) - min(a.end, b.end)
    return gap <= PAIR_GAP


def profile(index: SafetyIndex, doc: Doc, sentences: list[Sentence],
            safety_sentences: set[int], instruction_exclusions: set[int] | None = None
            ) -> TopicProfile:
    """Build the topic profile; ``safety_sentences`` (those that carry safety information)
    do not count towards the targets, ``instruction_exclusions`` (advice to get help) not
    towards the exercise steps."""
    if instruction_exclusions is None:
        instruction_exclusions = safety_sentences
    topics = index.knowledge.topics
    result = TopicProfile()
    clinical = clinical_sentences(sentences, safety_sentences)
    general = load_lexicon(index.directory).list(GENERAL_ACTIVITY)
    quantified = _quantified_sentences(doc, sentences)
    for sentence in sentences:
        for name in topics.advice_types:
            if not sentence.has(f"advice:{name}") or sentence.question:
                continue
            if sentence.index in safety_sentences or sentence.uncertain:
                continue
            if sentence.index in clinical and name in CLINICAL_TYPES:
                continue
            if all(_refused(index, sentence, h) for h in sentence.hits[f"advice:{name}"]):
                continue
            result.discussed.setdefault(name, []).append(sentence.index)
            if sentence.advice and not (name == "exercise" and _only_general(
                    sentence, sentence.hits[f"advice:{name}"], general, quantified)):
                result.advice.setdefault(name, []).append(sentence.index)
        if sentence.has("advice:exercise") or sentence.has("advice:stretching"):
            result.exercise_named = True
        if sentence.index not in instruction_exclusions:
            steps = index.instruction_steps(sentence)
            result.instructions += steps
            if steps and index.dosed(sentence):
                result.dosed_instructions += steps
            if steps and sentence.has("advice:massage"):
                result.massage_instructions += 1
    _inherit_advice(index, sentences, safety_sentences | clinical, result)
    _frame_advice(index, doc, sentences, safety_sentences, clinical, result)
    result.min_instructions = 1 if len(sentences) <= SHORT_ARTICLE else 2
    if result.exercise_steps:
        for name in ("exercise",):
            result.advice.setdefault(name, [])
    weights: Counter[str] = Counter()
    symptom_words = load_lexicon(index.directory).list(REGION_SYMPTOM_WORDS)
    # Sentences (a title or heading counts twice) that mention each group: one sentence of a
    # long article, however dense, does not make its topic.
    spread: dict[str, set[int]] = {}
    joint_surgery = False
    for sentence in sentences:
        if sentence.index in safety_sentences or (
                sentence.question and sentence.block_kind not in ("title", "heading")):
            continue
        weight = 3 if sentence.block_kind in ("title", "heading") else 1
        condition_hits = [h for k, hs in sentence.hits.items() if k.startswith("cond:")
                          for h in hs]
        region_hits = _outermost([h for k, hs in sentence.hits.items()
                                  if k.startswith("region:") for h in hs])
        for key, hits in sentence.hits.items():
            if key.startswith("cond:"):
                result.conditions[key[5:]] += weight * len(hits)
        for region_hit in region_hits:
            region_id = region_hit.key[7:]
            region = topics.regions[region_id]
            paired = [c for c in condition_hits if _near(c, region_hit)
                      and not (c.start <= region_hit.start and c.end >= region_hit.end)]
            self_symptom = region.symptom or any(
                w in symptom_words
                for w in (x.lemma for x in sentence.words[region_hit.start:region_hit.end]))
            if paired or self_symptom:
                _mention(spread, region.group, sentence.index, weight)
                weights[region.group] += weight
                result.regions[region_id] += weight
                if region.joint and any(c.key == "cond:injury" for c in paired):
                    result.injury = True
                if region.joint and any(c.key == "cond:surgery" for c in paired):
                    joint_surgery = True
        for key, hits in sentence.hits.items():
            if not key.startswith("named:"):
                continue
            named = topics.named_conditions[key[6:]]
            if named.group in topics.conditions:
                result.conditions[named.group] += weight * len(hits)
                continue
            weights[named.group] += weight * len(hits)
            _mention(spread, named.group, sentence.index, weight)
            region_id = next(r for r, reg in topics.regions.items() if reg.group == named.group)
            result.regions[region_id] += weight * len(hits)
    _flag_words(index, sentences, safety_sentences, result)
    _fold_generic(weights, result.regions, spread)
    if weights:
        top = weights.most_common(1)[0][1]
        short = len(sentences) <= SHORT_ARTICLE
        result.target_groups = [g for g, n in weights.items()
                                if (n >= TARGET_MIN and len(spread.get(g, ())) >= TARGET_MIN)
                                or (n == top and short)]
        result.groups = weights
    if result.conditions.get("injury", 0) >= INJURY_MIN:
        result.injury = True
    if joint_surgery and result.conditions.get("surgery", 0) >= INJURY_MIN:
        # recovering from an operation on a joint: a joint after injury
        result.surgery = result.injury = True
    top_condition = max(result.conditions.values(), default=0)
    result.target_conditions = [
        c for c, n in result.conditions.items()
        if n >= TARGET_MIN or (n == top_condition and len(sentences) <= SHORT_ARTICLE)]
    return result


REGION_SYMPTOM_WORDS = declare("region_symptom_words", "words of a region's mention that name "
                               "its own pain (headache, sciatica)")
DOSE_TAKERS = declare("dose_takers", "people a dose belongs to: 'I've been on 200 mg a "
                      "day' takes it")
TAKEN = declare("taking_verbs", "verbs of taking a medicine or supplement (take, swallow)")
SUPPLEMENT_FORMS = declare("supplement_forms", "words that make a nutrient a supplement "
                           "(tablets, capsules, supplement)")


def _only_general(sentence: Sentence, hits: list[Hit], general: frozenset[str],
                  quantified: set[int]) -> bool:
    """Whether a sentence's exercise words only name being active in general ("exercising
    regularly can help prevent ...") and give no amount to do."""
    if sentence.index in quantified:
        return False
    return all(" ".join(w.text for w in sentence.words[h.start:h.end]) in general
               for h in hits)


def _quantified_sentences(doc: Doc, sentences: list[Sentence]) -> set[int]:
    """Sentences with an amount of time, a count or a frequency (a Quantity frame)."""
    from pipeline.nlp.frames import Quantity, frames_of

    starts = [s.span.start_char for s in sentences]
    return {bisect_right(starts, f.start) - 1 for f in frames_of(doc)
            if isinstance(f, Quantity) and f.dimension in ("duration", "count", "frequency")}


def _clinician_given(topic: Words, lexicon: Lexicon) -> bool:
    """Whether a medicine topic names a treatment a clinician gives (a kind of vaccine)."""
    given = lexicon.list(CLINICIAN_GIVEN)
    words = {(topic.lemma or "").lower(), (topic.concept or "").lower(),
             *topic.text.lower().split()}
    return bool(words & given) or any(
        set(lexicon.broader(w)) & given for w in words if w)


def _taken(frame: object, topic: object, lexicon: object) -> bool:
    """Whether advice about a nutrient is about taking it as a supplement."""
    from pipeline.nlp.frames import Advice

    words = f" {getattr(topic, 'text', '').lower()} "
    forms = lexicon.list(SUPPLEMENT_FORMS)  # type: ignore[attr-defined]
    if any(f" {w} " in words or words.rstrip().endswith(w) for w in forms):
        return True
    if isinstance(frame, Advice):
        return (frame.action.lemma or "") in lexicon.list(TAKEN)  # type: ignore[attr-defined]
    return False


def named_flag_sets(index: SafetyIndex, sentence: Sentence,
                    people: Collection[str] = frozenset()) -> set[str]:
    """The red-flag sets whose condition, procedure or activity words a sentence names
    ("diverticulitis", "head injury"). A word inside a longer one of another set names that
    set's condition only ("hay fever" is an allergy, not a fever); ``people``: words that
    name who the advice is for, not what it is about."""
    text = " " + " ".join(w.text for w in sentence.words) + " "
    candidates = {set_id for w in sentence.words
                  for set_id in index.flag_starts.get(w.text, ())}
    found = [(m.start(), m.end(), set_id) for set_id in sorted(candidates)
             for m in index.flag_patterns[set_id].finditer(text)
             if m.group(0).strip() not in people]
    return {set_id for start, end, set_id in found
            if not any(s <= start and end <= e and (e - s) > (end - start)
                       for s, e, _ in found)}


def _flag_words(index: SafetyIndex, sentences: list[Sentence], safety_sentences: set[int],
                result: TopicProfile) -> None:
    """How much the article is about each red-flag set's conditions, procedures and
    activities: sentences (titles and headings count 3) that name one of its words."""
    from pipeline.knowledge.lexicon import load_lexicon

    people = load_lexicon(index.directory).words("group")
    counted = 0
    for sentence in sentences:
        if sentence.index in safety_sentences or sentence.question:
            continue
        counted += 1
        # a title counts most, a heading much, a sentence once; groups of people ("babies",
        # "pregnant women") name who the advice is for, not what it is about
        weight = {"title": 6, "heading": 3}.get(sentence.block_kind, 1)
        for set_id in sorted(named_flag_sets(index, sentence, people)):
            result.flag_words[set_id] += weight
            if sentence.block_kind != "title":
                result.flag_body[set_id] += 1
    result.flag_sentences = counted


INHERITING = ("medication", "supplement", "home_remedy", "device")
#: The advice type of an Advice frame's topic kind.
ADVICE_OF_KIND = {"medicine": "medication", "supplement": "supplement", "remedy": "home_remedy",
                  "device": "device", "exercise": "exercise", "diet": "diet"}
NOT_ASSERTED = frozenset({"hypothetical", "question", "reported", "myth", "quoted"})
CLINICIAN_GIVEN = declare("clinician_given", "treatments a clinician gives, not taken on "
                          "one's own (vaccines, injections): advice to get one is no "
                          "self-medication")
GENERAL_ACTIVITY = declare("general_activity", "words for being active in general (physical "
                           "activity, exercise), not a named exercise to do")
READER_WORDS = declare("reader_words", "words that address the reader (you, your)")
EXERCISE_ACTIVITIES = declare("exercise_activities", "activities that are exercise (walking, "
                              "swimming, yoga), unlike sleeping or driving")


def _addresses_reader(doc: Doc, frame: Frame, reader_words: frozenset[str]) -> bool:
    """Whether the sentence of a frame speaks to the reader ("it can help your pain"), or
    offers the thing as a way to do it."""
    return any(t.lower_ in reader_words for t in doc[frame.first_token].sent) or \
        _offered(frame)


def _offered(frame: Frame) -> bool:
    """Whether a judgement offers its thing as a good way or option (the Evaluation
    reader's ``offered``): a recommendation."""
    return getattr(frame, "offered", None) is not None


def _dose_taken(doc: Doc, frame: Quantity, lexicon: Lexicon) -> bool:
    """Whether a dose of a substance the knowledge does not name is of something taken: its
    verb takes it ("I take 200 mg"), someone is on it ("I've been on 200 mg a day"), or the
    sentence gives it in a supplement form ("100 mg capsules"); not a nutrient in food
    ("2,300 mg of sodium a day")."""
    action, topic = frame.action, frame.topic
    if action is not None and (action.lemma or "") in lexicon.list(TAKEN):
        return True
    if topic is not None and topic.text.lower() in lexicon.list(DOSE_TAKERS):
        return True
    if any(a.lower_ == "on" and a.head.lemma_ == "be" for a in doc[frame.first_token].ancestors):
        return True
    forms = lexicon.list(SUPPLEMENT_FORMS)
    return any(t.lower_ in forms for t in doc[frame.first_token].sent)


def _frame_advice(index: SafetyIndex, doc: Doc, sentences: list[Sentence],
                  safety_sentences: set[int], clinical: set[int], result: TopicProfile
                  ) -> None:
    """Advice the claim frames read, in any wording: a medicine, supplement, remedy,
    device, exercise or diet the article tells readers to take or do (imperative,
    normative, descriptive or a story it offers as a model), praises as helpful or the
    best ("a swim each day is the best medicine"), or doses ("I've been on 200 mg a day",
    "each capsule packs 6 g of citrulline": a dose of something taken, named or not)."""
    from pipeline.knowledge.lexicon import load_lexicon
    from pipeline.nlp.frames import Advice, Evaluation, frames_of
    from pipeline.nlp.readers.base import GENERIC_MEDICINES
    from pipeline.nlp.readers.quantity import DOSE_KINDS

    lexicon = load_lexicon(index.directory)
    exercise_words = lexicon.list(EXERCISE_ACTIVITIES)
    reader_words = lexicon.list(READER_WORDS)
    general = lexicon.list(GENERAL_ACTIVITY)
    generic = lexicon.list(GENERIC_MEDICINES)
    starts = [s.span.start_char for s in sentences]
    frames = frames_of(doc)
    quantified = {f.sentence for f in frames if isinstance(f, Quantity)
                  and f.dimension in ("duration", "count", "frequency")}
    for frame in frames:
        if set(frame.context) & NOT_ASSERTED or "heading" in frame.context:
            continue
        unknown = False  # a dose of something the knowledge does not name
        if isinstance(frame, Advice):
            if frame.polarity not in ("do", "may") or frame.speaker == "third_party":
                continue
            topic = frame.topic
        elif isinstance(frame, Evaluation):
            if frame.judgement not in ("helps", "best", "safe") or "negated" in frame.context:
                continue
            topic = frame.target
        elif isinstance(frame, Quantity) and frame.dimension == "dose" and \
                "negated" not in frame.context:
            # "I started at 50 mg at night", "each capsule has 3.2 g of beta-alanine": a
            # dose names something taken as a medicine or supplement, known or not
            topic = frame.topic
            if topic is None or topic.kind is None:
                if not _dose_taken(doc, frame, lexicon):
                    continue
                unknown = True
                topic = replace(topic or frame.value, kind="supplement")
            elif topic.kind not in DOSE_KINDS or (topic.concept or "") in generic:
                continue  # "4 or 5 glucose tablets": what the tablets are is not said
        else:
            continue
        if topic is None or topic.kind is None:
            continue
        kind = topic.kind
        if kind in ("medicine", "device") and _clinician_given(topic, lexicon):
            continue  # "children should receive the vaccine": given by a clinician
        if isinstance(frame, Evaluation) and frame.judgement == "helps" and \
                not _addresses_reader(doc, frame, reader_words):
            # "medications that reduce acid include ...", "physical activity can lower
            # risk factors": how a treatment works, not a recommendation to the reader
            continue
        if kind == "activity" and (topic.lemma or "") in exercise_words:
            kind = "exercise"
        if kind == "supplement" and not unknown and not _taken(frame, topic, lexicon):
            kind = "diet"  # "get your calcium from dairy": a nutrient, not a supplement
        name = ADVICE_OF_KIND.get(kind)
        if name is None or name not in index.knowledge.topics.advice_types:
            continue
        number = bisect_right(starts, frame.start) - 1
        if number < 0 or (number in safety_sentences and not (
                isinstance(frame, Advice) and name in CLINICAL_TYPES)):
            # a safety sentence is no advice ("stop if it hurts"), but one that also tells
            # readers to take a medicine gives both ("you can take a second tablet, but
            # leave two hours between them")
            continue
        if number in clinical and name in CLINICAL_TYPES:
            continue
        if number not in result.discussed.setdefault(name, []):
            result.discussed[name].append(number)
        if isinstance(frame, Evaluation) and frame.judgement == "helps" and \
                not _offered(frame):
            continue  # "it can help your pain" discusses it; advice says to do it
        if name == "exercise" and (topic.lemma or "") in general and \
                frame.sentence not in quantified:
            continue  # "be more physically active": lifestyle, not an exercise to do
        if number not in result.advice.setdefault(name, []):
            result.advice[name].append(number)
        if name == "exercise" and isinstance(frame, Advice) and \
                frame.sentence in quantified and frame.condition is None:
            # "walk briskly for 30 minutes a day" is a step; "if travelling by car, stop
            # every hour and walk around" is a tip for a situation
            result.instructions += 1


def _inherit_advice(index: SafetyIndex, sentences: list[Sentence], safety_sentences: set[int],
                    result: TopicProfile) -> None:
    """"Turmeric is popular. Take 500 mg a day." - an instruction that takes, uses or wears
    "it" continues the remedy named just before."""
    take = frozenset(v for a in index.knowledge.topics.advice_types.values()
                     for v in a.take_verbs)
    for sentence in sentences:
        if not sentence.imperative or sentence.index in safety_sentences or sentence.index == 0:
            continue
        if any(sentence.has(f"advice:{name}") for name in INHERITING):
            continue
        if sentence.span.root.lemma_.lower() not in take:
            continue
        for previous in sentences[max(0, sentence.index - 2) : sentence.index]:
            for name in INHERITING:
                if previous.has(f"advice:{name}") and previous.index not in safety_sentences:
                    result.discussed.setdefault(name, []).append(sentence.index)
                    result.advice.setdefault(name, []).append(sentence.index)


def _outermost(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer one ("shoulder" inside "between the shoulder blades")."""
    keep = []
    for hit in hits:
        if not any(o is not hit and o.start <= hit.start and hit.end <= o.end
                   and (o.end - o.start) > (hit.end - hit.start) for o in hits):
            keep.append(hit)
    return keep


GENERIC_GROUP = "back"


def _mention(spread: dict[str, set[int]], group: str, sentence: int, weight: int) -> None:
    """Record that ``sentence`` mentions ``group``; a title or heading counts twice."""
    marks = spread.setdefault(group, set())
    marks.add(sentence)
    if weight > 1:
        marks.add(-sentence - 1)


def _fold_generic(weights: Counter[str], regions: Counter[str], spread: dict[str, set[int]]
                  ) -> None:
    """Plain "back pain" in an article about the upper (or lower) back is that region."""
    if GENERIC_GROUP not in weights:
        return
    specific = [g for g in ("upper_back", "lower_back") if weights.get(g)]
    if not specific:
        return
    target = max(specific, key=lambda g: weights[g])
    weights[target] += weights.pop(GENERIC_GROUP)
    spread.setdefault(target, set()).update(spread.pop(GENERIC_GROUP, set()))
    generic = [r for r in regions if r == GENERIC_GROUP]
    for region in generic:
        del regions[region]


def token_of(sentence: Sentence, word_index: int) -> Token:
    """The first token of a word."""
    return sentence.span.doc[sentence.words[word_index].first]
