#!/usr/bin/env python3
"""Build medlint's open-vocabulary lexicon (``rules/lexicon/*.yaml``) from WordNet 3.0.

A build-time tool: the audit reads only the YAML this writes and never needs WordNet, NLTK
or an ontology package.  What goes into each word class is decided by the reviewed,
human-edited ``tools/lexicon_config.yaml``: WordNet root synsets (a class takes every
lemma of a root and, for nouns, of every hyponym below it), subtrees to prune, words to
exclude (wrong senses) and a few words to add.  Common conditions WordNet lacks, and the
lay synonyms of the conditions it has, come from MONDO (the copy bundled with the
``cellxgene-ontology-guide`` package).

Output (byte for byte the same on every run with the same inputs):

* ``nouns.yaml``, ``verbs.yaml``, ``adjectives.yaml``: ``{source, classes: {<class>:
  {description, roots, words: {<word>: <source>}, ambiguous: [...]}}, overlaps}``;
* ``hypernyms.yaml``: ``{source, hypernyms: {<word>: [<broader>, ...]}, synonyms: ...}``.

WordNet 3.0 is read from Debian's ``wordnet-base`` and ``wordnet-sense-index`` files
(``/usr/share/wordnet``).  NLTK cannot read that directory as it is, so the tool copies the
files into a temporary NLTK data directory and writes the ``lexnames`` file Debian leaves
out.

Usage::

    /work/venv/bin/python tools/build_lexicon.py            # rebuild rules/lexicon/
    /work/venv/bin/python tools/build_lexicon.py --check    # exit 1 if the files would change
    /work/venv/bin/python tools/build_lexicon.py --review device   # read a class by eye
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import sys
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "tools" / "lexicon_config.yaml"
DEFAULT_OUT = ROOT / "rules" / "lexicon"
DEFAULT_WORDNET = Path("/usr/share/wordnet")

# The lexicographer files of WordNet 3.0 in their standard order (lexnames(5WN)), with the
# syntactic category of each: 1 noun, 2 verb, 3 adjective, 4 adverb.  Debian's
# wordnet-base package does not ship this file; NLTK needs it.
LEXNAMES = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather",
    "adj.ppl",
)
CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
WORDNET_FILES = (
    "data.noun", "data.verb", "data.adj", "data.adv",
    "index.noun", "index.verb", "index.adj", "index.adv",
    "noun.exc", "verb.exc", "adj.exc", "adv.exc",
    "index.sense", "cntlist.rev",
)
WORDNET_SOURCE = (
    "WordNet 3.0 (Princeton University; Debian wordnet-base and wordnet-sense-index), "
    "licence in LICENSE-WordNet.txt"
)
SYNSET_NAME = re.compile(r"^[^\s]+\.[nvasr]\.\d\d$")


# --------------------------------------------------------------------------------------
# WordNet


def write_lexnames(path: Path) -> None:
    """Write WordNet 3.0's ``lexnames`` file: ``NN<TAB>lexname<TAB>category`` per line."""
    lines = [
        f"{index:02d}\t{name}\t{CATEGORY[name.split('.')[0]]}\n"
        for index, name in enumerate(LEXNAMES)
    ]
    path.write_text("".join(lines), encoding="ascii")


def load_wordnet(source: Path, workdir: Path) -> Any:
    """Copy Debian's WordNet files into an NLTK data directory under ``workdir`` and open it."""
    target = workdir / "corpora" / "wordnet"
    target.mkdir(parents=True)
    for name in WORDNET_FILES:
        if not (source / name).is_file():
            raise SystemExit(
                f"{source / name} is missing: install Debian's wordnet-base and "
                "wordnet-sense-index (apt-get install wordnet-base wordnet-sense-index)"
            )
        shutil.copyfile(source / name, target / name)
    write_lexnames(target / "lexnames")
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    nltk.data.path.insert(0, str(workdir))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        reader = WordNetCorpusReader(str(target), None)
    if reader.get_version() != "3.0":
        raise SystemExit(f"expected WordNet 3.0 in {source}, found {reader.get_version()}")
    return reader


