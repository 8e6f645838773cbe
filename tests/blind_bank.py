"""Score medlint on the blind sentence banks (tests/data/blind_bank/*.yaml).

The banks were written by an author who had not read the rules or the detectors: short
passages that each hold one error (``fire``) and look-alike passages that hold none
(``quiet``). A fire passage counts as found when a finding of the bank's category overlaps its
quote (either quote for a conflict); a quiet passage counts as a false alarm when it gets any
anatomy, contradiction or unsafe-advice finding.

Run ``python tests/blind_bank.py [anatomy|unsafe|conflicts] [--misses] [--alarms]`` for a
table per kind; tests/test_blind_bank.py keeps the scores from falling.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BANKS = Path(__file__).resolve().parent / "data" / "blind_bank"
CATEGORIES = {
    "anatomy": {"anatomy"},
    "unsafe": {"unsafe-advice"},
    "conflicts": {"contradiction", "anatomy"},
}
SCORED = {"anatomy", "contradiction", "unsafe-advice"}


@dataclass
class BankScore:
    """Found and missed fire passages, quiet and alarming quiet passages, by kind."""

    found: Counter[str] = field(default_factory=Counter)
    fire: Counter[str] = field(default_factory=Counter)
    alarms: Counter[str] = field(default_factory=Counter)
    quiet: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.fire.values()))

    @property
    def alarm_rate(self) -> float:
        return sum(self.alarms.values()) / max(1, sum(self.quiet.values()))


def load(bank: str) -> dict[str, list[dict[str, Any]]]:
    """The passages of one bank."""
    data = yaml.safe_load((BANKS / f"{bank}.yaml").read_text(encoding="utf-8"))
    return {"fire": data.get("fire") or [], "quiet": data.get("quiet") or []}


def _quote_spans(text: str, item: dict[str, Any]) -> list[tuple[int, int]]:
    quotes = item.get("quotes") or [item["quote"]]
    spans = []
    for quote in quotes:
        start = text.find(quote)
        if start < 0:
            raise ValueError(f"quote not in its text: {quote!r}")
        spans.append((start, start + len(quote)))
    return spans


def score(auditor: Any, bank: str) -> BankScore:
    """Audit every passage of ``bank`` and tally the result."""
    result = BankScore()
    wanted = CATEGORIES[bank]
    passages = load(bank)
    for item in passages["fire"]:
        text = item["text"].strip()
        kind = str(item.get("kind", "?"))
        spans = _quote_spans(text, item)
        findings = auditor.audit_text(text).findings
        hit = any(f.category in wanted and any(f.start < e and s < f.end for s, e in spans)
                  for f in findings)
        result.fire[kind] += 1
        if hit:
            result.found[kind] += 1
        else:
            result.misses.append(f"[{kind}] {text}")
    for item in passages["quiet"]:
        text = item["text"].strip()
        kind = str(item.get("kind", "?"))
        alarms = [f for f in auditor.audit_text(text).findings if f.category in SCORED]
        result.quiet[kind] += 1
        if alarms:
            result.alarms[kind] += 1
            result.false_alarms.append(
                f"[{kind}] {text}\n    -> " + "; ".join(f"{f.rule}: {f.quote!r}" for f in alarms))
    return result


def main(argv: list[str]) -> int:
    from pipeline.audit import Auditor

    banks = [a for a in argv if not a.startswith("--")] or sorted(CATEGORIES)
    auditor = Auditor()
    for bank in banks:
        if not (BANKS / f"{bank}.yaml").is_file():
            continue
        result = score(auditor, bank)
        print(f"{bank}: recall {result.recall:.3f} ({sum(result.found.values())}/"
              f"{sum(result.fire.values())}), false alarms {result.alarm_rate:.3f} "
              f"({sum(result.alarms.values())}/{sum(result.quiet.values())})")
        for kind in sorted(result.fire):
            print(f"  fire  {kind:16} {result.found[kind]:3}/{result.fire[kind]:<3}")
        for kind in sorted(result.quiet):
            print(f"  quiet {kind:16} {result.alarms[kind]:3}/{result.quiet[kind]:<3} alarms")
        if "--misses" in argv:
            print("\n".join(result.misses))
        if "--alarms" in argv:
            print("\n".join(result.false_alarms))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
