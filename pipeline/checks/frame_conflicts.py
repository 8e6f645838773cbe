"""Contradictions between claim frames about the same topic, anywhere in an article.

Judges the frames of :mod:`pipeline.nlp.frames` (it reads no sentences itself):

- ``CONTRA-QUANTITY``: two amounts, durations, frequencies, doses, limits or ages for the
  same thing that cannot both hold ("wear the splint for two weeks" / "keep it on for at
  least three months"; "up to 2 g a day" / "3 g each morning");
- ``CONTRA-ADVICE``: doing and avoiding the same thing ("switch screens off an hour before
  bed" / "reading on your phone in bed helps");
- ``CONTRA-NEED``: needing and not needing the same care ("see your doctor first" / "no need
  to bother a doctor");
- ``CONTRA-PREVALENCE``: how common a condition is, in whom, and how it runs, stated two
  ways that cannot both be true ("about 1 in 10 adults" / "very rare"; "clears up in days"
  / "gets worse over years");
- ``CONTRA-EVALUATION``: a thing judged two incompatible ways ("X does not cause Y" / "Y is
  mostly caused by X"; "nothing but rest helps" / "gentle movement speeds recovery").

Topics are matched by lemma, by the medicine or thing a generic word stands for, and by
synonym and hypernym from the lexicon (a pint of beer is alcohol). Frames under negation (where
the type does not read it as polarity), hedges, conditions, questions, reported beliefs or
myths, quoted speech and headings are not compared; nor are frames for different groups,
phases or conditions (a general rule and its stated exception), or two in one sentence.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import math
import operator
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from pipeline.checks.base import CheckContext, CheckFamily
from pipeline.findings import Finding
from pipeline.knowledge.lexicon import Lexicon, declare, default_lexicon, load_lexicon
from pipeline.nlp.frames import (
    Advice,
    Evaluation,
    Frame,
    Prevalence,
    Quantity,
    Requirement,
    Words,
    frames_of,
)
from pipeline.nlp.numbers import share_in, word_value
from pipeline.nlp.phases import phase_interval
from pipeline.nlp.readers.advice import STATE_VERBS
from pipeline.nlp.readers.base import (
    AVOID_VERBS,
    GENERIC_MEDICINES,
    GENERIC_NOUNS,
    PRONOUNS,
    USE_VERBS,
)
from pipeline.nlp.readers.evaluation import PARTIAL_QUANTIFIERS
from pipeline.nlp.readers.prevalence import CONDITION_HEADS, SHARES
from pipeline.nlp.readers.quantity import SUFFICIENCY_WORDS

PARTITIVE = declare("partitive_words", "words that pick out part of a set (other, certain)")
TOTAL_WORDS = declare("total_prohibition_words", "a manner that forbids every kind of the act "
                      "(at all, whatsoever)")
LIGHT_VERBS = declare("light_verbs", "verbs whose object names the act (take a lie-down)")
SLOT_FUNCTION_WORDS = declare("slot_function_words", "words of a slot that say nothing about "
                              "its topic (the, your, of, with)")
GENERAL_POPULATION = declare("general_population_nouns", "nouns for people in general, "
                             "which narrow no group (people, adults, the population)")
SHARE_APPROXIMATORS = declare("share_approximators", "words around a share of people that "
                              "narrow no group (around, roughly, up to, as many as)")
GENERAL_GROUP_WORDS = declare("general_group_words", "words of a group that leave it the "
                              "general population (all of the adults, among people)")

#: Contexts that make a frame no statement of the article's own.
NOT_ASSERTED = frozenset({"hypothetical", "question", "reported", "myth", "quoted", "heading"})
#: Levels of how common a condition is, in order.
LEVELS = ("very_rare", "rare", "uncommon", "common", "very_common", "most", "all")
#: A share (0..1) each level stands for at most / at least.
LEVEL_SHARE = {"very_rare": (0.0, 0.0005), "rare": (0.0, 0.002), "uncommon": (0.0, 0.01),
               "common": (0.02, 1.0), "very_common": (0.1, 1.0), "most": (0.5, 1.0),
               "all": (0.9, 1.0)}
#: Judgements that endorse an amount said in the same sentence ("... a day is fine").
ENDORSING = frozenset({"safe", "helps", "best"})
#: Tolerance on exact values: "two weeks" and "about two and a half weeks" agree.
TOLERANCE = 0.25


def load(directory: Path) -> Lexicon:
    """Loader for :meth:`KnowledgeBase.load`."""
    return load_lexicon(directory)


def _key(words: Words | None) -> str | None:
    if words is None:
        return None
    return (words.concept or words.lemma or words.text).lower() or None


def _content(words: Words | None) -> frozenset[str]:
    """The content words of a slot, lower-case and without a plural -s."""
    if words is None:
        return frozenset()
    out = set()
    function_words = default_lexicon().list(SLOT_FUNCTION_WORDS)
    for word in words.text.lower().replace("’", "'").split():
        word = word.strip(",.;:()\"'")
        if len(word) < 2 or word in function_words:
            continue
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def same_topic(a: Words | None, b: Words | None, lexicon: Lexicon) -> bool:
    """Whether two slots name the same thing: the same head, with the same or nested
    modifiers ("splint" / "wrist splint"), or a bare broader word and a kind of it
    ("alcohol" / "wine"). Words that pick out part of a set ("other", "certain",
    "some") make it another thing."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb or a is None or b is None:
        return False
    ca, cb = _content(a), _content(b)
    partitive = lexicon.list(PARTITIVE)
    if ca & partitive or cb & partitive:
        return False
    generic = lexicon.list(GENERIC_NOUNS) | lexicon.list(PRONOUNS)
    if ka in generic or kb in generic:
        return False
    pronouns = lexicon.list(PRONOUNS)
    if a.text.lower() in pronouns or b.text.lower() in pronouns:
        # "it" and "it" are one topic only when they stand for the same thing ("it" and
        # "them" may not: an aerosol inhaler, dry-powder inhalers); a pronoun is never
        # matched with a name (what it takes up is too uncertain for a conflict)
        return a.text.lower() == b.text.lower() and ka == kb
    if ka == kb:
        return not ca or not cb or ca <= cb or cb <= ca or len(ca & cb) / len(ca | cb) >= 0.5
    if ca and cb and len(ca & cb) / len(ca | cb) >= 0.5 and (ca <= cb or cb <= ca):
        return True
    # a bare broader word and a kind of it ("alcohol" and "a glass of wine")
    generic_medicines = lexicon.list(GENERIC_MEDICINES)
    if ka in generic_medicines or kb in generic_medicines:
        return False
    bare_a, bare_b = len(ca) <= 1, len(cb) <= 1
    return (bare_a or bare_b) and lexicon.related(ka, kb)