def lemma_word(name: str) -> str:
    """A WordNet lemma name as it appears in text: lower case, spaces for underscores."""
    return name.replace("_", " ").lower()


def word_key(word: str) -> str:
    """A word as a WordNet lemma name (for ``synsets()`` look-ups)."""
    return word.replace(" ", "_")


# --------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True)
class Root:
    """One root of a word class: a synset and how far below it to go."""

    synset: str
    depth: int | None  # None: the whole subtree (hyponyms and instances)
    level: str | None = None  # adjectives: the level every word under this root gets
    similar: bool = False  # adjectives: take the satellites (similar_tos) too


@dataclass
class ClassSpec:
    """A word class as configured."""

    name: str
    description: str
    roots: list[Root]
    prune: set[str]
    exclude: set[str]
    add: dict[str, Any]
    lexnames: set[str]
    yield_to: list[str]
    mondo: dict[str, Any]
    min_count: int | None
    instances: bool
    ambiguous: set[str]
    keep: set[str]
    drop_ambiguous_at: int | None
    names_from: list[str]


@dataclass
class GroupSpec:
    """A part of speech and its classes, written to one file."""

    name: str
    pos: str
    description: str
    classes: list[ClassSpec]
    allow_overlap: list[list[str]]
    shared_words: dict[str, list[str]]


def parse_root(item: Any, default_depth: int | None) -> Root:
    """A root is a synset name, or ``{synset, depth, level, similar}``."""
    if isinstance(item, str):
        return Root(item, default_depth)
    return Root(
        item["synset"],
        item.get("depth", default_depth),
        item.get("level"),
        bool(item.get("similar", False)),
    )


def parse_config(data: dict[str, Any]) -> list[GroupSpec]:
    """Turn ``lexicon_config.yaml`` into group and class specs."""
    groups = []
    for group_name, group in data["groups"].items():
        default_depth = group.get("depth")
        classes = []
        for class_name, spec in group["classes"].items():
            add = spec.get("add") or {}
            if isinstance(add, list):
                add = {word: None for word in add}
            classes.append(
                ClassSpec(
                    name=class_name,
                    description=" ".join(spec["description"].split()),
                    roots=[parse_root(r, spec.get("depth", default_depth))
                           for r in spec.get("roots") or []],
                    prune=set(spec.get("prune") or []),
                    exclude={str(w).lower() for w in spec.get("exclude") or []},
                    add={str(k).lower(): v for k, v in add.items()},
                    lexnames=set(spec.get("lexnames") or []),
                    yield_to=list(spec.get("yield_to") or []),
                    mondo=spec.get("mondo") or {},
                    min_count=spec.get("min_count"),
                    instances=bool(spec.get("instances", True)),
                    ambiguous={str(w).lower() for w in spec.get("ambiguous") or []},
                    keep={str(w).lower() for w in spec.get("keep") or []},
                    drop_ambiguous_at=spec.get("drop_ambiguous_at"),
                    names_from=list(spec.get("names_from") or []),
                )
            )
        overlaps = group.get("overlaps") or {}
        groups.append(
            GroupSpec(
                name=group_name,
                pos=group["pos"],
                description=" ".join(group["description"].split()),
                classes=classes,
                allow_overlap=[sorted(pair) for pair in overlaps.get("allow_pairs") or []],
                shared_words={str(k).lower(): sorted(v)
                              for k, v in (overlaps.get("words") or {}).items()},
            )
        )
    return groups


# --------------------------------------------------------------------------------------
# MONDO


def load_mondo(path: Path) -> dict[str, dict[str, Any]]:
    """The MONDO terms of the cellxgene-ontology-guide JSON (zstd-compressed)."""
    import zstandard

    with path.open("rb") as handle:
        raw = zstandard.ZstdDecompressor().stream_reader(handle).read()
    terms = json.loads(raw)
    return {tid: term for tid, term in terms.items() if not term.get("deprecated")}


