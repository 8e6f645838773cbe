"""The named word lists of the lexicon are all read, and the checks keep no word lists.

- every list in ``rules/lexicon/core.yaml`` ``lists:`` is declared by some module
  (:func:`pipeline.knowledge.lexicon.declare`), and every declared list exists there (or is
  generated, like ``drug_shaped``);
- the negator lists the parse-based negation tests read hold ConText negation triggers only
  (``rules/context/context.yaml``): one source of negation words;
- no module under ``pipeline/checks/`` spells out a set, tuple or list of five or more
  lower-case English words, a ``"word word ..."`` string it splits into one, or a regular
  expression alternation of five or more words: that knowledge lives in ``rules/``.
"""

from __future__ import annotations

import ast
import importlib
import re
from functools import cache
from pathlib import Path

import spacy.glossary
import yaml

import pipeline
from pipeline.knowledge.lexicon import DECLARED_LISTS, DRUG_SHAPED, load_lexicon
from pipeline.knowledge.paths import rules_dir

ROOT = Path(pipeline.__file__).resolve().parent
CHECKS = ROOT / "checks"
#: lists written by tools/ rather than by hand in core.yaml
GENERATED = {DRUG_SHAPED}
#: lists of words that deny what follows them, read word by word in the parse
NEGATION_LISTS = ("negators", "advice_negators", "negation_adverbs", "need_negators",
                  "negative_quantifiers", "denying_determiners")
WORD = re.compile(r"^[a-z][a-z'\-]*(?: [a-z][a-z'\-]*)*$")
ALTERNATION = re.compile(r"[a-z][a-z' ]*(?:\|[a-z][a-z' ]*){4,}")
MIN_WORDS = 3

#: Word literals in checks/ that stay, each with the reason (module, first three words).
ALLOWED: dict[tuple[str, tuple[str, ...]], str] = {
    ("credibility.py", ("author", "date", "url")):
        "names of the page metadata fields the ingest fills in, not English",
}


def _import_all() -> None:
    """Import every module of the package (``pipeline/nlp`` is a namespace package, which
    ``pkgutil`` does not walk)."""
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))


@cache
def _core_lists() -> frozenset[str]:
    data = yaml.safe_load((rules_dir() / "lexicon" / "core.yaml").read_text(encoding="utf-8"))
    return frozenset(data.get("lists") or {})


def test_every_list_in_core_yaml_is_declared_by_some_module():
    _import_all()
    undeclared = sorted(_core_lists() - set(DECLARED_LISTS))
    assert not undeclared, f"lists no module declares (dead knowledge): {undeclared}"


def test_every_declared_list_exists():
    _import_all()
    missing = sorted(set(DECLARED_LISTS) - _core_lists() - GENERATED)
    assert not missing, f"declared lists core.yaml lacks: {missing}"
    lexicon = load_lexicon(rules_dir())
    for name in DECLARED_LISTS:
        assert lexicon.list(name) or name in GENERATED, name


def test_negator_lists_are_context_negation_triggers():
    data = yaml.safe_load((rules_dir() / "context" / "context.yaml").read_text(
        encoding="utf-8"))
    triggers = {t["phrase"] for t in data["triggers"]["negated"]}
    lexicon = load_lexicon(rules_dir())
    for name in NEGATION_LISTS:
        outside = sorted(lexicon.lists[name] - triggers)
        assert not outside, f"{name}: {outside} are no ConText negation triggers"


# --- no word lists in checks/ -------------------------------------------------------------


@cache
def _codes() -> frozenset[str]:
    """Names the code uses as values, not as English: ``Literal`` values anywhere in the
    package, spaCy's dependency labels, block kinds, context modifiers and the lexicon's
    class and level names."""
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and getattr(node.value, "id", None) == "Literal":
                parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                codes.update(p.value for p in parts
                             if isinstance(p, ast.Constant) and isinstance(p.value, str))
    codes.update(k for k in spacy.glossary.GLOSSARY if k.islower())
    from pipeline.document import BLOCK_KINDS
    from pipeline.findings import SAFETY_KINDS
    from pipeline.nlp.context import MODIFIERS

    codes.update(SAFETY_KINDS)
    codes.update(BLOCK_KINDS)
    codes.update(MODIFIERS)
    lexicon = load_lexicon(rules_dir())
    codes.update(lexicon.classes)
    codes.update(level for scale in lexicon.levels.values() for level in scale.values())
    return frozenset(codes)


def _english(values: list[object]) -> list[str]:
    codes = _codes()
    return [v for v in values if isinstance(v, str) and WORD.match(v) and v not in codes]


def _word_literals(path: Path) -> list[tuple[int, list[str]]]:
    """(line, words) of every word list spelt out in a module."""
    found: list[tuple[int, list[str]]] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # endings and beginnings ("name.endswith(('ss', 'us', 'is'))") are affixes, not words
    affixes = {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
               and isinstance(node.func, ast.Attribute)
               and node.func.attr in ("endswith", "startswith") for arg in node.args}
    for node in ast.walk(tree):
        if id(node) in affixes:
            continue
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            words = _english([e.value for e in node.elts if isinstance(e, ast.Constant)])
            if len(words) >= MIN_WORDS:
                found.append((node.lineno, words))
        elif isinstance(node, ast.Call):
            # "a an the of in ...".split(), words("a an the of in ...")
            texts = [node.func.value] if isinstance(node.func, ast.Attribute) and \
                node.func.attr == "split" else node.args if isinstance(node.func, ast.Name) \
                else []
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str):
                    split = text.value.split()
                    if len(split) >= MIN_WORDS and len(_english(split)) == len(split):
                        found.append((text.lineno, split))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for match in ALTERNATION.finditer(node.value):
                words = _english(match.group(0).split("|"))
                if len(words) >= MIN_WORDS:
                    found.append((node.lineno, words))
    return found


def test_word_list_scan_finds_the_shapes(tmp_path):
    from textwrap import dedent

    sample = tmp_path / "sample.py"
    sample.write_text(dedent('''
        A = frozenset({"apple", "pear", "plum", "fig", "lime"})
        B = ("nsubj", "dobj", "pobj", "amod", "advmod")
        C = "one two three four five".split()
        D = r"(?:apple|pear|plum|fig|lime)"
        E = ["rare", "common", "most", "all", "negated"]
        F = name.endswith(("ss", "us", "is", "sis", "ceps"))
    '''), encoding="utf-8")
    lines = sorted(line for line, _words in _word_literals(sample))
    assert lines == [2, 4, 5], lines  # A, C and D: B is dependency labels, E codes, F endings


def test_no_word_lists_in_check_modules():
    problems = []
    used: set[tuple[str, tuple[str, ...]]] = set()
    for path in sorted(CHECKS.rglob("*.py")):
        for line, words in _word_literals(path):
            key = (str(path.relative_to(CHECKS)), tuple(words[:3]))
            if key in ALLOWED:
                used.add(key)
                continue
            problems.append(f"{path.relative_to(CHECKS)}:{line}: {words[:8]}")
    assert not problems, "word lists in checks/ (move them to rules/):\n" + "\n".join(problems)
    assert set(ALLOWED) <= used, f"stale allow-list entries: {sorted(set(ALLOWED) - used)}"


def test_codes_come_from_the_package():
    # Literal values, dependency labels, block kinds and lexicon classes are codes, not words
    assert {"negated", "nsubj", "paragraph", "medicine", "bilateral"} <= _codes()
