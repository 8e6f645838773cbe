"""The bundled corpus as a regression suite: every gold quote is found in its article, careful
articles (gold ``findings: []``) get no scored finding, and the development corpus keeps the
precision and recall the issues ask for.

The held-out set is only checked for well-formed gold here (no audit, no scores), so that the
test suite never shows how the detectors do on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import Evaluation, GoldFile, evaluate, locate
from pipeline.ingest import iter_documents
from pipeline.ingest.errors import InputProblem
from pipeline.knowledge.loader import load_model

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def development(auditor) -> Evaluation:
    return evaluate(CORPUS, auditor)


def test_development_gold_is_well_formed(development: Evaluation) -> None:
    assert development.errors == []
    assert development.articles == len(list((CORPUS / "gold").glob("*.yaml")))


def test_careful_articles_get_no_scored_finding(development: Evaluation) -> None:
    careful = {
        path.stem for path in (CORPUS / "gold").glob("*.yaml")
        if not load_model(path, GoldFile).findings
    }
    assert len(careful) >= 30
    alarms = [f"{fp['article']}:{fp['line']} {fp['rule']} {fp['kind'] or fp['quote']!r}"
              for fp in development.false_positives if fp["article"] in careful]
    assert alarms == [], "\n".join(alarms)


def test_heldout_gold_quotes_are_found_without_auditing(knowledge) -> None:
    heldout = CORPUS / "heldout"
    articles = sorted(p for p in (heldout / "articles").iterdir() if p.is_file())
    if not articles:
        pytest.skip("no held-out articles")
    missing: list[str] = []
    for item in iter_documents([str(p) for p in articles], knowledge.directory):
        assert not isinstance(item, InputProblem), item
        gold = load_model(heldout / "gold" / f"{Path(item.source).stem}.yaml", GoldFile)
        missing += [f"{item.source}: {quote!r}" for entry in gold.findings
                    for quote in entry.all_quotes if not locate(item.text, quote)]
    assert missing == []


# The done-when figures of the anatomy and instructions issues, on the development corpus.
TARGETS = {
    "anatomy": (0.90, 0.80),
    "contradiction": (0.85, 0.75),
    "unsafe-advice": (0.85, 0.80),
    "safety": (0.90, 0.90),
}


@pytest.mark.parametrize("category", sorted(TARGETS))
def test_development_scores_meet_the_targets(development: Evaluation, category: str) -> None:
    precision, recall = TARGETS[category]
    tally = development.by_category[category]
    misses = [f"{fn['article']}: {fn['quote'] or fn['kind']}"
              for fn in development.false_negatives if category in fn["category"].split("/")]
    assert tally.precision >= precision, development.false_positives
    assert tally.recall >= recall, "\n".join(misses)


# The retired blind sets (corpus/retired/README.md): floors at the scores measured when they
# were retired; raise a floor when work on the set lifts it.
RETIRED = CORPUS / "retired"
RETIRED_FLOORS = {
    "anatomy": (0.96, 0.37),
    "contradiction": (0.65, 0.08),
    "unsafe-advice": (0.89, 0.29),
    "safety": (0.86, 0.67),
}


@pytest.fixture(scope="module")
def retired(auditor) -> Evaluation:
    return evaluate(RETIRED, auditor)


def test_retired_gold_is_well_formed(retired: Evaluation) -> None:
    assert retired.errors == []
    assert retired.articles == len(list((RETIRED / "gold").glob("*.yaml"))) == 604


@pytest.mark.parametrize("category", sorted(RETIRED_FLOORS))
def test_retired_sets_hold_their_floors(retired: Evaluation, category: str) -> None:
    precision, recall = RETIRED_FLOORS[category]
    tally = retired.by_category[category]
    assert tally.precision >= precision, retired.false_positives
    assert tally.recall >= recall