def mondo_names(term: dict[str, Any], abbreviations: bool = True) -> list[str]:
    """A MONDO term's label and exact synonyms, lower case (without abbreviations such as
    "ALL" or "AML" unless asked: lower-cased they are common words)."""
    names = [term["label"], *(term.get("synonyms") or [])]
    return [n.lower() for n in names
            if abbreviations or not (n.isupper() or any(c.isupper() for c in n[1:]))]


LAY_NAME = re.compile(r"^[a-z][a-z' -]*[a-z]$")
LAY_NAME_DIGITS = re.compile(r"^[a-z][a-z0-9' -]*[a-z0-9]$")


def lay_name(name: str, max_words: int, bad: Iterable[str], digits: bool = False) -> bool:
    """A disease name short and plain enough for a consumer article."""
    pattern = LAY_NAME_DIGITS if digits else LAY_NAME
    if not pattern.match(name) or len(name.split()) > max_words:
        return False
    return not any(re.search(rf"\b{re.escape(b)}\b", name) for b in bad)


# --------------------------------------------------------------------------------------
# Building classes


@dataclass
class Entry:
    """One word of a class."""

    word: str
    source: str
    synsets: list[str] = field(default_factory=list)  # the class senses it has
    level: str | None = None
    base: str | None = None  # the word a spelling variant was made from
    kind_of: bool = False  # an added word whose synset is its parent, not its own sense


@dataclass
class BuiltClass:
    """A class after collection."""

    spec: ClassSpec
    entries: dict[str, Entry]
    synsets: set[str]
    ambiguous: list[str]
    dropped: list[str]


def other_sense_count(wn: Any, word: str, synsets: set[str], pos: str) -> tuple[bool, int]:
    """Whether the word's commonest sense is outside ``synsets``, and how often (in the
    SemCor counts WordNet ships) it is used in senses outside them."""
    senses = wn.synsets(word_key(word), pos=pos)
    if not senses or senses[0].name() in synsets:
        return False, 0
    count = 0
    for synset in senses:
        if synset.name() in synsets:
            continue
        for lemma in synset.lemmas():
            if lemma.name().lower() == word_key(word).lower():
                count += lemma.count()
    return True, count


def walk(
    wn: Any, root: Root, prune: set[str], instances: bool,
) -> Iterator[tuple[Any, Root]]:
    """The synsets of a root: itself and its hyponyms (and instances) down to its depth."""
    start = wn.synset(root.synset)
    seen = {start.name()}
    frontier = [(start, 0)]
    while frontier:
        synset, depth = frontier.pop(0)
        yield synset, root
        if root.similar and depth == 0:
            for similar in sorted(synset.similar_tos(), key=lambda s: s.name()):
                if similar.name() not in seen and similar.name() not in prune:
                    seen.add(similar.name())
                    yield similar, root
        if root.depth is not None and depth >= root.depth:
            continue
        below = synset.hyponyms() + (synset.instance_hyponyms() if instances else [])
        for child in sorted(below, key=lambda s: s.name()):
            if child.name() in seen or child.name() in prune:
                continue
            seen.add(child.name())
            frontier.append((child, depth + 1))


def sense_rank(wn: Any, word: str, synset: str, pos: str) -> int:
    """Where ``synset`` comes among the senses of ``word`` (0 = its commonest)."""
    names = [s.name() for s in wn.synsets(word_key(word), pos=pos)]
    return names.index(synset) if synset in names else len(names)


def check_synset(wn: Any, name: str, where: str) -> None:
    """Fail loudly on a synset name the config got wrong."""
    try:
        wn.synset(name)
    except Exception as error:
        raise SystemExit(f"{where}: unknown synset {name!r} ({error})") from error


