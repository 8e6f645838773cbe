"""Dismissed warning signs: a red flag the article says needs no medical help.

"Loss of bladder control with back pain usually settles with rest", "pain spreading into
your arm is probably just a pulled muscle", "if your face droops, lie down and wait for it to
pass". The warning signs come from rules/safety/red_flags.yaml; the words that reassure,
prescribe self-care or waiting, or deny the need for help from
rules/instructions/dismissal.yaml.

A sentence is split into parts at contrast words ("..., but", "unless"); a part fires when it
names a warning sign (not negated, not a mild sign on its own) and a dismissal that applies
to it, and does not itself send the reader for help. The careful form ("usually harmless, but
call 999 if Y") and negated, cautioned, questioned or mythical dismissals stay quiet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.checks.safety import load as load_safety_index
from pipeline.checks.unsafe_frames import PROCEDURES
from pipeline.findings import Finding
from pipeline.knowledge.dismissal import DismissalKnowledge, load_dismissal
from pipeline.knowledge.lexicon import declare, default_lexicon, load_lexicon
from pipeline.knowledge.medicines import load_medicines
from pipeline.knowledge.safety import RedFlagSet
from pipeline.nlp.components.instructions import NEGATORS
from pipeline.nlp.context import load_context, modifiers
from pipeline.nlp.readers.base import ADVICE_NEGATORS, CONTRAST_WORDS, circumstance_clause
from pipeline.nlp.readers.evaluation import PARTIAL_QUANTIFIERS
from pipeline.nlp.readers.requirement import TREATMENTS
from pipeline.nlp.sentences import sentence_list
from pipeline.nlp.topic_profile import Hit, PhraseIndex, Word, named_flag_sets, sentence_words

RULE = "UNSAFE-DISMISS-WARNING-SIGN"
REFERRAL_RULE = "UNSAFE-REFERRAL-DENIED"
REFERRAL_WINDOW = 6
STRONG_KINDS = ("reassurance", "cause", "self_care", "denial")
SIGN_NEGATION_WINDOW = 4
INTENSIFIER_WINDOW = 5
HEADINGS = frozenset({"title", "heading"})
LABEL_TOKENS = 4
DEPENDENTS_OF_SUBJECT = ("nsubj", "nsubjpass", "csubj", "expl")


ATTRIBUTING = declare("attributing_prepositions", "prepositions that put an effect down to a "
                      "thing (after an injection, with this medicine)")


AMOUNT_QUANTIFIERS = declare("amount_quantifiers", "quantifiers that measure an amount of an "
                             "uncountable noun and pick out a share only of a plural "
                             "(some chest tightness / some headaches)")
DEMONSTRATIVES = declare("demonstratives", "words that point back at what was just described "
                        "(these palpitations, this kind of pain)")


@dataclass(frozen=True)
class Index:
    """The dismissal knowledge and its compiled phrase index."""

    knowledge: DismissalKnowledge
    phrases: PhraseIndex
    sets: dict[str, RedFlagSet]
    #: words that say a sign is absent: the lexicon's negators and the absence words
    sign_negators: frozenset[str]
    #: words that negate the verb they modify (not, never)
    verb_negators: frozenset[str]
    #: words that open a clause, where a sign's negation stops looking back
    clause_openers: frozenset[str]
    #: verbs that put something down to a cause (the lexicon's ``cause`` class)
    cause_verbs: frozenset[str]
    #: nouns of a treatment or procedure ("after an injection": what a sign is put down to)
    treatments: frozenset[str]
    #: prepositions that put an effect down to a thing ("after an injection", "with it")
    attributing: frozenset[str]
    #: words that point back at a kind just described ("these palpitations")
    demonstratives: frozenset[str]
    #: words that make a claim one about a proportion ("most", "usually")
    partial_quantifiers: frozenset[str]


def load(rules_directory: Path) -> Index:
    """Loader for :meth:`KnowledgeBase.load`."""
    knowledge = load_dismissal(rules_directory)
    lexicon = load_lexicon(rules_directory)
    return Index(knowledge, PhraseIndex(knowledge.phrases()),
                 {s.id: s for s in knowledge.sets},
                 lexicon.list(NEGATORS) | frozenset(knowledge.vocabulary.absence_words),
                 lexicon.list(ADVICE_NEGATORS),
                 frozenset(knowledge.vocabulary.clause_openers),
                 frozenset(w for w in lexicon.words("cause") if " " not in w),
                 lexicon.list(TREATMENTS) | lexicon.list(PROCEDURES),
                 lexicon.list(ATTRIBUTING), lexicon.list(DEMONSTRATIVES),
                 lexicon.list(PARTIAL_QUANTIFIERS))


@dataclass(frozen=True)
class Article:
    """What the article as a whole says that decides how a sign is read."""

    #: the article is about an operation (a set for after surgery applies)
    surgery: bool = False
    #: the red-flag sets the article names by their own condition words
    named: frozenset[str] = frozenset()
    #: signs a medicine the article names is known to cause harmlessly ("black stools"
    #: with iron): called normal, they are a side effect explained, not a sign dismissed
    expected: frozenset[str] = frozenset()

    def expected_effect(self, words: Sequence[Word], hit: Hit) -> bool:
        """Whether a sign hit is a harmless effect of the article's medicine."""
        return " ".join(w.text for w in words[hit.start:hit.end]) in self.expected