def _limit_words(words: Words | None) -> frozenset[str]:
    if words is None:
        return frozenset()
    return _words_of(words.text)


@functools.lru_cache(maxsize=4096)
def _words_of(text: str) -> frozenset[str]:
    # memoised: same_scope compares every pair of frames, and splitting a slot's words
    # again for each pair made a long article's check grow with pairs times words
    return frozenset(w.lower().strip(",.;:") for w in text.split() if len(w) > 2)


def _limit(q: Frame) -> bool:
    """A stated maximum or minimum with no condition of its own: it holds in every case."""
    return isinstance(q, Quantity) and q.bound in ("at_most", "at_least") and \
        q.condition is None


def same_scope(a: Frame, b: Frame, limits: bool = False) -> bool:
    """Whether two frames hold for the same group, phase and condition: both for none, or
    for the same words. A rule and a stated exception are not in the same scope; but a
    stated limit holds whatever the condition (``limits``): "never more than 8" is broken by
    "if the pain is bad, take 10"."""
    for name in ("group", "phase", "condition"):
        if limits and name == "condition":
            continue
        if limits and name == "phase" and any(
                _limit(f) and getattr(f, "phase", None) is None for f in (a, b)):
            continue  # "never more than 4 g in 24 hours" holds in every phase
        wa, wb = getattr(a, name, None), getattr(b, name, None)
        if name == "condition":
            # a purpose ("twist a cotton bud in the ear to dry it") is no exception to a
            # rule against the act ("never put cotton buds into the ear canal"); only a
            # prohibition with a purpose is limited by it ("never use them to replace ...")
            wa, wb = _unless_purpose_of_doing(a, wa), _unless_purpose_of_doing(b, wb)
        if wa is None and wb is None:
            continue
        if name == "group" and (wa is None) != (wb is None):
            # "give your child fluids" read as one noun phrase: the group is in the action
            named, other = (wb, a) if wa is None else (wa, b)
            action = getattr(other, "action", None)
            if action is not None and _limit_words(named) <= _words_of(action.text):
                continue
        if wa is None or wb is None:
            return False
        if limits and name == "group" and (
                (_limit(a) and _limit_words(wa) <= _limit_words(wb))
                or (_limit(b) and _limit_words(wb) <= _limit_words(wa))) and \
                _limit_words(wa) and _limit_words(wb):
            continue  # a limit for adults holds for "most healthy adults"
        if name == "phase":
            lexicon = default_lexicon()
            if _facing(wa, lexicon) * _facing(wb, lexicon) < 0:
                return False  # "until the rash has cleared" / "once the rash has cleared"
            ia, ib = phase_interval(wa.text, lexicon), phase_interval(wb.text, lexicon)
            if ia is not None and ib is not None:
                # times after the same kind of event: the same scope when they overlap
                if ia.anchor != ib.anchor or not ia.overlaps(ib):
                    return False
                continue
        sa, sb = _limit_words(wa), _limit_words(wb)
        if not sa or not sb or len(sa & sb) / len(sa | sb) < 0.6:
            return False
    return True


ENDING_PHASE = declare("ending_phase_marks", "words that open a phase ending at an event "
                      "(until, before)")
STARTING_PHASE = declare("starting_phase_marks", "words that open a phase starting at an event "
                        "(after, once)")


def _facing(phase: Words, lexicon: Lexicon) -> int:
    """Which side of its event a phase lies: -1 before it ("until", "before"), 1 after it
    ("once", "after"), 0 neither or unknown."""
    words = phase.text.lower().split()
    first = words[0].strip(",.;:") if words else ""
    if first in lexicon.list(ENDING_PHASE):
        return -1
    if first in lexicon.list(STARTING_PHASE):
        return 1
    return 0