def build_class(
    wn: Any, spec: ClassSpec, pos: str, mondo: dict[str, dict[str, Any]] | None,
    config: dict[str, Any], variants: list[tuple[re.Pattern[str], str]],
) -> BuiltClass:
    """Collect the words of one class."""
    for root in spec.roots:
        check_synset(wn, root.synset, f"class {spec.name} root")
    for name in spec.prune:
        check_synset(wn, name, f"class {spec.name} prune")
    synset_pos = {"n": {"n"}, "v": {"v"}, "a": {"a", "s"}}[pos]
    found: dict[str, list[tuple[str, Root]]] = defaultdict(list)
    synsets: set[str] = set()
    for root in spec.roots:
        for synset, via in walk(wn, root, spec.prune, spec.instances and pos == "n"):
            if synset.pos() not in synset_pos:
                continue
            if spec.lexnames and synset.lexname() not in spec.lexnames:
                continue
            synsets.add(synset.name())
            for lemma in synset.lemmas():
                if spec.min_count is not None and lemma.count() < spec.min_count:
                    continue
                found[lemma_word(lemma.name())].append((synset.name(), via))
    entries: dict[str, Entry] = {}
    ambiguous: set[str] = set(spec.ambiguous)
    dropped: list[str] = []
    drop_at = int(spec.drop_ambiguous_at or config.get("drop_ambiguous_at") or 1_000_000)
    for word in sorted(found):
        if word in spec.exclude or len(word) < 3:
            continue
        outside, count = other_sense_count(wn, word, synsets, pos)
        if outside:
            if count >= drop_at and word not in spec.keep:
                dropped.append(word)
                continue
            ambiguous.add(word)
        senses = sorted({s for s, _ in found[word]},
                        key=lambda s: (sense_rank(wn, word, s, pos), s))
        level = next((via.level for s, via in found[word] if s == senses[0]), None)
        entries[word] = Entry(word, f"wordnet:{senses[0]}", senses, level)
    for word, target in sorted(spec.add.items()):
        if word in entries:
            raise SystemExit(f"class {spec.name}: {word!r} is added but WordNet gives it already")
        level = None
        senses: list[str] = []
        kind_of = True
        if isinstance(target, dict):
            level = target.get("level")
            kind_of = "same_as" not in target
            target = target.get("same_as") or target.get("synset")
        if target:
            check_synset(wn, target, f"class {spec.name} add {word}")
            senses = [target]
            synsets.add(target)
        entries[word] = Entry(word, "added", senses, level, kind_of=kind_of and bool(target))
    for word, entry in entries.items():
        if entry.source == "added" and entry.synsets \
                and other_sense_count(wn, word, synsets, pos)[0]:
            ambiguous.add(word)
    for word in names_from_rules(spec.names_from):
        if word not in entries and word not in spec.exclude:
            entries[word] = Entry(word, "added")
    if spec.mondo and mondo is not None:
        add_mondo(wn, spec, entries, mondo, config.get("mondo") or {})
    variant_exclude = {str(w).lower() for w in config.get("variant_exclude") or []}
    for word in sorted(entries):
        for pattern, replacement in variants:
            variant = pattern.sub(replacement, word)
            if variant != word and variant not in entries and variant not in spec.exclude \
                    and variant not in variant_exclude:
                base = entries[word]
                entries[variant] = Entry(variant, "added", list(base.synsets), base.level, word,
                                         base.kind_of)
                if word in ambiguous:
                    ambiguous.add(variant)
    return BuiltClass(spec, dict(sorted(entries.items())), synsets,
                      sorted(w for w in ambiguous if w in entries), dropped)


def other_word(wn: Any, word: str) -> bool:
    """A single word WordNet knows, but not as a state ("epididymis", "arms", "infectious"):
    a MONDO synonym like that is not a condition name in running text."""
    senses = wn.synsets(word)
    return bool(senses) and not any(s.lexname() == "noun.state" for s in senses)