def _expected_effects(doc: Doc, rules_directory: Path) -> frozenset[str]:
    """The harmless effects (rules/unsafe/medicines.yaml ``harmless_effects``) of the
    medicines the article's mentions name."""
    knowledge = load_medicines(rules_directory)
    return frozenset(
        sign for span in doc.spans.get("mentions", ())
        for key in {span.text.lower(), span.root.lemma_.lower()}
        for medicine in knowledge.named(key)
        for effect in medicine.harmless_effects for sign in effect.signs)


@dataclass(frozen=True)
class Match:
    """A phrase found in a sentence, as tokens."""

    key: str
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        """Index of the first token."""
        return self.tokens[0].i

    @property
    def end(self) -> int:
        """Index after the last token."""
        return self.tokens[-1].i + 1

    @property
    def text(self) -> str:
        """The matched words as written."""
        doc = self.tokens[0].doc
        return doc[self.start : self.end].text


def _to_match(words: Sequence[Word], hit: Hit, doc_tokens: Span) -> Match:
    doc = doc_tokens.doc
    first, last = words[hit.start].first, words[hit.end - 1].last
    return Match(hit.key, tuple(doc[first : last + 1]))


def _parts(sent: Span, contrast: frozenset[str]) -> list[tuple[int, int]]:
    """Token ranges of the sentence split at contrast words."""
    cuts = [t.i for t in sent if t.lower_ in contrast and t.i > sent.start]
    bounds = [sent.start, *cuts, sent.end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _head(tokens: Sequence[Token]) -> Token:
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def _subject(token: Token) -> Token | None:
    """The subject of the clause ``token`` heads (inherited along conjuncts)."""
    while True:
        for child in token.children:
            if child.dep_ in DEPENDENTS_OF_SUBJECT:
                return child
        if token.dep_ in ("conj", "xcomp", "acomp", "attr", "advcl") and token.head.i != token.i:
            if token.dep_ == "advcl":
                return None
            token = token.head
            continue
        return None


def _verb(token: Token) -> Token:
    """The verb or copula of the clause that holds ``token``."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return token


def _negated_dismissal(match: Match, index: Index) -> bool:
    """"Don't massage it", "it will not pass", "avoid stretching", "never assume it is
    indigestion", "it is dangerous to wait"."""
    vocab = index.knowledge.vocabulary
    caution = frozenset(vocab.caution_words)
    negating = frozenset(vocab.negating_verbs)
    leaving = frozenset(vocab.leaving_preps)
    inside = {t.i for t in match.tokens}
    head = _head(match.tokens)
    for token in (head, *head.ancestors):
        if token.i not in inside and (token.lemma_.lower() in negating
                                      or token.lemma_.lower() in caution
                                      or token.lower_ in caution):
            return True
        if token.i not in inside and token.pos_ == "ADP" and token.lower_ in leaving:
            return True
        for child in token.children:
            if child.i in inside:
                continue
            if child.dep_ == "neg" or child.lower_ in index.verb_negators:
                return True
            if child.dep_ in ("acomp", "attr") and child.lower_ in caution:
                return True
    return False


def _third_party(match: Match, index: Index) -> bool:
    """The dismissal is what other people do: "many people wait too long"."""
    others = frozenset(index.knowledge.vocabulary.third_party_subjects)
    subject = _subject(_verb(_head(match.tokens)))
    if subject is None:
        return False
    near = [subject, *(c for c in subject.children
                       if c.dep_ in ("det", "amod", "nummod", "compound", "conj"))]
    return any(t.lower_ in others for t in near)


def _about_sign(match: Match, signs: Sequence[Match], index: Index) -> bool:
    """The dismissal is said of the sign or to the reader: the clause has no subject (a
    command), or its subject is "you" (self-care only), a pronoun, or holds the sign; a
    subject with a quantifier ("most seizures are harmless") states a proportion."""
    verb = _verb(_head(match.tokens))
    subject = _subject(verb)
    if subject is None or _command(verb):
        return True
    if subject.lower_ == "you":
        return match.key in ("self_care", "denial")
    vocab = index.knowledge.vocabulary
    if (match.key == "self_care" and subject.dep_ == "nsubj"
            and verb.lemma_.lower() in vocab.reader_actions):
        return False  # "weak spots stretch": not the reader's doing
    if subject.lower_ in vocab.pronoun_subjects:
        return True
    quantifiers = frozenset(vocab.quantifiers)
    subtree = list(subject.subtree)
    if match.key != "self_care" and any(t.lower_ in quantifiers for t in subtree):
        return False
    covered = {t.i for t in subtree}
    return any(t.i in covered for s in signs for t in s.tokens)


def _of_the_sign(match: Match, index: Index) -> bool:
    """A self-care phrase said of the sign itself: its clause's subject is a pronoun ("it
    will pass", "it settles by itself")."""
    subject = _subject(_verb(_head(match.tokens)))
    return subject is not None and subject.lower_ in index.knowledge.vocabulary.pronoun_subjects


def _circumstance(match: Match) -> bool:
    """A self-care verb in a clause that only says when a sign shows ("a lump that may
    disappear when you lie down"): a circumstance, not something the reader is told to do
    (a condition is: "chest pain will ease if you lie down")."""
    verb = _verb(_head(match.tokens))
    clause = circumstance_clause(verb, default_lexicon())
    return clause is not None and clause.i == verb.i


def _put_down_to_treatment(sent: Span, index: Index) -> bool:
    """Whether a sentence puts what it names down to a treatment ("common after an
    injection", "with this medicine"): side effects explained, not signs dismissed."""
    return any(t.dep_ == "prep" and t.lower_ in index.attributing and any(
        o.dep_ == "pobj" and o.lower_ in index.treatments for o in t.children) for t in sent)


def _command(verb: Token) -> bool:
    """A base-form verb with no subject or auxiliary of its own ("..., so try some
    stretches"): a command, whatever subject the parser lends it through "and"."""
    return verb.tag_ in ("VB", "VBP") and not any(
        c.dep_ in ("aux", "auxpass", *DEPENDENTS_OF_SUBJECT) for c in verb.children)


def _remedy_role(match: Match) -> bool:
    """A self-care noun ("stretches", "massage") counts as something the reader is told to
    do or have: an object or complement, not a name in apposition or a subject."""
    head = _head(match.tokens)
    if head.pos_ not in ("NOUN", "PROPN"):
        return True
    return head.dep_ in ("dobj", "pobj", "attr", "conj", "ROOT", "oprd")


def _hedged(match: Match, index: Index) -> bool:
    """"Palpitations may be harmless": a hedging modal on the dismissal's verb."""
    hedges = frozenset(index.knowledge.vocabulary.hedges)
    verb = _verb(_head(match.tokens))
    return any(c.dep_ == "aux" and c.lower_ in hedges for c in verb.children)


def _sign_negated(words: Sequence[Word], hit: Hit, part_start: int, index: Index) -> bool:
    """"no numbness", "without fever or weight loss", "if you don't have numbness"."""
    k = hit.start - 1
    steps = 0
    while k >= 0 and steps < SIGN_NEGATION_WINDOW and words[k].first >= part_start:
        text = words[k].text
        if not any(ch.isalnum() for ch in text) and text not in ("'",):
            break
        if text in index.clause_openers:
            break
        if text in index.sign_negators:
            return True
        k -= 1
        steps += 1
    return False


def _share_of(words: Sequence[Word], hit: Hit, sent: Span, index: Index) -> bool:
    """A sign counted as a share ("most fevers", "many headaches"): a statement about how
    often it is harmless, not a verdict on the reader's own."""
    tokens = [t for w in words[hit.start:hit.end] for t in sent.doc[w.first:w.last + 1]]
    head = _head(tokens)

    def share(word: Token) -> bool:
        # "some headaches" is a share, "some chest tightness" an amount
        return word.lower_ in index.partial_quantifiers and (
            word.lower_ not in default_lexicon().list(AMOUNT_QUANTIFIERS)
            or head.tag_ == "NNS")

    return any(c.dep_ in ("amod", "det", "quantmod", "nummod") and c.i < head.i
               and share(c) for c in head.children) or (
        head.dep_ == "pobj" and head.head.lower_ == "of" and share(head.head.head))


def _modifier(words: Sequence[Word], hit: Hit, sent: Span, index: Index) -> bool:
    """A one-word sign that is no symptom here: a mild sign that only describes another noun
    ("high blood pressure", "weak spots" in an artery wall, not "thunderclap headache"), or
    a verb with a particle ("sunscreen sweats off")."""
    if hit.end - hit.start == 1:
        token = sent.doc[words[hit.start].last]
        if token.pos_ == "VERB" and any(c.dep_ == "prt" for c in token.children):
            return True  # "sunscreen sweats off": a phrasal verb, no symptom
    mild = index.knowledge.vocabulary.mild_words
    if hit.end - hit.start != 1 or words[hit.start].text not in mild:
        return False
    token = sent.doc[words[hit.start].last]
    return token.dep_ in ("compound", "amod") and token.head.pos_ in ("NOUN", "PROPN")


def _mild(words: Sequence[Word], hit: Hit, index: Index) -> bool:
    vocab = index.knowledge.vocabulary
    texts = [w.text for w in words[hit.start : hit.end]]
    if (len(texts) == 1 and texts[0] in vocab.mild_words) or " ".join(texts) in (
            vocab.mild_phrases):
        return True
    if hit.end - hit.start > 1:
        return False  # "a bit of chest tightness": a named sign is no less a sign
    return _preceded_by(words, hit, frozenset(vocab.softeners))


def _preceded_by(words: Sequence[Word], hit: Hit, quiet: frozenset[str]) -> bool:
    """Whether one of ``quiet`` stands in the two words before a sign ("a slight fever")."""
    return any(w.text in quiet for w in words[max(0, hit.start - 2) : hit.start])


def _named_sign(words: Sequence[Word], hit: Hit, named: frozenset[str], index: Index) -> bool:
    """A bare sign ("fever", not "a slight fever", nor "these palpitations", the kind just
    described) of a set the article names."""
    quiet = frozenset(index.knowledge.vocabulary.softeners) | index.demonstratives
    return hit.key.split(":", 1)[1] in named and not _preceded_by(words, hit, quiet)


def _best_set(signs: Sequence[Match], index: Index) -> RedFlagSet | None:
    specific = [s for s in signs if s.key != "sign:general"]
    if not specific:
        return None
    best = max(specific, key=lambda s: (len(s.tokens), -s.start))
    return index.sets.get(best.key.split(":", 1)[1])


def _applies(hit: Hit, words: Sequence[Word], bounds: tuple[int, int], index: Index,
             article: Article) -> bool:
    """Signs of a set for after an operation count only in an article about one; signs of a
    set for after an injury only in a sentence part that mentions an injury."""
    flag_set = index.sets.get(hit.key.split(":", 1)[1])
    if flag_set is None:
        return True
    if flag_set.applies.surgery:
        return article.surgery
    if flag_set.applies.injury:
        injury = frozenset(index.knowledge.vocabulary.injury_words)
        return any(bounds[0] <= w.first < bounds[1] and (w.text in injury or w.lemma in injury)
                   for w in words)
    return True


def _named_sets(ctx: CheckContext, index: Index) -> Counter[str]:
    """The red-flag sets the article names by their own condition words ("diverticulitis",
    "head injury"), read as the safety check reads them: their signs are warning signs here
    even when they are mild elsewhere (a fever during a diverticulitis flare). Counted by
    the sentences that name them."""
    safety = ctx.knowledge.load(load_safety_index)
    return Counter(
        set_id for sentence in safety.sentences(ctx.doc)
        for set_id in named_flag_sets(safety, sentence)
        if set_id in index.sets and index.sets[set_id].applies.requires)


def _judge_part(words: Sequence[Word], hits: Sequence[Hit], bounds: tuple[int, int],
                sent: Span, index: Index, article: Article
                ) -> tuple[list[Match], list[Match]] | None:
    """The signs and dismissals of one part of a sentence when it dismisses a sign."""
    vocab = index.knowledge.vocabulary
    start, end = bounds
    inside = [h for h in hits if start <= words[h.start].first and words[h.end - 1].last < end]
    sign_hits = [h for h in inside if h.key.startswith("sign:")
                 and _applies(h, words, bounds, index, article)
                 and not article.expected_effect(words, h)
                 and not _sign_negated(words, h, start, index)
                 and not _modifier(words, h, sent, index)
                 and not _share_of(words, h, sent, index)]
    if not sign_hits:
        return None
    intense = frozenset(vocab.intensifiers)
    if all(_mild(words, h, index) and not any(
            w.text in intense and w.first >= start
            for w in words[max(0, h.start - INTENSIFIER_WINDOW) : h.end])
            and not _named_sign(words, h, article.named, index) for h in sign_hits):
        return None
    signs = [_to_match(words, h, sent) for h in sign_hits]
    denial = [_to_match(words, h, sent) for h in inside if h.key == "denial"]
    denied = {t.i for m in denial for t in m.tokens}
    for h in inside:
        if h.key != "help":
            continue
        match = _to_match(words, h, sent)
        above = list(_head(match.tokens).ancestors)
        if any(t.i in denied for t in [*match.tokens, *above]) or _negated_dismissal(
                match, index):
            continue
        if any(a.lower_ == "before" for a in above):
            continue
        return None  # the same part sends the reader for help
    found: list[Match] = []
    for h in inside:
        if h.key not in (*STRONG_KINDS, "weak_reassurance"):
            continue
        match = _to_match(words, h, sent)
        if h.key != "denial" and _negated_dismissal(match, index):
            continue
        if h.key == "self_care" and (not _remedy_role(match) or _circumstance(match)):
            continue
        if h.key == "denial" and any(
                t.lemma_.lower() in vocab.caution_words for t in _head(match.tokens).ancestors):
            continue
        if _third_party(match, index):
            continue
        if _hedged(match, index) or not _about_sign(match, signs, index):
            continue
        if h.key != "weak_reassurance":  # "common" alone states a fact
            found.append(match)
    if not found:
        return None
    return signs, found


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Report each sentence part that dismisses a warning sign."""
    index = ctx.knowledge.load(load)
    vocab = index.knowledge.vocabulary
    context = load_context(ctx.knowledge.directory)
    skip = frozenset(vocab.skip_words)
    contrast = load_lexicon(ctx.knowledge.directory).list(CONTRAST_WORDS)
    sentences = list(sentence_list(ctx.doc))
    surgery_words = frozenset(vocab.surgery_words)
    headings = [(b.start, b.end) for b in ctx.document.blocks if b.kind in HEADINGS]
    def read(sent: Span) -> tuple[list[Word], list[Hit]]:
        words = [w for w in sentence_words(sent) if w.text not in skip]
        return words, index.phrases.find(words)

    def usable(number: int) -> bool:
        sent = sentences[number]
        return not (_question(sent) or _answered(sentences, number, contrast)
                    or any(a <= sent.start_char < b for a, b in headings)  # a heading
                    or modifiers(sent, context) & {"myth", "reported"})

    counted = _named_sets(ctx, index)
    article = Article(
        surgery=any(t.lower_ in surgery_words or t.lemma_.lower() in surgery_words
                    for t in ctx.doc),
        named=frozenset(counted),
        expected=_expected_effects(ctx.doc, ctx.knowledge.directory))
    for number, sent in enumerate(sentences):
        answer = _answer(sentences, number)
        if _question(sent) and answer is not None and usable(answer):
            judged = _answered_question(ctx, sentences, number, answer, read, index,
                                        contrast, article)
            if judged is not None:
                yield _finding(ctx, index, *judged)
            continue
        words, hits = read(sent)
        keys = {h.key for h in hits}
        if not any(k.startswith("sign:") or k == "denial" for k in keys) or not usable(number):
            continue
        judged = None
        if any(k.startswith("sign:") for k in keys):
            for bounds in _parts(sent, contrast):
                judged = _judge_part(words, hits, bounds, sent, index, article)
                if judged is not None:
                    break
            if judged is None and number + 1 < len(sentences) and usable(number + 1):
                judged = _continued(sent, words, hits, sentences[number + 1], read, index,
                                    contrast, article)
        if judged is not None:
            signs, found = judged
            yield _finding(ctx, index, signs, found)
        elif "denial" in keys and counted:
            denied = _referral_denied(words, hits, sent, index, contrast)
            if denied is not None and not any(
                    _sends_for_help(*read(sentences[n])) for n in (number - 1, number + 1)
                    if 0 <= n < len(sentences)):
                yield _denial_finding(ctx, denied, index.sets[counted.most_common(1)[0][0]])


def _referral_denied(words: Sequence[Word], hits: Sequence[Hit], sent: Span, index: Index,
                     contrast: frozenset[str]) -> Match | None:
    """A flat denial that the reader needs anyone's help ("there's no need to see a
    doctor", "don't bother the GP", "no need to call anyone"), in an article about a
    condition with warning signs. The careful forms stay quiet: a proportion ("you usually
    don't need to see a doctor", "most people don't"), an exception in the same sentence
    ("... unless it lasts more than a week") or opening the next, a hedge, a negated or
    cautioned denial, and what the writer or other people did ("I didn't bother ringing")."""
    if any(t.lower_ in index.partial_quantifiers for t in sent):
        return None
    targets = frozenset(index.knowledge.vocabulary.referral_targets)
    for hit in hits:
        if hit.key != "denial":
            continue
        match = _to_match(words, hit, sent)
        if any(t.lower_ in contrast for t in sent[match.start - sent.start:]):
            continue  # "... unless it lasts more than a week": the exception is given
        verb = _verb(_head(match.tokens))
        # "..., so don't bother the GP": a base-form conjunct is a command of its own
        subject = None if verb.dep_ == "conj" and verb.tag_ == "VB" and not any(
            c.dep_ in DEPENDENTS_OF_SUBJECT for c in verb.children) else _subject(verb)
        if subject is not None and subject not in match.tokens and not _command(verb) and \
                subject.lower_ != "you" and \
                subject.lower_ not in index.knowledge.vocabulary.pronoun_subjects:
            continue  # "I didn't bother ringing the ward": a story, not advice
        if _negated_dismissal(match, index) or _third_party(match, index) or \
                _hedged(match, index) or any(
                t.lemma_.lower() in index.knowledge.vocabulary.caution_words
                for t in _head(match.tokens).ancestors):
            continue
        reach = range(match.start, match.end + REFERRAL_WINDOW)
        helped = any(h.key == "help" and words[h.start].first in reach for h in hits)
        if helped or any(t.lower_ in targets for t in sent if t.i in reach):
            return match
    return None


def _sends_for_help(words: Sequence[Word], hits: Sequence[Hit]) -> bool:
    """Whether a sentence sends the reader for help (the exception to a denial beside it:
    "See a GP if you have a fever. Otherwise there's no need to"); help it denies itself
    does not count."""
    denied = {i for h in hits if h.key == "denial"
              for i in range(h.start, h.end + REFERRAL_WINDOW)}
    return any(h.key == "help" and h.start not in denied for h in hits)


def _denial_finding(ctx: CheckContext, denial: Match, flag_set: RedFlagSet) -> Finding:
    sources = list(flag_set.sources)
    return ctx.finding(
        REFERRAL_RULE, denial.tokens[0].idx,
        denial.tokens[-1].idx + len(denial.tokens[-1].text),
        message="Tells readers they need no medical help.",
        explanation=(
            f"\u201c{denial.text}\u201d tells readers not to get help, with no exception, in "
            f"an article about {flag_set.name.lower()}, which can mean {flag_set.danger}. "
            f"Careful sources say when help is needed: {flag_set.wording} "
            f"Source: {'; '.join(sources)}."),
        suggestion=("Say when readers can look after themselves and when they need help, "
                    f"for example: \u201c{flag_set.wording}\u201d"),
        references=sources,
        confidence=0.7,
    )


def _question(sent: Span) -> bool:
    return sent.text.rstrip().endswith("?")


def _answer(sentences: Sequence[Span], number: int) -> int | None:
    """The sentence after ``number``, past a speaker's label ("A:", "Our nurse says:")."""
    following = number + 1
    if following < len(sentences) and sentences[following].text.rstrip().endswith(":") \
            and len(sentences[following]) <= LABEL_TOKENS:
        following += 1
    return following if following < len(sentences) else None


def _answered_question(ctx: CheckContext, sentences: Sequence[Span], number: int,
                       answer: int, read: Callable[[Span], tuple[list[Word], list[Hit]]],
                       index: Index, contrast: frozenset[str], article: Article
                       ) -> tuple[list[Match], list[Match]] | None:
    """A question about signs answered by a dismissal ("I've got a temperature and mouth
    ulcers. Should I worry?" - "These are signs the drug is working - carry on"): the
    answer is judged with the signs the question names. Only the question's signs count
    (its "should I call a doctor?" asks, it does not send anyone for help); a question that
    names no sign takes them from the sentence before it in the same paragraph ("A few
    spots have gone red, hot and swollen. Is that normal?")."""
    question = sentences[number]
    asked = [question]
    if number > 0 and _same_block(ctx, sentences[number - 1], question) and \
            not _question(sentences[number - 1]):
        asked.insert(0, sentences[number - 1])
    for sent in reversed(asked):
        words, hits = read(sent)
        signs = [h for h in hits if h.key.startswith("sign:")]
        if signs:
            return _continued(sent, words, signs, sentences[answer], read, index,
                              contrast, article)
    return None


def _same_block(ctx: CheckContext, first: Span, second: Span) -> bool:
    """Whether two sentences sit in one block (paragraph, list item) of the document."""
    block = ctx.document.block_at(first.start_char)
    return block is not None and block is ctx.document.block_at(second.start_char)


def _continued(sent: Span, words: list[Word], hits: list[Hit], following: Span,
               read: Callable[[Span], tuple[list[Word], list[Hit]]], index: Index,
               contrast: frozenset[str], article: Article
               ) -> tuple[list[Match], list[Match]] | None:
    """A sign in one sentence dismissed by the next, which names no sign of its own and
    speaks of it or to the reader ("You may get a tight chest on hills. Keep going and it
    will pass."): the two are judged as one part, unless either turns with a contrast word."""
    more_words, more_hits = read(following)
    if any(h.key.startswith("sign:") for h in more_hits) or not any(
            h.key in STRONG_KINDS for h in more_hits):
        return None
    # what the next sentence says must be said of the sign: a command there ("Lie down",
    # "hold the stretch") is the article's next step, not a verdict on the sign
    more_hits = [h for h in more_hits if h.key != "self_care" or _of_the_sign(
        _to_match(more_words, h, following), index)]
    if not any(h.key in STRONG_KINDS for h in more_hits):
        return None
    # a sign the first sentence puts down to a cause ("iron tablets commonly cause black
    # stools") is explained there; the next sentence's "this is harmless" is about that
    if any(sent.doc[w.first].head.lemma_.lower() in index.cause_verbs
           for h in hits if h.key.startswith("sign:") for w in words[h.start:h.end]):
        return None
    if _put_down_to_treatment(sent, index):
        return None  # "a racing heartbeat is common after an injection. It usually passes"
    if len(_parts(sent, contrast)) > 1 or len(_parts(following, contrast)) > 1 or \
            following[0].lower_ in contrast:
        return None
    shift = len(words)
    joined = sent.doc[sent.start:following.end]
    return _judge_part([*words, *more_words],
                       [*hits, *(Hit(h.key, h.start + shift, h.end + shift) for h in more_hits)],
                       (sent.start, following.end), joined, index, article)


def _suggestion(sign: Match) -> str:
    """A sentence built around the sign (the red-flag sets' own wording is framed by region,
    "pain between the shoulder blades ...", and may not fit the article)."""
    first = sign.tokens[0]
    if first.pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
        what = f"if you have {sign.text[0].lower()}{sign.text[1:]}"
    elif first.pos_ == "ADP":
        what = f"for symptoms that come {sign.text[0].lower()}{sign.text[1:]}"
    else:
        what = f"if you notice this (\u201c{sign.text}\u201d)"
    return (f"Get urgent medical help (call 911, or 999 in the UK) {what}; do not wait for it "
            "to pass or treat it at home.")


def _answered(sentences: Sequence[Span], number: int, contrast: frozenset[str]) -> bool:
    """The next sentence qualifies this one ("... are often harmless. However, see a doctor
    if ..."): the careful form spread over two sentences."""
    if number + 1 >= len(sentences):
        return False
    following = next((t for t in sentences[number + 1] if not t.is_space), None)
    return following is not None and following.lower_ in contrast


def _finding(ctx: CheckContext, index: Index, signs: Sequence[Match],
             found: Sequence[Match]) -> Finding:
    doc = ctx.doc
    first = min(m.start for m in [*signs, *found])
    last = max(m.end for m in [*signs, *found])
    sign = max(signs, key=lambda s: (len(s.tokens), -s.start))
    dismissal = found[0]
    flag_set = _best_set(signs, index)
    sources = list(flag_set.sources if flag_set else index.knowledge.vocabulary.sources[:2])
    danger = flag_set.danger if flag_set else "a serious problem"
    what = {
        "reassurance": "says it is nothing to worry about",
        "cause": "puts it down to something harmless",
        "self_care": "tells readers to treat it themselves or wait",
        "denial": "says there is no need to get help",
    }[dismissal.key]
    explanation = (
        f"\u201c{sign.text}\u201d is a warning sign (red flag) that can mean {danger}; it "
        "needs urgent medical help, not reassurance, self-care or waiting. The sentence "
        f"{what} (\u201c{dismissal.text}\u201d). Source: {'; '.join(sources)}.")
    return ctx.finding(
        RULE, doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text),
        message=(f"Tells readers that a warning sign (\u201c{sign.text}\u201d) needs no "
                 "medical help."),
        explanation=explanation,
        suggestion=_suggestion(sign),
        references=sources,
        confidence=0.8,
    )


FAMILY = CheckFamily("dismissed_warning", run, order=43,
                     description="warning signs the article says need no medical help")