def _unless_purpose_of_doing(frame: Frame, condition: Words | None) -> Words | None:
    """A frame's condition, or None when it is only the purpose of advice to do something."""
    if condition is not None and condition.lemma == "to" and isinstance(frame, Advice) and \
            frame.polarity in ("do", "may"):
        return None
    return condition


def asserted(frame: Frame, polarity_type: bool = False) -> bool:
    """Whether a frame is the article's own claim (not negated, unless the frame reads its
    negation as polarity; not hedged, hypothetical, reported, a myth ...)."""
    context = set(frame.context)
    if not polarity_type and "negated" in context:
        return False
    if not polarity_type and "hedged" in context:
        return False
    return not context & NOT_ASSERTED


# --------------------------------------------------------------------- quantities
@dataclass(frozen=True)
class Interval:
    """A quantity as a range of values, per the same period."""

    low: float
    high: float
    per: float | None


def interval(q: Quantity) -> Interval | None:
    """A quantity as an interval; "never more than 8" is at most 8."""
    bound = q.bound
    if "negated" in q.context:
        if bound == "at_least":
            bound = "at_most"
        elif bound == "at_most":
            bound = "at_least"
        else:
            return None
    low = q.low if q.low is not None else q.high
    high = q.high if q.high is not None else q.low
    if low is None or high is None:
        return None
    if bound == "at_most":
        return Interval(-math.inf, high, q.per_seconds)
    if bound == "at_least":
        return Interval(low, math.inf, q.per_seconds)
    if bound == "about":
        return Interval(low * (1 - TOLERANCE), high * (1 + TOLERANCE), q.per_seconds)
    return Interval(low, high, q.per_seconds)


def disjoint(a: Interval, b: Interval) -> bool:
    """Whether two intervals cannot both hold (exact values apart by more than the
    tolerance)."""
    low_a, high_a = a.low, a.high
    low_b, high_b = b.low, b.high
    if math.isfinite(low_a) and math.isfinite(high_a) and low_a == high_a:
        low_a, high_a = low_a * (1 - TOLERANCE / 2), high_a * (1 + TOLERANCE / 2)
    if math.isfinite(low_b) and math.isfinite(high_b) and low_b == high_b:
        low_b, high_b = low_b * (1 - TOLERANCE / 2), high_b * (1 + TOLERANCE / 2)
    return high_a < low_b or high_b < low_a


#: Quantity dimensions compared across an article (exercise counts and holds are compared
#: within one exercise by the instruction conflicts; shares of people by CONTRA-PREVALENCE).
COMPARED = frozenset({"dose", "amount", "duration", "frequency"})


def quantity_conflict(a: Quantity, b: Quantity, lexicon: Lexicon,
                      allowed: frozenset[int] = frozenset()) -> bool:
    """Two quantities for the same thing that cannot both hold. ``allowed`` holds the starts
    of maximums the article allows rather than sets ("most adults can safely take up to
    6000 mg a day"): an allowance past a limit ("never take more than 4 g") breaks it."""
    if a.dimension != b.dimension or a.dimension not in COMPARED or a.unit != b.unit:
        return False
    if not same_topic(a.topic, b.topic, lexicon):
        return False
    if a.topic is not None and a.topic.kind in ("exercise",) and a.dimension == "duration":
        return False
    things = ("medicine", "supplement", "remedy", "device", "diet")
    using = lexicon.list(USE_VERBS) | lexicon.words("consume") | lexicon.list(STATE_VERBS)
    # an amount allowed past a stated limit breaks the limit whatever the verbs ("never
    # take more than 4 g" / "up to 6000 mg is safe"): the limit bounds the amount itself
    limit_and_allowance = (a.start in allowed) != (b.start in allowed) and \
        a.dimension in ("dose", "amount") and a.bound == b.bound == "at_most"
    if not limit_and_allowance and a.action is not None and b.action is not None \
            and a.action.lemma != b.action.lemma \
            and not lexicon.related(a.action.lemma or "", b.action.lemma or "") and not (
                a.topic is not None and a.topic.kind in things
                and a.action.lemma in using and b.action.lemma in using):
        return False  # for a thing, "wear" and "keep on" measure the same use; "hold"
        # (your breath) and "wait" before the next puff do not
    ia, ib = interval(a), interval(b)
    if ia is None or ib is None or ia.per != ib.per:
        return False
    if ia.low == -math.inf and ib.low == -math.inf:
        # two limits do not conflict; an allowance past a limit does
        if (a.start in allowed) == (b.start in allowed):
            return False
        allowance, limit = (ia, ib) if a.start in allowed else (ib, ia)
        return allowance.high > limit.high * (1 + TOLERANCE)
    if ia.high == math.inf and ib.high == math.inf:
        return False
    return disjoint(ia, ib)


# --------------------------------------------------------------------- advice
OPPOSED = {("do", "avoid"), ("may", "avoid"), ("do", "no_need")}
ACT_PARTICLES = declare("act_particles", "particles that make a phrasal act ('take off', "
                        "'keep on', 'cut out')")
ENDING_ACTS = declare("ending_acts", "acts that end the use of their object: doing them is "
                      "not using it ('stop the cream', 'take the stockings off', 'cut out "
                      "coffee')")
KEEPING_ACTS = declare("keeping_acts", "acts that go on using their object ('keep the "
                       "stockings on', 'carry on with the cream')")