def names_from_rules(paths: list[str]) -> list[str]:
    """The lower-case ``names`` of the entries of medlint knowledge files (such as
    rules/anatomy/conditions.yaml), so that every condition medlint already knows is in the
    class; abbreviations of fewer than four letters are left out."""
    words: list[str] = []
    for relative in paths:
        data = yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))
        items = next((v for v in data.values() if isinstance(v, list)), [])
        for item in items:
            for name in item.get("names") or []:
                name = str(name).lower()
                if len(name) >= 4 and name not in words:
                    words.append(name)
    return words


def add_mondo(
    wn: Any, spec: ClassSpec, entries: dict[str, Entry], mondo: dict[str, dict[str, Any]],
    config: dict[str, Any],
) -> None:
    """Add MONDO names: synonyms of the conditions WordNet has, and configured terms."""
    max_words = int(config.get("max_words", 4))
    bad = str(config.get("exclude_words") or "").split()
    by_name: dict[str, set[str]] = defaultdict(set)
    for tid in sorted(mondo):
        for name in mondo_names(mondo[tid]):
            by_name[name].add(tid)
    picked: list[tuple[str, str | None]] = []  # (MONDO id, the WordNet word it matched)
    if spec.mondo.get("synonyms_of_wordnet"):
        for word in sorted(entries):
            if entries[word].source.startswith("wordnet:") and len(by_name.get(word, ())) == 1:
                picked.append((next(iter(by_name[word])), word))
    for tid in spec.mondo.get("terms") or []:
        if tid not in mondo:
            raise SystemExit(f"class {spec.name}: {tid} is not a current MONDO term")
        picked.append((tid, None))
    skip = {t for t in spec.mondo.get("skip_terms") or []}
    for tid, matched in picked:
        if tid in skip:
            continue
        synsets = entries[matched].synsets if matched else []
        # a configured term was chosen by a reviewer: its names may hold digits ("type 2
        # diabetes") and the words the automatic path avoids
        chosen = matched is None
        for name in mondo_names(mondo[tid], abbreviations=False):
            if name in entries or name in spec.exclude:
                continue
            if not lay_name(name, max_words + chosen, [] if chosen else bad, digits=chosen):
                continue
            if " " not in name and not chosen and other_word(wn, name):
                continue
            entries[name] = Entry(name, f"mondo:{tid}", list(synsets))


def resolve_overlaps(group: GroupSpec, built: dict[str, BuiltClass]) -> dict[str, list[str]]:
    """Apply ``yield_to`` and check that every remaining overlap is allowed."""
    for cls in built.values():
        for other in cls.spec.yield_to:
            if other not in built:
                raise SystemExit(f"class {cls.spec.name} yields to unknown class {other}")
            for word in list(cls.entries):
                if word in built[other].entries and word not in group.shared_words:
                    del cls.entries[word]
    owners: dict[str, list[str]] = defaultdict(list)
    for name, cls in built.items():
        for word in cls.entries:
            owners[word].append(name)
    overlaps: dict[str, list[str]] = {}
    problems = []
    for word in sorted(owners):
        classes = sorted(owners[word])
        if len(classes) < 2:
            continue
        pairs_ok = all(
            [a, b] in group.allow_overlap
            for i, a in enumerate(classes) for b in classes[i + 1:]
        )
        if pairs_ok or group.shared_words.get(word) == classes:
            overlaps[word] = classes
        else:
            problems.append(f"  {word}: {', '.join(classes)}")
    if problems:
        raise SystemExit(
            f"{group.name}: words in two classes that the config does not allow (exclude "
            "them from one class, add yield_to, or list them under overlaps.words):\n"
            + "\n".join(problems)
        )
    return overlaps


# --------------------------------------------------------------------------------------
# Hypernyms and synonyms


