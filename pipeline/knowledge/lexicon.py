"""The lexicon: every English word a reader or a check needs, from ``rules/lexicon/``.

Two kinds of file:

- **word classes** (``nouns.yaml``, ``verbs.yaml``, ``adjectives.yaml``: generated from WordNet
  3.0 and the MONDO/UBERON ontologies by ``tools/build_lexicon.py`` and reviewed; ``core.yaml``:
  written by hand) map a class (``medicine``, ``device``, ``cause`` ...) to its words;
  ``hypernyms.yaml`` gives the broader words and synonyms of each noun, so that a topic can
  be matched by lemma, synonym or hypernym ("a pint of beer" is alcohol);
- **named lists** (``core.yaml`` ``lists:``): the function words of the readers (modals,
  bound words, negators ...). Code asks for a list by name; a name the YAML lacks is an
  error, and so is a list no code declares (:data:`DECLARED_LISTS`; a test imports every
  reader and compares).

Words are lower-case; a multi-word entry is its words separated by single spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import Field, field_validator

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model, read_yaml

#: Every named list some reader or check reads, with what it is for. A list in
#: ``core.yaml`` that is not declared here is an error (it would be dead knowledge).
DECLARED_LISTS: dict[str, str] = {}


def declare(name: str, purpose: str) -> str:
    """Declare that code reads the named list ``name``; returns the name."""
    DECLARED_LISTS[name] = purpose
    return name


DRUG_SHAPED = declare("drug_shaped", "nouns shaped like a medicine's generic name that are "
                      "none (cholesterol): generated into drug_shaped.yaml from WordNet")


class ClassSpec(StrictModel):
    """A word class in ``core.yaml``."""

    description: str
    words: list[str] = Field(min_length=1)
    source: str | None = None

    @field_validator("words")
    @classmethod
    def _lower(cls, words: list[str]) -> list[str]:
        for word in words:
            if word != word.lower() or "  " in word or word != word.strip():
                raise ValueError(f"word {word!r} must be lower-case with single spaces")
        return words


class CoreFile(StrictModel):
    """``rules/lexicon/core.yaml``."""

    references: dict[str, str] = Field(default_factory=dict)
    classes: dict[str, ClassSpec] = Field(default_factory=dict)
    lists: dict[str, list[str]] = Field(default_factory=dict)
    #: words whose class depends on their level ("rare" -> rare, "common" -> common)
    levels: dict[str, dict[str, str]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Lexicon:
    """Word classes, hypernyms, synonyms and named lists, read-only."""

    classes: Mapping[str, frozenset[str]]
    #: words of a class that also have other common senses: left out of ``classes``
    ambiguous: Mapping[str, frozenset[str]]
    word_classes: Mapping[str, tuple[str, ...]]
    hypernyms: Mapping[str, tuple[str, ...]]
    synonyms: Mapping[str, tuple[str, ...]]
    levels: Mapping[str, Mapping[str, str]]
    lists: Mapping[str, frozenset[str]]
    #: the longest entry, in words (for phrase lookups)
    longest: int
    #: every one-word verb WordNet knows (``verb_forms.yaml``)
    verbs: frozenset[str] = frozenset()
    #: the named lists in the order ``core.yaml`` gives them (for lists that rank)
    ordered: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def words(self, cls: str) -> frozenset[str]:
        """The words of a class (empty when the lexicon has none)."""
        return self.classes.get(cls, frozenset())

    def list(self, name: str) -> frozenset[str]:
        """A named word list; a name nobody declared is a programming error."""
        if name not in DECLARED_LISTS:
            raise KeyError(f"word list {name!r} is not declared (pipeline.knowledge.lexicon)")
        return self.lists[name]

    def ranked(self, name: str) -> tuple[str, ...]:
        """A named word list in its order in ``core.yaml``, first ranked highest."""
        self.list(name)
        return self.ordered[name]

    def verb_of(self, noun: str) -> str | None:
        """The verb a noun names the act of, when English uses one word for both ("a
        lie-down": lie, "a nap", "a soak", "a rinse")."""
        noun = noun.lower()
        return noun if noun in self.verbs else None

    def classes_of(self, word: str) -> tuple[str, ...]:
        """The classes a word or phrase belongs to."""
        return self.word_classes.get(word.lower(), ())

    def is_a(self, word: str, cls: str) -> bool:
        """Whether ``word`` is in class ``cls``."""
        return cls in self.word_classes.get(word.lower(), ())

    def level(self, scale: str, word: str) -> str | None:
        """The level a word names on a scale ("rare" on frequency -> rare)."""
        return self.levels.get(scale, {}).get(word.lower())

    def broader(self, word: str) -> tuple[str, ...]:
        """The word's broader words, nearest first."""
        return self.hypernyms.get(word.lower(), ())

    def related(self, a: str, b: str) -> bool:
        """Whether two topic words name the same thing or one names a kind of the other:
        the same lemma, synonyms, or one a hypernym of the other ("beer" / "alcohol")."""
        a, b = a.lower(), b.lower()
        if a == b:
            return True
        return any(self._related(x, y) for x in self._forms(a) for y in self._forms(b))

    def _related(self, a: str, b: str) -> bool:
        if a == b:
            return True
        if b in self.synonyms.get(a, ()) or a in self.synonyms.get(b, ()):
            return True
        up_a = set(self.hypernyms.get(a, ())) | set(self.synonyms.get(a, ()))
        up_b = set(self.hypernyms.get(b, ())) | set(self.synonyms.get(b, ()))
        return b in up_a or a in up_b or bool(
            {s for x in self.synonyms.get(b, ()) for s in (x,)} & up_a)

    def _forms(self, word: str) -> tuple[str, ...]:
        """A word, and for a gerund the tables do not know, the verb it names the act of
        ("smoking": smoke, which WordNet has as a broader word of cigarette)."""
        if not word.endswith("ing") or len(word) < 6 or word in self.hypernyms or \
                word in self.synonyms:
            return (word,)
        stem = word[:-3]
        forms = [word, stem, stem + "e"]
        if stem[-1] == stem[-2]:
            forms.append(stem[:-1])  # "jogging": jog
        return tuple(forms)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon of the installed rules, for helpers that have no rules directory at
    hand."""
    from pipeline.knowledge.paths import rules_dir

    return load_lexicon(rules_dir())


def _class_files(directory: Path) -> Iterable[tuple[Path, Any]]:
    for name in ("nouns.yaml", "verbs.yaml", "adjectives.yaml"):
        path = directory / name
        if path.is_file():
            yield path, read_yaml(path)


def _generated_words(path: Path, data: Any
                     ) -> dict[str, tuple[set[str], dict[str, str], set[str]]]:
    """Classes of a generated file: class -> (words, word -> level, ambiguous words)."""
    if not isinstance(data, dict) or not isinstance(data.get("classes"), dict):
        raise KnowledgeError(f"{path}: expected a mapping with 'classes'")
    out: dict[str, tuple[set[str], dict[str, str], set[str]]] = {}
    for cls, spec in data["classes"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("words"), dict | list):
            raise KnowledgeError(f"{path}: class {cls!r} needs 'words'")
        words: set[str] = set()
        levels: dict[str, str] = {}
        entries = spec["words"]
        items = entries.items() if isinstance(entries, dict) else ((w, None) for w in entries)
        for word, info in items:
            word = str(word)
            if word != word.lower():
                raise KnowledgeError(f"{path}: class {cls!r}: {word!r} is not lower-case")
            words.add(word)
            if isinstance(info, dict) and "level" in info:
                levels[word] = str(info["level"])
        ambiguous = {str(w) for w in spec.get("ambiguous") or ()}
        out[str(cls)] = (words, levels, ambiguous)
    return out


@lru_cache(maxsize=4)
def load_lexicon(directory: Path) -> Lexicon:
    """Load and check the lexicon of a rules directory."""
    lexicon_dir = directory / "lexicon"
    core = load_model(lexicon_dir / "core.yaml", CoreFile)
    classes: dict[str, set[str]] = {c: set(spec.words) for c, spec in core.classes.items()}
    levels: dict[str, dict[str, str]] = {k: dict(v) for k, v in core.levels.items()}
    ambiguous: dict[str, set[str]] = {}
    for path, data in _class_files(lexicon_dir):
        for cls, (words, word_levels, unsure) in _generated_words(path, data).items():
            # a word with other common senses ("cast", "bridge") counts only where the
            # hand-written core lists it too
            own = classes.get(cls, set())
            ambiguous.setdefault(cls, set()).update(unsure - own)
            classes.setdefault(cls, set()).update(words - (unsure - own))
            for word, level in word_levels.items():
                levels.setdefault(cls, {}).setdefault(word, level)
    hypernyms: dict[str, tuple[str, ...]] = {}
    synonyms: dict[str, tuple[str, ...]] = {}
    hyper_path = lexicon_dir / "hypernyms.yaml"
    if hyper_path.is_file():
        data = read_yaml(hyper_path) or {}
        for word, up in (data.get("hypernyms") or {}).items():
            hypernyms[str(word)] = tuple(str(u) for u in up)
        for word, same in (data.get("synonyms") or {}).items():
            synonyms[str(word)] = tuple(str(s) for s in same)
    lists = {k: frozenset(v) for k, v in core.lists.items()}
    shaped_path = lexicon_dir / "drug_shaped.yaml"
    if shaped_path.is_file():  # generated: nouns shaped like medicines that are none
        data = read_yaml(shaped_path) or {}
        lists[DRUG_SHAPED] = frozenset(str(w) for w in data.get("words") or ())
    word_classes: dict[str, list[str]] = {}
    for cls, words in sorted(classes.items()):
        for word in words:
            word_classes.setdefault(word, []).append(cls)
    longest = max((len(w.split()) for words in classes.values() for w in words), default=1)
    return Lexicon(
        classes=MappingProxyType({c: frozenset(w) for c, w in classes.items()}),
        ambiguous=MappingProxyType({c: frozenset(w) for c, w in ambiguous.items()}),
        word_classes=MappingProxyType({w: tuple(c) for w, c in word_classes.items()}),
        hypernyms=MappingProxyType(hypernyms),
        synonyms=MappingProxyType(synonyms),
        levels=MappingProxyType({k: MappingProxyType(v) for k, v in levels.items()}),
        lists=MappingProxyType(lists),
        longest=longest,
        ordered=MappingProxyType({k: tuple(v) for k, v in core.lists.items()}),
        verbs=frozenset(str(v) for v in ((read_yaml(verbs_path) or {}).get("verbs") or {}))
        if (verbs_path := lexicon_dir / "verb_forms.yaml").is_file() else frozenset(),
    )