def _act(advice: Advice) -> str:
    """The advice's verb with its particles ("take off", "cut out", "keep on")."""
    doc_words = advice.action.text.lower().split()
    lemma = advice.action.lemma or ""
    particles = [w for w in doc_words[1:] if w in default_lexicon().list(ACT_PARTICLES)]
    return " ".join([lemma, *particles[:1]])


def _ends_use(advice: Advice, lexicon: Lexicon) -> bool:
    """Advice to stop using its object ("stop the cream", "take them off at night")."""
    act = _act(advice)
    return advice.topic is not None and (
        act in lexicon.list(ENDING_ACTS) or act.split()[0] in lexicon.list(ENDING_ACTS))


def _polarity(advice: Advice, lexicon: Lexicon) -> str:
    """The polarity of using the advice's object: doing an act that ends its use is
    avoiding it ("stop the cream" against "keep applying the cream")."""
    if advice.polarity == "do" and _ends_use(advice, lexicon):
        return "avoid"
    return advice.polarity


def advice_conflict(a: Advice, b: Advice, lexicon: Lexicon) -> bool:
    """Doing and avoiding (or needing not to do) the same thing."""
    pa, pb = _polarity(a, lexicon), _polarity(b, lexicon)
    if (pa, pb) not in OPPOSED and (pb, pa) not in OPPOSED:
        return False
    if a.speaker != "writer" or b.speaker != "writer":
        return False
    if "strong" not in (a.strength, b.strength):
        return False
    ended = next((f for f in (a, b) if f.polarity == "do" and _ends_use(f, lexicon)), None)
    if ended is not None:
        # "take them off before bed" / "keep your stockings on overnight": the one ends
        # the use of what the other goes on using
        other = b if ended is a else a
        use = lexicon.words("consume") | lexicon.list(USE_VERBS)
        return other.topic is not None and same_topic(ended.topic, other.topic, lexicon) and (
            (other.action.lemma or "") in use or _act(other) in lexicon.list(KEEPING_ACTS))
    ea, eb = _event(a, lexicon), _event(b, lexicon)
    if (ea or eb) and (a.topic is None or b.topic is None):
        # "avoid lying down" / "take a short lie-down": one act, once a noun
        return (ea or a.action.lemma) == (eb or b.action.lemma)
    total = next((f for f in (a, b) if f.polarity == "avoid" and f.manner is not None
                  and _content(f.manner) <= lexicon.list(TOTAL_WORDS)), None)
    if total is not None and same_action(a, b, lexicon):
        return True  # "don't rinse your mouth at all": no rinsing of any kind
    if a.topic is None or b.topic is None or not same_topic(a.topic, b.topic, lexicon):
        return False
    if a.topic.kind == "care":
        return False  # whether to get help: CONTRA-NEED
    avoid = a if a.polarity == "avoid" else b
    other = b if avoid is a else a
    if avoid.manner is not None and not _similar(avoid.manner, other.manner, lexicon):
        return False  # "don't put ice directly on the skin" is not "don't use ice"
    return same_action(a, b, lexicon)


def _event(advice: Advice, lexicon: Lexicon) -> str | None:
    """The act a light verb's object names ("take a short lie-down": lie; "have a nap":
    nap), when the object is a verb's noun (``lexicon.verb_of``)."""
    if (advice.action.lemma or "") not in lexicon.list(LIGHT_VERBS) or advice.topic is None \
            or advice.topic.kind is not None:
        return None
    words = advice.topic.text.lower().split()
    if not words:
        return None
    head = words[-1]  # "a short lie-down": lie-down, whose first part is the act
    return lexicon.verb_of(head.split("-")[0]) or lexicon.verb_of(advice.topic.lemma or "")


def same_action(a: Advice, b: Advice, lexicon: Lexicon) -> bool:
    """The same verb, or two verbs of using or taking something ("take" / "have"), or a
    verb and the act a light verb's object names ("lie down" / "take a lie-down")."""
    la, lb = a.action.lemma or "", b.action.lemma or ""
    ea, eb = _event(a, lexicon), _event(b, lexicon)
    if (ea or eb) and (ea or la) == (eb or lb):
        return True
    if la == lb:
        return True
    use = lexicon.words("consume") | lexicon.list(USE_VERBS) | lexicon.list(LIGHT_VERBS)
    avoid = lexicon.list(AVOID_VERBS)
    if (la in avoid and lb in use) or (lb in avoid and la in use):
        return True  # "avoid hot drinks" / "have a hot drink": the same thing done or not
    use = lexicon.words("consume") | lexicon.list(USE_VERBS)
    return la in use and lb in use