def broader_words(wn: Any, synsets: list[str], stop: set[str]) -> list[str]:
    """Lemmas of the hypernyms of ``synsets``, nearest first, up to the stop synsets."""
    distance: dict[str, int] = {}
    frontier = [(wn.synset(s), 0) for s in synsets]
    while frontier:
        synset, depth = frontier.pop(0)
        for parent in synset.hypernyms() + synset.instance_hypernyms():
            name = parent.name()
            if name in stop or name in distance:
                continue
            distance[name] = depth + 1
            frontier.append((parent, depth + 1))
    words: list[str] = []
    for name in sorted(distance, key=lambda n: (distance[n], n)):
        for lemma in wn.synset(name).lemmas():
            word = lemma_word(lemma.name())
            if word not in words:
                words.append(word)
    return words


def hypernym_tables(
    wn: Any, built: dict[str, BuiltClass], stop: set[str],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``hypernyms`` and ``synonyms`` for every noun class word."""
    hypernyms: dict[str, list[str]] = {}
    synonyms: dict[str, set[str]] = defaultdict(set)
    senses: dict[str, list[str]] = defaultdict(list)  # the word's own senses
    parents: dict[str, list[str]] = defaultdict(list)  # added "kind of" words: the parent
    for cls in built.values():
        members_by_synset: dict[str, set[str]] = defaultdict(set)
        for word, entry in cls.entries.items():
            target = parents if entry.kind_of else senses
            for s in entry.synsets:
                if s not in target[word]:
                    target[word].append(s)
                if not entry.kind_of:
                    members_by_synset[s].add(word)
        for word, entry in cls.entries.items():
            if not entry.kind_of:
                for s in entry.synsets:
                    synonyms[word] |= members_by_synset[s] - {word}
            if entry.base:
                synonyms[word].add(entry.base)
                synonyms[entry.base].add(word)
    for word in sorted(set(senses) | set(parents)):
        broader: list[str] = []
        for name in parents.get(word, []):
            for lemma in wn.synset(name).lemmas():
                if lemma_word(lemma.name()) not in broader:
                    broader.append(lemma_word(lemma.name()))
        starts = senses.get(word, []) + parents.get(word, [])
        for w in broader_words(wn, starts, stop) if starts else []:
            if w not in broader:
                broader.append(w)
        broader = [w for w in broader if w != word and w not in synonyms[word]]
        if broader:
            hypernyms[word] = broader
    return hypernyms, {w: sorted(s) for w, s in sorted(synonyms.items()) if s}


# --------------------------------------------------------------------------------------
# Writing YAML


class _Flow(list):  # type: ignore[type-arg]
    """A list written in flow style: ``[a, b, c]``."""


class _FlowMap(dict):  # type: ignore[type-arg]
    """A mapping written in flow style: ``{source: ..., level: ...}``."""


class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def dump(header: str, data: dict[str, Any]) -> str:
    """YAML text: a comment header, then ``data`` in insertion order."""
    stream = io.StringIO()
    for line in header.strip("\n").splitlines():
        stream.write(f"# {line}".rstrip() + "\n")
    yaml.dump(data, stream, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
              width=1_000_000, default_flow_style=False)
    return stream.getvalue()


WORDS_HEADER = """\
medlint lexicon: {title}. GENERATED by tools/build_lexicon.py from WordNet 3.0{mondo}
and tools/lexicon_config.yaml; do not edit by hand: change the config and rebuild.
Shape: {{source, classes: {{<class>: {{description, roots, words, ambiguous}}}}, overlaps}}
  roots:     the WordNet synsets the class is built from (and their hyponyms{depth})
  words:     {{<word>: {shape}}}, lower case, multi-word entries space-separated
             source: wordnet:<synset> (the commonest class sense of the word),
             mondo:<MONDO id> (a lay name of that disease), or added (listed in the config,
             or the British/American spelling of a word above)
{level}  ambiguous: words whose commonest WordNet sense lies outside the class ("cast" the
             actors before "cast" the plaster bandage): a reader needs context to take them
  overlaps:  words deliberately in more than one class, with their classes
"""

LEVELS = """\
  level:     for common/rare the prevalence level (very_rare, rare, uncommon, common,
             very_common); for good/bad the judgement (safe, helps; unsafe, harms,
             no_effect)
"""


def class_data(cls: BuiltClass, pos: str) -> dict[str, Any]:
    """One class as written."""
    words: dict[str, Any] = {}
    for word, entry in cls.entries.items():
        if pos == "a":
            words[word] = _FlowMap(source=entry.source, level=entry.level)
        else:
            words[word] = entry.source
    return {
        "description": cls.spec.description,
        "roots": _Flow(r.synset for r in cls.spec.roots),
        "words": words,
        "ambiguous": _Flow(w for w in cls.ambiguous if w in cls.entries),
    }


def build(
    config_path: Path, wordnet_dir: Path, mondo_path: Path | None, verbose: bool = False,
) -> dict[str, str]:
    """Every output file name and its text."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    groups = parse_config(config)
    mondo_config = config.get("mondo") or {}
    mondo = None
    if mondo_path is None and mondo_config.get("file"):
        mondo_path = find_package_data(mondo_config["file"])
    if mondo_path is not None:
        mondo = load_mondo(mondo_path)
    variants = [(re.compile(p), r) for p, r in (config.get("spelling_variants") or [])]
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="medlint-wordnet-") as tmp:
        wn = load_wordnet(wordnet_dir, Path(tmp))
        noun_classes: dict[str, BuiltClass] = {}
        for group in groups:
            built = {
                spec.name: build_class(wn, spec, group.pos, mondo, config,
                                       variants if group.pos == "n" else [])
                for spec in group.classes
            }
            for cls in built.values():
                if cls.dropped and verbose:
                    print(f"{cls.spec.name}: dropped as ambiguous (add to keep to retain): "
                          + ", ".join(cls.dropped), file=sys.stderr)
            overlaps = resolve_overlaps(group, built)
            uses_mondo = any(c.mondo for c in group.classes) and mondo_path is not None
            source = WORDNET_SOURCE
            if uses_mondo:
                source += f"; MONDO {mondo_version(mondo_path)} (CC BY 4.0), see ATTRIBUTION.md"
            header = WORDS_HEADER.format(
                title=group.description,
                mondo=" and MONDO" if uses_mondo else "",
                depth=" for nouns" if group.pos == "n" else " as configured",
                shape="{source, level}" if group.pos == "a" else "<source>",
                level=LEVELS if group.pos == "a" else "",
            )
            data = {
                "source": source,
                "classes": {name: class_data(cls, group.pos) for name, cls in built.items()},
                "overlaps": {w: _Flow(c) for w, c in overlaps.items()},
            }
            out[f"{group.name}.yaml"] = dump(header, data)
            if group.pos == "n":
                noun_classes.update(built)
        stop = set(config.get("hypernym_stop") or [])
        for name in stop:
            check_synset(wn, name, "hypernym_stop")
        hypernyms, synonyms = hypernym_tables(wn, noun_classes, stop)
        header = """\
medlint lexicon: broader words and synonyms of every noun class word (nouns.yaml), for
matching topics ("a pint of beer" is alcohol). GENERATED by tools/build_lexicon.py from
WordNet 3.0 hypernym paths; do not edit by hand.
Shape: {source, stop, hypernyms: {<word>: [<broader>, ...]}, synonyms: {<word>: [<word>, ...]}}
  hypernyms: the lemmas of every hypernym of the word's class senses, nearest first, cut
             below the over-general synsets listed in stop
  synonyms:  the other class words sharing one of its synsets (and spelling variants)
"""
        out["hypernyms.yaml"] = dump(header, {
            "source": WORDNET_SOURCE,
            "stop": _Flow(sorted(stop)),
            "hypernyms": {w: _Flow(h) for w, h in hypernyms.items()},
            "synonyms": {w: _Flow(s) for w, s in synonyms.items()},
        })
        out["verb_forms.yaml"] = dump(VERB_FORMS_HEADER, verb_forms(wn))
    return out


