"""Validate the blind test banks: schema, exact quotes, counts (run by hand)."""
from __future__ import annotations

import collections
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).parent
ANAT_KINDS = {"location", "laterality", "count", "identity", "part-of", "joint-type", "movement",
              "function", "nerve-course", "organ-position", "referred-pain", "condition", "size",
              "relation"}


def check(name: str, fire_keys: set[str], quiet_keys: set[str]) -> None:
    """Check one bank file and print counts per section and kind."""
    data = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    problems: list[str] = []
    seen: set[str] = set()
    for section, keys in (("fire", fire_keys), ("quiet", quiet_keys)):
        items = data.get(section) or []
        kinds: collections.Counter[str] = collections.Counter()
        for i, item in enumerate(items):
            if set(item) != keys:
                problems.append(f"{name} {section}[{i}] keys {sorted(item)}")
                continue
            text = item["text"]
            if text in seen:
                problems.append(f"{name} {section}[{i}] duplicate text")
            seen.add(text)
            quotes = item.get("quotes") or ([item["quote"]] if "quote" in item else [])
            for q in quotes:
                if q not in text:
                    problems.append(f"{name} {section}[{i}] quote not in text: {q!r}")
            if name == "anatomy.yaml" and section == "fire" and item["kind"] not in ANAT_KINDS:
                problems.append(f"{name} fire[{i}] bad kind {item['kind']}")
            quiet_kinds = ANAT_KINDS | {"negation", "myth", "hedge"}
            if name == "anatomy.yaml" and section == "quiet" and item["kind"] not in quiet_kinds:
                problems.append(f"{name} quiet[{i}] bad kind {item['kind']}")
            if "quotes" in item and len(item["quotes"]) != 2:
                problems.append(f"{name} {section}[{i}] needs two quotes")
            kinds[item["kind"]] += 1
        print(f"{name} {section}: {len(items)}  {dict(sorted(kinds.items()))}")
    for p in problems:
        print("PROBLEM", p)
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    files = sys.argv[1:] or ["anatomy.yaml", "unsafe.yaml", "conflicts.yaml"]
    for f in files:
        if not (HERE / f).exists():
            continue
        if f == "anatomy.yaml":
            check(f, {"text", "quote", "kind", "truth"}, {"text", "kind"})
        elif f == "unsafe.yaml":
            check(f, {"text", "quote", "kind"}, {"text", "kind"})
        else:
            check(f, {"text", "quotes", "kind"}, {"text", "kind"})