def advice_judged(a: Frame, b: Frame, lexicon: Lexicon) -> bool:
    """Advice against a thing and a judgement that it is safe or helps (or advice to do it
    and a judgement that it is unsafe or harms): "never crack your neck" / "cracking your
    neck is perfectly safe"."""
    advice, judged = (a, b) if isinstance(a, Advice) else (b, a)
    if not isinstance(advice, Advice) or not isinstance(judged, Evaluation):
        return False
    if advice.topic is None or advice.topic.kind == "care":
        return False
    if judged.effect is not None and not (advice.polarity == "do" and _harms_complaint(judged)):
        return False  # a harm to the complaint itself: "bed rest makes back pain worse"
    # "cracking your neck is safe" is about "crack your neck"
    acting = judged.target.lemma == advice.action.lemma and _key(advice.topic) is not None \
        and (_key(advice.topic) or "").split()[-1] in _content(judged.target)
    # "rest in bed": the act is the topic ("bed rest makes it worse" judges it)
    acting = acting or (advice.polarity == "do" and _harms_complaint(judged)
                        and advice.topic.first_token == advice.action.first_token
                        and advice.topic.kind in ("activity", "exercise")
                        and same_topic(advice.topic, judged.target, lexicon))
    use = lexicon.words("consume") | lexicon.list(USE_VERBS) | lexicon.list(AVOID_VERBS)
    if not acting and (advice.action.lemma or "") not in use:
        return False  # "don't share combs" is not about whether combs work
    if not (acting or same_topic(advice.topic, judged.target, lexicon)):
        return False
    valence = _valence(judged)
    if advice.polarity == "avoid" and advice.strength == "strong":
        return valence == "positive"
    if advice.polarity == "do" and advice.strength == "strong":
        return valence == "negative" and judged.judgement in ("unsafe", "harms")
    return False


# --------------------------------------------------------------------- needs
def needs_care(frame: Frame) -> tuple[str, bool] | None:
    """Whether a frame says professional or urgent care is (True) or is not (False)
    needed: Advice to see or call a clinician, or a Requirement of one."""
    if isinstance(frame, Requirement) and frame.need.kind in ("professional", "urgent_care"):
        subject = (frame.subject.text.lower().split() or [""])[0] if frame.subject else ""
        if frame.polarity != "needed" and subject in default_lexicon().list(
                PARTIAL_QUANTIFIERS):
            return None  # "most sore throats don't need a doctor": a share, not a rule
        return frame.need.kind, frame.polarity == "needed"
    if isinstance(frame, Advice) and frame.topic is not None and frame.topic.kind == "care":
        if frame.polarity == "do" and frame.strength == "strong":
            return "professional", True
        if frame.polarity == "no_need":
            return "professional", False
    return None


# --------------------------------------------------------------------- prevalence
def prevalence_conflict(a: Prevalence, b: Prevalence, lexicon: Lexicon) -> bool:
    """How common a condition is, or how it runs, stated two incompatible ways."""
    if not same_topic(a.condition, b.condition, lexicon) and not _same_condition(a, b):
        return False
    if a.aspect == "rate" and b.aspect == "rate":
        ra, rb = _share(a), _share(b)
        if ra is None or rb is None:
            return False
        ga, gb = _specific_group(a, lexicon), _specific_group(b, lexicon)
        if ga != gb:
            return False  # "rare in children" and "common in older adults" both hold
        return ra[1] < rb[0] or rb[1] < ra[0]
    if a.aspect == "course" and b.aspect == "course" and a.trend and b.trend and \
            a.qualifier is None and b.qualifier is None:
        # "usually clears up within days" / "gets worse over the years": the times matter
        if {a.trend, b.trend} != {"resolves", "worsens"} and {a.trend, b.trend} != {
                "resolves", "persists"}:
            return False
        quick, slow = (a, b) if a.trend == "resolves" else (b, a)
        # "clears up in three or four days" / "drags on for two to three weeks"; a condition
        # that worsens is compared over a longer span ("within days" / "over the years")
        ratio = 10 if slow.trend == "worsens" else 4
        return quick.seconds is not None and slow.seconds is not None and \
            slow.seconds >= ratio * quick.seconds
    return False


def _same_condition(a: Prevalence, b: Prevalence) -> bool:
    """A pronoun the reader took up as a named condition ("Gallstones can hurt. They affect
    up to a quarter of adults") and that condition named again."""
    pronouns = default_lexicon().list(PRONOUNS)
    if not ({a.condition.text.lower(), b.condition.text.lower()} & pronouns):
        return False
    ca, cb = a.condition.concept, b.condition.concept
    return ca is not None and ca == cb


def _specific_group(p: Prevalence, lexicon: Lexicon) -> frozenset[str]:
    """The words of a prevalence's group that narrow it ("older", "women", "children"),
    leaving out the general population ("adults", "people", "1 in 40")."""
    if p.group is None:
        return frozenset()
    # the words of the share itself ("around six in every ten newborns") narrow nothing
    general = lexicon.list(GENERAL_POPULATION) | lexicon.list(GENERAL_GROUP_WORDS) | \
        lexicon.list(SHARES) | lexicon.list(SHARE_APPROXIMATORS)
    return frozenset(w for w in _limit_words(p.group) if w not in general
                     and w.rstrip("s") not in general and not w[0].isdigit()
                     and word_value(w) is None and share_in([w]) is None)


def _share(p: Prevalence) -> tuple[float, float] | None:
    if p.level in LEVEL_SHARE:
        return LEVEL_SHARE[p.level]
    if p.share is not None:
        return p.share * 0.8, p.share * 1.2
    return None


# --------------------------------------------------------------------- evaluations
POSITIVE = frozenset({"helps", "safe", "best", "risk_down"})
NEGATIVE = frozenset({"harms", "unsafe", "no_effect", "risk_up"})
#: judgements that a thing brings about or worsens an effect
CAUSAL = frozenset({"causes", "harms", "risk_up"})


