"""What the grammar family knows, loaded from ``rules/grammar/``:

- ``languagetool.yaml``: LanguageTool rules and categories switched off by default, and how
  LanguageTool's rule ids, categories and issue types map onto medlint's GRAMMAR rules;
- ``misspellings.yaml``: common misspellings and their correct forms (offline check);
- ``confusions.yaml``: word sequences that are nearly always a slip ("could of");
- ``vocabulary.yaml``: medical words that are spelled correctly however rare they are.

Every word in the other knowledge files under rules/ (anatomy terms, plain-words lexicon,
...) also counts as correctly spelled, so adding a term to the knowledge base is enough to
keep LanguageTool from calling it a misspelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from pipeline.knowledge.loader import StrictModel, load_model, read_yaml

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


class LTMapping(StrictModel):
    """LanguageTool matches that become one medlint rule (any listed field may match)."""

    medlint_rule: str
    lt_rules: list[str] = Field(default_factory=list)
    lt_rule_prefixes: list[str] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    issue_types: list[str] = Field(default_factory=list)


class LanguageToolFile(StrictModel):
    """``rules/grammar/languagetool.yaml``."""

    references: list[str] = Field(default_factory=list)
    disabled_rules: list[str] = Field(default_factory=list)
    disabled_categories: list[str] = Field(default_factory=list)
    spelling_rule: str
    default_rule: str
    mappings: list[LTMapping]


class Misspelling(StrictModel):
    """A misspelled word and what it should be."""

    wrong: str
    right: str


class MisspellingsFile(StrictModel):
    """``rules/grammar/misspellings.yaml``."""

    references: list[str] = Field(default_factory=list)
    misspellings: list[Misspelling]


class Confusion(StrictModel):
    """A word sequence that is nearly always a slip, unless the next or previous word says
    otherwise."""

    words: str
    right: str
    why: str
    not_after: list[str] = Field(default_factory=list)
    not_before: list[str] = Field(default_factory=list)


class ConfusionsFile(StrictModel):
    """``rules/grammar/confusions.yaml``."""

    references: list[str] = Field(default_factory=list)
    allowed_repeats: list[str] = Field(default_factory=list)
    plural_singular_nouns: list[str] = Field(default_factory=list)
    confusions: list[Confusion]


class VocabularyFile(StrictModel):
    """``rules/grammar/vocabulary.yaml``."""

    references: list[str] = Field(default_factory=list)
    words: list[str]


@dataclass(frozen=True)
class GrammarKnowledge:
    """Everything above, indexed."""

    languagetool: LanguageToolFile
    misspellings: dict[str, str]
    confusions: tuple[tuple[tuple[str, ...], Confusion], ...]
    allowed_repeats: frozenset[str]
    plural_singular_nouns: frozenset[str]
    vocabulary: frozenset[str]

    def medlint_rule(self, rule_id: str, category: str, issue_type: str) -> str:
        """The medlint rule a LanguageTool match becomes: a rule id decides first, then the
        category, then the issue type."""
        mappings = self.languagetool.mappings
        for mapping in mappings:
            if rule_id in mapping.lt_rules or any(
                    rule_id.startswith(p) for p in mapping.lt_rule_prefixes):
                return mapping.medlint_rule
        for mapping in mappings:
            if category in mapping.categories:
                return mapping.medlint_rule
        for mapping in mappings:
            if issue_type in mapping.issue_types:
                return mapping.medlint_rule
        return self.languagetool.default_rule

    def known_word(self, text: str) -> bool:
        """True when every word of ``text`` is in the medical vocabulary from rules/."""
        words = [w.lower().strip("'’") for w in re.split(r"[\s\-/]+", text) if w.strip()]
        return bool(words) and all(w in self.vocabulary for w in words)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def harvest_vocabulary(rules_directory: Path) -> set[str]:
    """Every word in the knowledge files under rules/ (not the rule catalogs, whose examples
    may hold deliberate mistakes, and not the misspellings list)."""
    words: set[str] = set()
    skip = {"rules.yaml", "misspellings.yaml", "confusions.yaml"}
    for path in sorted(rules_directory.rglob("*.yaml")):
        if path.name in skip:
            continue
        try:
            data = read_yaml(path)
        except Exception:
            continue
        # one pass over all of a file's strings (joined by a separator no word spans)
        for word in set(WORD.findall("\n".join(_strings(data)).lower())):
            word = word.strip("'’")
            words.add(word)
            if "-" in word:
                words.update(word.split("-"))
    return words


def load_grammar_knowledge(rules_directory: Path) -> GrammarKnowledge:
    """Load ``rules/grammar/`` (memoised per run through ``KnowledgeBase.load``)."""
    folder = rules_directory / "grammar"
    lt = load_model(folder / "languagetool.yaml", LanguageToolFile)
    miss = load_model(folder / "misspellings.yaml", MisspellingsFile)
    conf = load_model(folder / "confusions.yaml", ConfusionsFile)
    vocab = load_model(folder / "vocabulary.yaml", VocabularyFile)
    vocabulary = {w.lower() for w in vocab.words} | harvest_vocabulary(rules_directory)
    misspellings = {m.wrong.lower(): m.right for m in miss.misspellings}
    vocabulary -= set(misspellings)
    return GrammarKnowledge(
        languagetool=lt,
        misspellings=misspellings,
        confusions=tuple((tuple(c.words.lower().split()), c) for c in conf.confusions),
        allowed_repeats=frozenset(w.lower() for w in conf.allowed_repeats),
        plural_singular_nouns=frozenset(w.lower() for w in conf.plural_singular_nouns),
        vocabulary=frozenset(vocabulary),
    )
