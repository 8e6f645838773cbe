"""``medlint_instructions``: find instruction sentences and group them into exercises.

An instruction is an imperative ("Lie on your back"), advice to the reader ("you should /
can / need to ..."), "make sure / be sure / try to / remember to ...", a list step, or the
"an exercise ... is to stand ..." shape. Sentences are grouped into exercises by headings,
"another exercise / stretch is ...", list runs and paragraphs; a paragraph that starts with
"then / now / repeat / this exercise ..." continues the exercise before it. A group that
gives advice for exercises in general ("these exercises", "each stretch", "when you
exercise") and puts the body in no position is *general*: its rules hold for the rest of the
article.

Results: ``doc.spans["instructions"]`` (one span per instruction sentence, label = kind) and
``doc.spans["exercises"]`` (one span per group, label ``exercise`` or ``general``). The
helpers below (:func:`instruction_heads`, :func:`negated`, :func:`conditional`...) are the
shared reading of instructions the posture, contradiction and unsafe-advice checks use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.knowledge.lexicon import Lexicon, declare, load_lexicon
from pipeline.nlp.context import load_context, trigger_words
from pipeline.nlp.model import ComponentSpec
from pipeline.nlp.readers.base import ADVICE_NEGATORS, STOP_VERBS

if TYPE_CHECKING:
    from pipeline.knowledge.instructions import InstructionKnowledge

COMPONENT = ComponentSpec(factory="medlint_instructions", order=60, needs_rules_dir=True)

MODALS = frozenset({"should", "must", "can", "could", "may", "might", "need", "ought", "will",
                    "'ll", "shall", "'d", "would"})
ADVICE_VERBS = frozenset({"try", "remember", "need", "want", "aim", "begin", "start", "continue",
                          "make", "be", "keep", "go", "get", "have"})
GENERAL_DETS = frozenset({"each", "every", "all", "any", "these", "those", "your"})
CONTINUATIONS = frozenset({"then", "next", "now", "after", "afterwards", "repeat", "finally",
                           "hold", "slowly", "return", "release", "relax", "switch", "swap",
                           "do", "continue", "keep"})
# Negation, conditions and other people's practice: words from the lexicon
# (rules/lexicon/core.yaml), condition marks from ConText (rules/context/context.yaml).
NEGATORS = declare("negators", "words that say the words after them are not done (not, "
                   "never, without): ConText negation triggers read word by word")
NEGATING_HEADS = declare("negating_heads", "heads whose complement is not to be done (avoid "
                         "bouncing, instead of forcing, refrain from)")
CLAUSE_NEGATORS = declare("clause_negators", "words that negate the rest of their stretch of "
                          "a clause from anywhere before it (avoid long walks or runs)")
NEGATING_PAIRS = declare("negating_phrases", "two words just before a step that negate it "
                         "(rather than, instead of)")
THIRD_PARTY = declare("third_party_people", "subjects (lemmas) that make an instruction "
                      "someone else's practice (some people bounce, athletes bounce)")
LEADERS = frozenset({"now", "then", "next", "slowly", "gently", "carefully", "finally",
                     "first", "second", "third", "again", "and", "also", "still", "always",
                     "never", "do", "n't", "not", "gradually", "quickly", "just", "simply",
                     "please"})
OPENERS = frozenset({"if", "when", "once", "after", "before", "for", "to", "during", "while",
                     "as", "in", "on", "from", "with", "at", "each", "every", "between",
                     "without"})
QUOTES = frozenset({'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"})


@dataclass(frozen=True, slots=True)
class Group:
    """One exercise (or one stretch of general advice): its sentences, in order."""

    index: int
    general: bool
    sentences: tuple[Span, ...]


@Language.factory("medlint_instructions", assigns=["doc.spans"],
                  default_config={"rules_dir": ""})
def make_instructions(nlp: Language, name: str, rules_dir: str) -> InstructionSegmenter:
    """Factory for :class:`InstructionSegmenter`."""
    return InstructionSegmenter(Path(rules_dir) if rules_dir else None)


class InstructionSegmenter:
    """Mark instruction sentences and exercise groups."""

    def __init__(self, rules_directory: Path | None) -> None:
        self.rules_directory = rules_directory

    def __call__(self, doc: Doc) -> Doc:
        """Fill ``doc.spans["instructions"]`` and ``doc.spans["exercises"]``."""
        instructions: list[Span] = []
        for sent in doc.sents:
            kinds = [kind for _token, kind in instruction_heads(sent)]
            if kinds:
                instructions.append(Span(doc, sent.start, sent.end, label=kinds[0]))
        doc.spans["instructions"] = instructions
        exercises = []
        for group in group_sentences(doc, self.rules_directory):
            first, last = group.sentences[0], group.sentences[-1]
            exercises.append(Span(doc, first.start, last.end,
                                  label="general" if group.general else "exercise"))
        doc.spans["exercises"] = exercises
        return doc


# --- reading one sentence -----------------------------------------------------------------


def _label_end(sent: Span) -> int:
    """Index of the ":" that ends a step label ("Rib stretch: stand up ..."), or -1."""
    for token in sent[:8]:
        # "):" is one token after a name in brackets ("Thigh tightening (static quads):")
        if token.text.endswith(":") and not any(c.isalnum() for c in token.text):
            return token.i
    return -1


SUBORDINATORS = frozenset({"after", "before", "when", "if", "once", "until", "while", "since"})


def _real_subject(token: Token, child: Token) -> bool:
    """A subject child that is not a label ("Stretch: open ...") nor the subject of a
    subordinate clause the parser flattened ("after an injury always use ice")."""
    if child.i <= _label_end(token.sent):
        return False
    return not any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS and c.i < child.i
                   for c in token.children)


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and _real_subject(token, c)
               for c in token.children)


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass") and _real_subject(token, child):
            return child
    return None


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def _imperative(token: Token) -> bool:
    if not _is_verb(token) or token.tag_ not in ("VB", "VBP"):
        return False
    if _has_subject(token):
        return False
    if any(c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ in MODALS) for c in token.children):
        return False
    if token.dep_ == "ROOT":
        return True
    if token.dep_ == "conj":
        if token.tag_ == "VB" and any(
            t.lower_ in ("but", "then") for t in token.doc[max(token.i - 2, 0) : token.i]
        ):
            return True
        head = token.head
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        return _imperative(head) or _advice(head)
    return bool(token.dep_ in ("advcl", "xcomp", "ccomp") and token.i == token.sent.start)


def _advice(token: Token) -> bool:
    """``you should / can / need to ...`` and ``it is best/important to ...``."""
    if not _is_verb(token):
        return False
    subject = _subject(token)
    if subject is not None and subject.lower_ == "you":
        if any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.children):
            return True
        if token.lemma_ in ("need", "want", "have", "try"):
            return True
    if token.dep_ == "xcomp":
        head = token.head
        if head.lemma_ in ("try", "remember", "need", "want", "aim") and (
            _imperative(head) or _advice(head)
        ):
            return True
        head_subject = _subject(head)
        if head.lemma_ == "be" and head_subject is not None and (
            head_subject.lemma_ in _vocabulary().exercise_nouns or head_subject.lemma_ == "thing"
        ):
            return True
        if head.lemma_ == "be" and any(
            c.lemma_ in ("important", "best", "good", "wise", "better", "essential", "vital")
            for c in head.children
        ):
            return True
    return False


def _make_sure(token: Token) -> bool:
    return token.lemma_ in ("make", "be") and any(
        c.lower_ == "sure" for c in token.children
    ) and (_imperative(token) or _advice(token) or token.dep_ == "ROOT")


def _step_verb_from(tokens: Iterable[Token]) -> Token | None:
    for token in tokens:
        if token.is_punct or token.is_space or token.like_num or token.lower_ in LEADERS:
            continue
        if token.lower_ in _vocabulary().step_verbs and (
            token.tag_ not in ("VBD", "VBN", "VBZ", "VBG") or token.lower_ == token.lemma_
        ):
            return token
        return None
    return None


def _leading_step_verb(sent: Span) -> Token | None:
    """A step verb opening the sentence, or opening the main clause after a leading
    "If you ..., / For the first 48 hours, / When lifting, ..." phrase."""
    # "Rib stretch: stand up tall ...", "Step 3: Take a big breath ..."
    colon = next((t for t in sent[:8] if t.text in (":", "\u2013", "\u2014")), None)
    if colon is not None:
        found = _step_verb_from(t for t in sent if t.i > colon.i)
        if found is not None:
            return found
        # "Forward lean: from the same position, lean forward ...", "Heel slides: lying
        # on your back, slide ..."
        after = next((t for t in sent if t.i > colon.i and not t.is_space), None)
        comma = next((t for t in sent if t.i > colon.i and t.text == ","), None)
        if after is not None and (after.lower_ in OPENERS or after.tag_ == "VBG") and (
            comma is not None
        ):
            found = _step_verb_from(t for t in sent if t.i > comma.i)
            if found is not None:
                return found
    found = _step_verb_from(sent)
    if found is not None:
        return found
    first = next((t for t in sent if not t.is_space), None)
    if first is not None and first.lower_ not in OPENERS:
        # "Keeping your back straight, bend ...", "Now, still sitting, walk ...": a
        # leading participle phrase, too
        first = next((t for t in sent if not (t.is_space or t.is_punct
                                              or t.lower_ in LEADERS)), None)
        if first is not None and first.tag_ != "VBG":
            return None
    if first is None:
        return None
    comma = next((t for t in sent if t.text == "," and t.i > first.i), None)
    if comma is None:
        return None
    return _step_verb_from(t for t in sent if t.i > comma.i)


def _heading_starts(doc: Doc) -> frozenset[int]:
    cached = doc.user_data.get("medlint_heading_starts")
    if cached is None:
        cached = frozenset(start for start, _end, kind in doc.user_data.get("medlint_blocks", ())
                           if kind in ("heading", "title"))
        doc.user_data["medlint_heading_starts"] = cached
    return cached


def instruction_heads(sent: Span) -> list[tuple[Token, str]]:
    """The verbs that make ``sent`` an instruction, with the kind of each (none for a
    question or a heading: "Fix Your Shoulders Fast" is a title, not a step). Cached per
    sentence on the Doc."""
    cache = sent.doc.user_data.setdefault("medlint_instruction_heads", {})
    key = (sent.start, sent.end)
    if key not in cache:
        cache[key] = tuple((t.i, kind) for t, kind in _instruction_heads(sent))
    return [(sent.doc[i], kind) for i, kind in cache[key]]


def _instruction_heads(sent: Span) -> list[tuple[Token, str]]:
    if sent.text.rstrip().endswith("?") or sent.start_char in _heading_starts(sent.doc):
        return []
    heads: list[tuple[Token, str]] = []
    leading = _leading_step_verb(sent)
    if leading is not None and not _has_subject(leading):
        heads.append((leading, "step"))
    for token in sent:
        if leading is not None and token.i == leading.i:
            continue
        if _make_sure(token):
            heads.append((token, "make-sure"))
        elif _imperative(token):
            heads.append((token, "imperative"))
        elif _advice(token):
            heads.append((token, "advice"))
    return heads


def match_head(tokens: Sequence[Token]) -> Token:
    """The matched token highest in the parse (the others mostly depend on it)."""
    return min(tokens, key=lambda t: (len(list(t.ancestors)), t.i))


def governing_instruction(tokens: Sequence[Token]) -> Token | None:
    """The instruction verb whose clause holds ``tokens``, if any."""
    head = tokens[0] if len(tokens) == 1 else match_head(tokens)
    governor = _governors(head.sent)[head.i]
    return None if governor < 0 else head.doc[governor]


def _governors(sent: Span) -> dict[int, int]:
    """For every token of ``sent``, the index of its nearest instruction head among itself
    and its ancestors (-1 for none): one pass per sentence, each token's path up the parse
    followed only until it meets a token already settled. Cached per sentence on the Doc,
    so asking for many tokens of a long sentence costs no rescan."""
    cache = sent.doc.user_data.setdefault("medlint_governors", {})
    key = (sent.start, sent.end)
    governors: dict[int, int] | None = cache.get(key)
    if governors is not None:
        return governors
    heads = {t.i for t, _kind in instruction_heads(sent)}
    governors = {}
    for token in sent:
        path: list[int] = []
        current = token
        while current.i not in governors:
            if current.i in heads:
                governors[current.i] = current.i
                break
            path.append(current.i)
            if current.head.i == current.i:
                governors[current.i] = -1
                path.pop()
                break
            current = current.head
        value = governors[current.i]
        for index in path:
            governors[index] = value
    cache[key] = governors
    return governors


def _path_up(tokens: Sequence[Token]) -> Iterable[Token]:
    """The matched words' head and its ancestors, up to the instruction verb that governs
    them (parse errors above it, "Do these slowly to avoid injury", must not count)."""
    head = match_head(tokens)
    stops = {t.i for t, _kind in instruction_heads(head.sent)}
    for token in (head, *head.ancestors):
        yield token
        if token.i in stops and token.dep_ != "conj":
            return


def negated(tokens: Sequence[Token]) -> bool:
    """Whether the words ``tokens`` are said not to be done: a negator inside the match
    ("bend your knees, not your back"), a ``neg`` on a verb above it ("don't bend your
    elbows"), or a negating head ("avoid bouncing", "instead of forcing")."""
    lexicon = _lexicon()
    negators = lexicon.list(NEGATORS)
    heads = lexicon.list(NEGATING_HEADS)
    stops = lexicon.list(STOP_VERBS)
    verb_negators = lexicon.list(ADVICE_NEGATORS)
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    doc = tokens[0].doc
    inside = {t.i for t in tokens}
    if any(doc[i].lower_.replace("\u2019", "'") in negators for i in range(first, last + 1)
           if i not in inside):
        return True
    below: Token | None = None
    separate = False  # crossed "X and Y": a negating verb above X does not reach Y
    for token in _path_up(tokens):
        lemma = token.lemma_.lower()
        if token.i not in inside and lemma in heads and not separate and (
            lemma not in stops or (below is not None and below.tag_ == "VBG")
        ):
            return True
        if token.dep_ == "conj" and any(
            c.dep_ == "cc" and c.lower_ == "and" for c in token.head.children
        ):
            separate = True
        below = token
        for child in token.children:
            if child.i in inside:
                continue
            if child.dep_ == "neg" or (
                child.lower_ in verb_negators and child.i < token.i
            ):
                return True
    # "do not / never / rather than / instead of" just before the first matched word, or
    # "avoid / never" earlier in the same stretch of the clause ("avoid long walks or runs
    # until ...") when the parser loses the link
    clause_negators = lexicon.list(CLAUSE_NEGATORS)
    pairs = lexicon.list(NEGATING_PAIRS)
    for i in range(first - 1, max(first - 9, tokens[0].sent.start - 1), -1):
        word = doc[i].lower_.replace("\u2019", "'")
        near = first - i <= 3
        if (near and word in negators) or word in clause_negators or (
            near and i > 0 and f"{doc[i - 1].lower_} {word}" in pairs
        ):
            return True
        if doc[i].is_punct or word in ("but", "then"):
            break
    return False


def conditional(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` sit inside an if/unless clause ("if you bounce, ..."): a clause
    marked by a ConText condition word."""
    conditions = condition_marks()
    inside = {t.i for t in tokens}
    # "If you feel pain, slow down and ...": the step after the opener's comma is the main
    # clause even when the parser hangs it under the if-clause
    leading = _leading_step_verb(tokens[0].sent)
    first = min(inside)
    for token in _path_up(tokens):
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in conditions and child.i not in inside:
                if leading is not None and child.i < leading.i <= first:
                    continue
                return True
        if token.dep_ in ("ROOT",):
            break
    return False


def in_label(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` are in a step's label ("Knee to chest stretch: lie on ...")."""
    return min(t.i for t in tokens) < _label_end(tokens[0].sent)


def in_until_clause(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` sit in an "until ..." clause ("until the pain stops if ...")."""
    head = match_head(tokens)
    return any(c.dep_ == "mark" and c.lower_ == "until" for c in head.children)


def quoted(tokens: Sequence[Token]) -> bool:
    """Whether ``tokens`` stand between quotation marks in their sentence."""
    sent = tokens[0].sent
    first = min(t.i for t in tokens)
    before = sum(1 for t in sent if t.i < first and t.text in QUOTES - {"'", "\u2019"})
    return before % 2 == 1


def third_party(tokens: Sequence[Token]) -> bool:
    """Whether the clause's subject is someone other than the reader ("some people bounce",
    "athletes often bounce")."""
    inside = {t.i for t in tokens}
    for token in _path_up(tokens):
        subject = _subject(token)
        if subject is not None and subject.i not in inside:
            people = _lexicon().list(THIRD_PARTY)
            return subject.lemma_.lower() in people or subject.lower_ in people
    return False


# --- grouping into exercises --------------------------------------------------------------


def _blocks(doc: Doc) -> list[tuple[int, int, str]]:
    blocks = doc.user_data.get("medlint_blocks")
    if blocks:
        return sorted(blocks)
    return [(0, len(doc.text), "paragraph")]


def _counts_repetitions(doc: Doc, start: int, end: int) -> bool:
    """Whether the text from ``start`` to ``end`` gives a repetition count ("ten times",
    "repeat 5 times", "8 reps")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    words = _rep_nouns()
    return any(t.lower_ in words and t.i > span.start and doc[t.i - 1].like_num
               for t in span)


@lru_cache(maxsize=1)
def _rep_nouns() -> frozenset[str]:
    """The nouns a repetition count is given in (``rep_nouns`` in
    rules/instructions/amounts.yaml: "10 reps", "repeat 10 times")."""
    from pipeline.knowledge.paths import rules_dir
    from pipeline.nlp.readers.exercise_amounts import load_amounts

    return frozenset(load_amounts(rules_dir()).rep_nouns)


def _intro(sent: Span) -> bool:
    """``Another exercise is ...``, ``An exercise to ... is to ...``, ``Exercise 2``."""
    words = [t.lemma_.lower() for t in sent]
    for i, token in enumerate(sent):
        if token.lemma_.lower() in _vocabulary().exercise_nouns and token.pos_ in ("NOUN", "PROPN"):
            det = [c.lower_ for c in token.children if c.dep_ in ("det", "amod", "nummod")]
            if "another" in det or "next" in det:
                return True
            if token.dep_ in ("nsubj",) and token.head.lemma_ == "be" and any(
                c.dep_ == "xcomp" for c in token.head.children
            ):
                return True
            if i + 1 < len(words) and sent[i + 1].like_num and i == 0:
                return True
    return False


def _title_like(sent: Span) -> bool:
    """A list item that opens with a name rather than a step ("2. Seated piriformis
    stretch.") starts a new exercise."""
    if _label_end(sent) >= 0:
        return True
    if STEP_NUMBER.fullmatch(sent.text.strip()):
        # a bare "6." the sentence splitter cut off its step: the step's own words decide
        if sent.end < len(sent.doc):
            following = sent.doc[sent.end].sent
            if not STEP_NUMBER.fullmatch(following.text.strip()):
                return _title_like(following)
        return False
    return not any(t.pos_ in ("VERB", "AUX") and t.tag_ in ("VB", "VBP", "VBZ", "VBD", "MD")
                   for t in sent)


def _continues(sent: Span) -> bool:
    first = next((t for t in sent if not t.is_punct and not t.is_space), None)
    if first is None:
        return False
    if first.lemma_.lower() in CONTINUATIONS and first.lower_ not in ("do", "keep"):
        return True
    text = sent.text.lower()
    return any(p in text for p in ("this exercise", "this stretch", "the same exercise",
                                   "this movement", "this position"))


def _general(sentences: Sequence[Span], has_position: bool) -> bool:
    if has_position:
        return False
    for sent in sentences:
        for token in sent:
            lemma = token.lemma_.lower()
            if lemma in ("workout", "routine", "session", "programme", "program"):
                return True
            if lemma in ("exercise", "stretch", "stretching", "exercising", "movement", "pose",
                         "move", "rep") and (
                token.tag_ in ("NNS", "VBG")
                or any(c.lower_ in GENERAL_DETS for c in token.children)
                or token.lower_ in ("exercising", "stretching")
            ):
                return True
    return False


STEP_NUMBER = re.compile(r"\s*(\d{1,2})[.)](\s|$)")


def _step_number(sent: Span) -> int | None:
    """The number a numbered step starts with ("4. Take a breath"), if any."""
    match = STEP_NUMBER.match(sent.text)
    return int(match.group(1)) if match else None


def group_sentences(doc: Doc, rules_directory: Path | None = None) -> list[Group]:
    """Group sentences into exercises (see the module docstring)."""
    blocks = _blocks(doc)
    groups: list[list[Span]] = []
    kinds: list[str] = []
    block_index = -1
    previous_kind = ""
    previous_had_instruction = False
    previous_counted = False  # the last list item gave its own repetition count
    last_number, number_group = 0, -1  # the last numbered step and its group
    for sent in doc.sents:
        while block_index + 1 < len(blocks) and blocks[block_index + 1][0] <= sent.start_char:
            block_index += 1
        kind = blocks[block_index][2] if block_index >= 0 else "paragraph"
        at_block_start = block_index >= 0 and (
            sent.start_char <= blocks[block_index][0]
            or not groups
            or groups[-1][-1].end_char <= blocks[block_index][0]
        )
        new = not groups
        block = blocks[block_index] if block_index >= 0 else (0, len(doc.text), kind)
        if at_block_start and groups:
            if kind in ("heading", "title"):
                new = True
            elif kind == "list_item" and previous_kind == "list_item" and \
                    previous_had_instruction and previous_counted and \
                    not _continues(sent) and _counts_repetitions(doc, block[0], block[1]):
                # "- Shrug your shoulders. Repeat five times." then "- Bend the elbow ten
                # times.": bullets that each give their own count are exercises of their own
                new = True
            elif (kind == "list_item" and previous_kind == "list_item"
                  and previous_had_instruction and not _title_like(sent)) or _continues(sent):
                new = False
            else:
                new = True
        if _intro(sent) and groups:
            new = True
        number = _step_number(sent) if at_block_start and kind == "list_item" else None
        if (new and number is not None and number == last_number + 1
                and 0 <= number_group < len(groups) and not _title_like(sent)
                and not any(instruction_heads(s) for g in groups[number_group + 1:]
                            for s in g)):
            # numbered steps that go on under a sub-heading ("Setting up" 1-3, "The
            # lift" 4-8) are one exercise: the sub-headings join it
            for later in groups[number_group + 1:]:
                groups[number_group].extend(later)
            del groups[number_group + 1:], kinds[number_group + 1:]
            new = False
        if new:
            groups.append([sent])
            kinds.append(kind)
        else:
            groups[-1].append(sent)
        if number is not None:
            last_number, number_group = number, len(groups) - 1
        if at_block_start:
            previous_kind = kind
            previous_had_instruction = bool(instruction_heads(sent))
            previous_counted = kind == "list_item" and _counts_repetitions(
                doc, block[0], block[1])
        elif instruction_heads(sent):
            previous_had_instruction = True
    return [
        Group(index=i, general=_general(sents, _mentions_position(sents, rules_directory)),
              sentences=tuple(sents))
        for i, sents in enumerate(groups)
    ]


def _mentions_position(sentences: Sequence[Span], rules_directory: Path | None) -> bool:
    rules = rules_directory or _rules_dir_for_positions()
    if rules is None:
        return False
    from pipeline.knowledge.cue_index import possible
    from pipeline.knowledge.instructions import load_instructions

    knowledge = load_instructions(rules)
    cues = tuple(cue for position in knowledge.positions for cue in position.cues)
    return any(cue.find(sent) for sent in sentences for cue in possible(sent, cues))


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    """The lexicon of the installed rules (the helpers have no rules directory at hand)."""
    from pipeline.knowledge.paths import rules_dir

    return load_lexicon(rules_dir())


@lru_cache(maxsize=1)
def condition_marks() -> frozenset[str]:
    """The words that mark a conditional clause ("if", "unless", "whether"): ConText's
    one-word hypothetical triggers."""
    from pipeline.knowledge.paths import rules_dir

    return trigger_words(load_context(rules_dir()), "hypothetical")


@lru_cache(maxsize=1)
def _vocabulary() -> InstructionKnowledge:
    """The instruction knowledge for the helpers that have no rules directory at hand
    (step verbs, exercise nouns: ``lexicons`` in rules/instructions/states.yaml)."""
    from pipeline.knowledge.instructions import load_instructions
    from pipeline.knowledge.paths import rules_dir

    return load_instructions(rules_dir())


def _rules_dir_for_positions() -> Path | None:
    try:
        from pipeline.knowledge.paths import rules_dir

        return rules_dir()
    except FileNotFoundError:
        return None


def groups_of(doc: Doc, rules_directory: Path | None = None) -> list[Group]:
    """The exercise groups the component recorded (recomputed when it did not run)."""
    if "exercises" not in doc.spans:
        return group_sentences(doc, rules_directory)
    cached = doc.user_data.get("medlint_groups")
    if cached is not None:
        return list(cached)
    sents = list(doc.sents)
    result = []
    position = 0
    for index, span in enumerate(doc.spans["exercises"]):
        members = []
        while position < len(sents) and sents[position].start < span.end:
            if sents[position].start >= span.start:
                members.append(sents[position])
            position += 1
        result.append(Group(index=index, general=span.label_ == "general",
                            sentences=tuple(members)))
    doc.user_data["medlint_groups"] = tuple(result)
    return result