def _valence(e: Evaluation) -> str | None:
    judgement = e.judgement
    negated = "negated" in e.context
    if judgement == "causes":
        return "not_causes" if negated else "causes"
    if judgement in POSITIVE:
        return "negative" if negated else "positive"
    if judgement in NEGATIVE:
        if judgement == "no_effect":
            return "negative"
        return "positive" if negated and judgement in ("harms", "unsafe") else "negative"
    return None


def _similar(a: Words | None, b: Words | None, lexicon: Lexicon | None = None) -> bool:
    """Two effects or qualifiers in (nearly) the same words (quantifiers aside: "most
    headaches" are headaches)."""
    ca, cb = _content(a), _content(b)
    if lexicon is not None:
        ca, cb = ca - lexicon.list(PARTITIVE), cb - lexicon.list(PARTITIVE)
    if not ca and not cb:
        return True
    return bool(ca and cb) and len(ca & cb) / len(ca | cb) >= 0.6


def evaluation_conflict(a: Evaluation, b: Evaluation, lexicon: Lexicon,
                        opened: frozenset[int] = frozenset()) -> bool:
    """A thing judged two incompatible ways: the same judgement asserted and denied
    ("X does not cause Y" / "Y is caused by X"; "safe" / "not safe"), or called safe and
    unsafe, for the same effect."""
    if "only" in (a.judgement, b.judgement):
        return _only_conflict(a, b, lexicon, opened)
    if not same_topic(a.target, b.target, lexicon) or not _similar(a.effect, b.effect,
                                                                   lexicon):
        return False
    na, nb = "negated" in a.context, "negated" in b.context
    if a.judgement == b.judgement:
        return na != nb
    pair = {a.judgement, b.judgement}
    if pair == {"safe", "unsafe"} or pair == {"helps", "no_effect"}:
        return na == nb == False  # noqa: E712
    if "causes" in pair and pair <= CAUSAL:
        # "alcohol has nothing to do with gout" / "beer is one of the worst drinks for
        # gout", "caffeine is linked to panic": a cause denied and a harm or a risk asserted
        denied = a if a.judgement == "causes" else b
        other = b if denied is a else a
        return "negated" in denied.context and "negated" not in other.context and \
            other.effect is not None
    if pair in ({"helps", "harms"}, {"best", "harms"}, {"best", "no_effect"}):
        # "cycling makes knee arthritis worse" / "cycling is one of the most effective
        # treatments for knee arthritis": only for a named effect, in the same scope
        return not na and not nb and a.effect is not None and b.effect is not None and \
            same_scope(a, b) and a.start not in opened and b.start not in opened
    return False


def _only_conflict(a: Evaluation, b: Evaluation, lexicon: Lexicon,
                   opened: frozenset[int]) -> bool:
    """One thing called the only one that helps with an effect, and another thing said to
    help with it ("nothing but rest helps a sprain" / "gentle movement eases a sprain"); a
    kind of the only thing is that thing ("only exercise helps" / "walking helps")."""
    other = b if a.judgement == "only" else a
    if other.judgement not in ("helps", "best", "only") or a.effect is None or \
            b.effect is None or not _similar(a.effect, b.effect, lexicon):
        return False
    if "negated" in a.context or "negated" in b.context or a.start in opened or \
            b.start in opened or not same_scope(a, b):
        return False
    return not same_topic(a.target, b.target, lexicon) and _key(a.target) != _key(b.target)


# --------------------------------------------------------------------- run
Key = Callable[[Frame], Hashable]
Compatible = Callable[[Hashable, Hashable], bool]


def _pairs(frames: Sequence[Frame], key: Key | None = None,
           compatible: Compatible | None = None) -> Iterator[tuple[Frame, Frame]]:
    """Each earlier frame with each later one of another sentence, in the order of the
    article. With ``key``, only pairs whose keys are ``compatible`` (equal by default):
    frames of a key that no other can conflict with are never paired, so a long article
    (a run-on of thousands of steps) does not compare every frame with every frame. A key
    of None never pairs."""
    if key is None:
        for j, later in enumerate(frames):
            for earlier in frames[:j]:
                if earlier.sentence != later.sentence:
                    yield earlier, later
        return
    buckets: dict[Hashable, list[tuple[int, Frame]]] = {}
    for j, later in enumerate(frames):
        k = key(later)
        if k is None:
            continue
        chosen = [bucket for other, bucket in buckets.items()
                  if (compatible(other, k) if compatible is not None else other == k)]
        for _, earlier in heapq.merge(*chosen, key=lambda item: item[0]):
            if earlier.sentence != later.sentence:
                yield earlier, later
        buckets.setdefault(k, []).append((j, later))


def _quantity_key(q: Frame) -> Hashable:
    # quantity_conflict needs the same dimension (one that is compared) and unit
    if not isinstance(q, Quantity) or q.dimension not in COMPARED:
        return None
    return q.dimension, q.unit


def _advice_key(a: Frame) -> Hashable:
    # advice_conflict needs two writer's advice of opposed polarities, one of them strong
    if not isinstance(a, Advice) or a.speaker != "writer" or (
            a.topic is None and (a.action.lemma or "") not in default_lexicon().verbs):
        return None  # an act without an object may still be paired ("avoid lying down")
    return _polarity(a, default_lexicon()), a.strength == "strong"


def _opposed(ka: Hashable, kb: Hashable) -> bool:
    assert isinstance(ka, tuple) and isinstance(kb, tuple)
    (pa, sa), (pb, sb) = ka, kb
    return bool(sa or sb) and ((pa, pb) in OPPOSED or (pb, pa) in OPPOSED)


