"""medlint on the blind sentence banks (see tests/blind_bank.py): short passages written by an
author who had not read the rules. The floors below are the measured scores with a small
margin; they stop a change from quietly losing generality. Raise them when the scores rise.
"""

from __future__ import annotations

import pytest

from tests.blind_bank import BANKS, BankScore, load, score

# bank: (lowest recall, highest share of quiet passages with a scored finding)
FLOORS = {
    "anatomy": (0.64, 0.02),
    "unsafe": (0.72, 0.02),
    "conflicts": (0.86, 0.02),
}


@pytest.mark.parametrize("bank", sorted(FLOORS))
def test_bank_is_well_formed(bank: str) -> None:
    passages = load(bank)
    assert len(passages["fire"]) >= 50 and len(passages["quiet"]) >= 50
    for item in passages["fire"]:
        for quote in item.get("quotes") or [item["quote"]]:
            assert quote in item["text"], (bank, quote)


@pytest.fixture(scope="module")
def scores(auditor) -> dict[str, BankScore]:
    return {bank: score(auditor, bank) for bank in FLOORS if (BANKS / f"{bank}.yaml").is_file()}


@pytest.mark.parametrize("bank", sorted(FLOORS))
def test_recall_does_not_fall(scores: dict[str, BankScore], bank: str) -> None:
    floor, _ = FLOORS[bank]
    result = scores[bank]
    assert result.recall >= floor, "\n".join(result.misses)


@pytest.mark.parametrize("bank", sorted(FLOORS))
def test_look_alike_passages_stay_quiet(scores: dict[str, BankScore], bank: str) -> None:
    _, ceiling = FLOORS[bank]
    result = scores[bank]
    assert result.alarm_rate <= ceiling, "\n".join(result.false_alarms)