VERB_FORMS_HEADER = """\
medlint lexicon: every one-word English verb WordNet 3.0 knows, with the share of its uses
that are verbs (from the WordNet sense counts), for telling an imperative at the start of a
sentence that the small parser tagged as a noun or a name ("Combine diclofenac with ...",
"Stick to plain food") from a real noun. GENERATED by tools/build_lexicon.py; do not edit.
Shape: {source, verbs: {<lemma>: <share of uses that are verbs, 0..1>}}
"""


def verb_forms(wn: Any) -> dict[str, Any]:
    """One-word verb lemmas and how often each is used as a verb (sense counts, add-one)."""
    verbs: dict[str, float] = {}
    for synset in wn.all_synsets("v"):
        for lemma in synset.lemmas():
            name = lemma.name().lower()
            if "_" in name or "-" in name or not name.isalpha() or name in verbs:
                continue
            as_verb = sum(lem.count() + 1 for s in wn.synsets(name, "v")
                          for lem in s.lemmas() if lem.name().lower() == name)
            other = sum(lem.count() + 1 for pos in ("n", "a", "s", "r")
                        for s in wn.synsets(name, pos)
                        for lem in s.lemmas() if lem.name().lower() == name)
            verbs[name] = round(as_verb / (as_verb + other), 2)
    return {"source": WORDNET_SOURCE, "verbs": dict(sorted(verbs.items()))}