def _judged_key(f: Frame) -> Hashable:
    # advice_judged pairs advice (with a topic that is not care) with a judgement of no
    # effect
    if isinstance(f, Advice):
        return None if f.topic is None or f.topic.kind == "care" else "advice"
    if isinstance(f, Evaluation):
        return "judgement" if f.effect is None or _harms_complaint(f) else None
    return None


def _harms_complaint(e: Evaluation) -> bool:
    """A judgement that a thing worsens a complaint ("bed rest makes back pain worse")."""
    return e.judgement == "harms" and e.effect is not None and bool(
        _content(e.effect) & default_lexicon().list(CONDITION_HEADS))


def _care_key(f: Frame) -> Hashable:
    need = needs_care(f)
    return None if need is None else need[1]


def _in_milligrams(q: Quantity, directory: Path) -> Quantity:
    """A quantity in international units of a supplement with one fixed conversion
    (``iu_per_mcg`` in rules/unsafe/medicines.yaml: vitamin D, 40 IU per microgram) as its
    mass, so that "4,000 IU" and "10 micrograms" of vitamin D compare."""
    if q.unit != "IU" or q.topic is None:
        return q
    from pipeline.knowledge.medicines import Amount, load_medicines

    knowledge = load_medicines(directory)
    names = [n for n in (q.topic.concept, q.topic.lemma, q.topic.text.lower()) if n]
    per_mcg = next((m.iu_per_mcg for n in names for m in knowledge.named(n) if m.iu_per_mcg),
                   None)
    mg = Amount(value=1, unit="IU").milligrams(per_mcg)  # the knowledge's own conversion
    if mg is None:
        return q
    return dataclasses.replace(q, unit="mg",
                               low=None if q.low is None else q.low * mg,
                               high=None if q.high is None else q.high * mg)


def run(ctx: CheckContext) -> Iterator[Finding]:
    """Compare the frames of the article pairwise; report each conflict once."""
    lexicon = load_lexicon(ctx.knowledge.directory)
    frames = frames_of(ctx.doc)
    reported: set[int] = set()
    advice_actions = {(f.sentence, f.action.lemma) for f in frames if isinstance(f, Advice)
                      and f.speaker == "writer" and asserted(f, True)}
    # amounts the article advises or states as needed ("adults need 10 micrograms a day");
    # a number in a table or a statistic is no advice
    needed = [(f.need.start, f.need.end) for f in frames if isinstance(f, Requirement)
              and f.polarity == "needed" and asserted(f)]
    quantities = [f for f in frames if isinstance(f, Quantity) and asserted(f, True)
                  and not set(f.context) & {"hedged"} and (
                      (f.action is not None and (f.sentence, f.action.lemma) in advice_actions)
                      or any(start <= f.start < end for start, end in needed)
                      or endorsed_amount(f, frames, lexicon)
                      or f.enough is not None or said_enough(f.topic, lexicon))]
    # "once a day is plenty" endorses the amount
    quantities = [_in_milligrams(q, ctx.knowledge.directory) for q in quantities]
    quantities = resolve_enough(quantities, lexicon)
    allowed = frozenset(q.start for q in quantities if allowance(q, frames, lexicon))
    bounded = [f for f in frames if isinstance(f, Quantity) and f.bound in ("at_least",
                                                                           "at_most")]
    advice = [f for f in frames if isinstance(f, Advice) and asserted(f, True)
              and not _sets_a_limit(f, bounded)]
    care = [f for f in frames if isinstance(f, Advice | Requirement) and asserted(f, True)
            and needs_care(f) is not None]
    prevalence = [f for f in frames if isinstance(f, Prevalence) and asserted(f)]
    evaluations = [f for f in frames if isinstance(f, Evaluation) and asserted(f, True)
                   and "hedged" not in f.context]
    opened = frozenset(f.start for f in evaluations if _opened(ctx.doc, f))
    checks: tuple[tuple[str, Sequence[Frame], Callable[[Frame, Frame], bool], Key | None,
                        Compatible | None], ...] = (
        ("CONTRA-QUANTITY", quantities, lambda a, b: isinstance(a, Quantity) and isinstance(
            b, Quantity) and same_scope(a, b, limits=_limit(a) or _limit(b))
         and quantity_conflict(a, b, lexicon, allowed), _quantity_key, None),
        ("CONTRA-ADVICE", advice, lambda a, b: isinstance(a, Advice) and isinstance(
            b, Advice) and same_scope(a, b) and advice_conflict(a, b, lexicon),
         _advice_key, _opposed),
        ("CONTRA-ADVICE", sorted([*advice, *evaluations], key=lambda f: f.start),
         lambda a, b: type(a) is not type(b) and same_scope(a, b)
         and advice_judged(a, b, lexicon), _judged_key, operator.ne),
        ("CONTRA-NEED", care, lambda a, b: same_scope(a, b) and _care_conflict(a, b),
         _care_key, operator.ne),
        ("CONTRA-PREVALENCE", prevalence, lambda a, b: isinstance(a, Prevalence)
         and isinstance(b, Prevalence) and prevalence_conflict(a, b, lexicon), None, None),
        ("CONTRA-EVALUATION", evaluations, lambda a, b: isinstance(a, Evaluation)
         and isinstance(b, Evaluation) and evaluation_conflict(a, b, lexicon, opened),
         None, None),
    )
    for rule, group, conflict, key, compatible in checks:
        if not ctx.enabled(rule):
            continue
        for earlier, later in _pairs(group, key, compatible):
            if later.start in reported or earlier.start in reported:
                continue
            if not conflict(earlier, later):
                continue
            reported.add(later.start)
            yield _finding(ctx, rule, earlier, later)


