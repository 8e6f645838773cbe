"""Phases read as time intervals after the event they count from."""

from __future__ import annotations

import math

import pytest

from pipeline.knowledge.lexicon import default_lexicon
from pipeline.nlp.phases import PhaseInterval, phase_interval

HOUR, DAY, WEEK = 3600.0, 86400.0, 604800.0


@pytest.mark.parametrize(("text", "anchor", "low", "high"), [
    ("For the first 24 hours", None, 0.0, 24 * HOUR),
    ("in the first week", None, 0.0, WEEK),
    ("for the first two days", None, 0.0, 2 * DAY),
    ("within an hour of your operation", None, 0.0, HOUR),
    ("as soon as you get home from the surgery", None, 0.0, 2 * HOUR),
    ("straight away", None, 0.0, 2 * HOUR),
    ("straight after a big meal", "meal", 0.0, 2 * HOUR),
    ("for three hours after a meal", "meal", 0.0, 3 * HOUR),
    ("for 20 minutes after eating", "meal", 0.0, 20 * 60.0),
    ("about an hour after your extraction", None, HOUR, HOUR),
    ("after 48 hours", None, 48 * HOUR, math.inf),
    ("after the first two weeks", None, 2 * WEEK, math.inf),
    ("from day two", None, DAY, math.inf),
])
def test_a_phase_reads_as_an_interval(text, anchor, low, high):
    assert phase_interval(text, default_lexicon()) == PhaseInterval(anchor, low, high)


@pytest.mark.parametrize("text", ["during pregnancy", "until the swelling goes down",
                                  "for six weeks", "on bad days"])
def test_a_phase_without_a_time_reads_as_none(text):
    assert phase_interval(text, default_lexicon()) is None


def test_spans_that_only_touch_do_not_overlap_but_a_moment_on_an_end_does():
    first_two_days = PhaseInterval(None, 0.0, 2 * DAY)
    assert not first_two_days.overlaps(PhaseInterval(None, 2 * DAY, math.inf))
    assert first_two_days.overlaps(PhaseInterval(None, 0.0, 2 * HOUR))
    assert first_two_days.overlaps(PhaseInterval(None, 2 * DAY, 2 * DAY))
    assert not first_two_days.overlaps(PhaseInterval(None, 3 * DAY, 3 * DAY))