def find_package_data(name: str) -> Path:
    """A data file of the cellxgene-ontology-guide package."""
    import cellxgene_ontology_guide

    path = Path(cellxgene_ontology_guide.__file__).parent / "data" / name
    if not path.is_file():
        raise SystemExit(f"{path} not found: pip install cellxgene-ontology-guide")
    return path


def mondo_version(path: Path) -> str:
    """``v2026-05-05`` from ``MONDO-ontology-v2026-05-05.json.zst``."""
    match = re.search(r"-ontology-(.+?)\.json", path.name)
    return match.group(1) if match else path.name


# --------------------------------------------------------------------------------------
# Review


def review(config_path: Path, wordnet_dir: Path, out_dir: Path, name: str) -> None:
    """Print a class word by word with the gloss of its sense, for reading by eye."""
    for path in sorted(out_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        classes = data.get("classes") if isinstance(data, dict) else None
        if not classes or name not in classes:
            continue
        cls = classes[name]
        ambiguous = set(cls.get("ambiguous") or [])
        with tempfile.TemporaryDirectory(prefix="medlint-wordnet-") as tmp:
            wn = load_wordnet(wordnet_dir, Path(tmp))
            for word, value in cls["words"].items():
                source = value["source"] if isinstance(value, dict) else value
                gloss = ""
                if source.startswith("wordnet:"):
                    gloss = wn.synset(source.split(":", 1)[1]).definition()
                mark = "?" if word in ambiguous else " "
                print(f"{mark} {word:32} {source:42} {gloss[:90]}")
        print(f"{name}: {len(cls['words'])} words, {len(ambiguous)} ambiguous", file=sys.stderr)
        return
    raise SystemExit(f"no class {name!r} in {out_dir}")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG,
                        help="the reviewed class definitions (default: %(default)s)")
    parser.add_argument("--wordnet", type=Path, default=DEFAULT_WORDNET,
                        help="Debian's WordNet 3.0 directory (default: %(default)s)")
    parser.add_argument("--mondo", type=Path, default=None,
                        help="MONDO JSON (.json.zst); default: the file named in the config, "
                             "from the cellxgene-ontology-guide package")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="output directory (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file would change")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list the words dropped as ambiguous")
    parser.add_argument("--review", metavar="CLASS",
                        help="print CLASS from the written files with WordNet glosses")
    args = parser.parse_args(argv)
    if args.review:
        review(args.config, args.wordnet, args.out, args.review)
        return 0
    files = build(args.config, args.wordnet, args.mondo, args.verbose)
    changed = []
    for name, text in files.items():
        path = args.out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(name)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for name in changed:
        print(f"{'would change' if args.check else 'wrote'} {args.out / name}")
    if not changed:
        print("lexicon up to date")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