def said_enough(words: Words | None, lexicon: Lexicon) -> bool:
    """A quantity said to be enough, with no topic of its own: "once a day is plenty",
    "twice a week is enough". (A quantity with no topic at all, "hold for five seconds",
    belongs to its step and is compared with nothing.)"""
    return _key(words) in lexicon.list(SUFFICIENCY_WORDS)


def resolve_enough(quantities: Sequence[Quantity], lexicon: Lexicon) -> list[Quantity]:
    """A quantity said to be enough ("When you're unwell, once a day is plenty") is about
    the one thing the article's other quantities of its kind are about ("check your blood
    glucose every four hours"): it takes that topic and act. When they are about several
    things, or none, it stays without a topic and is compared with nothing."""
    out: list[Quantity] = []
    for q in quantities:
        if not said_enough(q.topic, lexicon):
            out.append(q)
            continue
        donors = [d for d in quantities if d is not q
                  and d.dimension == q.dimension and d.unit == q.unit
                  and d.topic is not None and not said_enough(d.topic, lexicon)]
        if donors and all(same_topic(donors[0].topic, d.topic, lexicon) for d in donors[1:]):
            q = dataclasses.replace(q, topic=donors[0].topic, action=donors[0].action)
        out.append(q)
    return out


def _sets_a_limit(advice: Advice, bounded: Sequence[Quantity]) -> bool:
    """Whether advice against an act only bounds how much of it ("do not take more than 6
    capsules", "never walk for longer than an hour"): its amount is compared as a quantity,
    not its act as advice."""
    return advice.polarity == "avoid" and any(
        advice.action.start <= q.start < advice.action.end
        or (q.sentence == advice.sentence and q.action is not None
            and q.action.lemma == advice.action.lemma) for q in bounded)


def _opened(doc: Doc, frame: Evaluation) -> bool:
    """Whether the judgement's clause opens with words that limit it before its subject
    ("In the first week after surgery, swimming makes knee pain worse"; "For some people,
    ..."): a time, place or group the reader does not separate out as a phase."""
    first = frame.target.first_token
    sent = doc[first].sent
    return any(t.dep_ in ("prep", "advcl", "npadvmod", "advmod") and t.head.dep_ == "ROOT"
               for t in doc[sent.start:first])


def endorsed_amount(quantity: Quantity, frames: Sequence[Frame], lexicon: Lexicon) -> bool:
    """A dose or amount the article calls safe, helpful or best in the same sentence ("2,400
    mg of ibuprofen a day is perfectly fine"); "a 30-minute walk each day is best" is no rule
    on how often to walk."""
    return quantity.dimension in ("dose", "amount") and any(
        isinstance(f, Evaluation) and f.sentence == quantity.sentence
        and (f.judgement in ENDORSING or (
            # the amount itself makes no difference ("up to 10 g of salt a day makes little
            # difference to blood pressure"): it is allowed
            f.judgement == "no_effect" and f.start <= quantity.start < f.target.end))
        and asserted(f) and same_topic(f.target, quantity.topic, lexicon) for f in frames)


def allowance(quantity: Quantity, frames: Sequence[Frame], lexicon: Lexicon) -> bool:
    """A maximum the article allows rather than sets: "up to 6000 mg a day is perfectly
    safe", "most adults can safely push paracetamol up to 6000 mg a day" (advice that the
    reader may, or safely can, do the act the amount measures)."""
    if quantity.bound != "at_most" or quantity.dimension not in ("dose", "amount"):
        return False
    if endorsed_amount(quantity, frames, lexicon):
        return True
    return quantity.action is not None and any(
        isinstance(f, Advice) and f.sentence == quantity.sentence and f.polarity == "may"
        and f.action.lemma == quantity.action.lemma and f.speaker == "writer"
        and same_topic(f.topic, quantity.topic, lexicon) for f in frames)


def _care_conflict(a: Frame, b: Frame) -> bool:
    na, nb = needs_care(a), needs_care(b)
    return not (na is None or nb is None or na[1] == nb[1])


def _finding(ctx: CheckContext, rule: str, earlier: Frame, later: Frame) -> Finding:
    text = ctx.document.text
    first = text[earlier.start:earlier.end]
    second = text[later.start:later.end]
    # advice cannot be followed both ways; statements of fact cannot both be true
    both = "be followed" if rule in ("CONTRA-QUANTITY", "CONTRA-ADVICE", "CONTRA-NEED") \
        else "be true"
    message = (f"This says “{_short(second)}”, but earlier the article says "
               f"“{_short(first)}”; both cannot {both}.")
    return ctx.finding(
        rule, later.start, later.end, message=message,
        related=[ctx.related(earlier.start, earlier.end, "the other statement")],
        confidence=0.7)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


FAMILY = CheckFamily("frame_conflicts", run, order=42,
                     description="contradictions between claim frames about the same topic")
