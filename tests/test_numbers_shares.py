"""The one number parser reads shares of people in every usual wording."""

from __future__ import annotations

import pytest

from pipeline.nlp.numbers import share_in


@pytest.mark.parametrize(("text", "share"), [
    ("1 in 10 adults", 0.1),
    ("one in five people", 0.2),
    ("six in every ten newborns", 0.6),
    ("3 out of 4 women", 0.75),
    ("20% of children", 0.2),
    ("twenty per cent of smokers", 0.2),
    ("a third of adults", 1 / 3),
    ("up to a quarter of adults", 0.25),
    ("one half of all babies", 0.5),
    ("two-thirds of patients", 2 / 3),
])
def test_a_share_in_any_wording(nlp, text, share):
    assert share_in(list(nlp.make_doc(text))) == pytest.approx(share)


@pytest.mark.parametrize("text", [
    "in every ten minutes",
    "ten people every day",
    "take 2 tablets in every dose",
    "people over 80",
])
def test_no_share_where_none_is_stated(nlp, text):
    assert share_in(list(nlp.make_doc(text))) is None
