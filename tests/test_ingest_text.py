"""Plain-text ingestion: title, duplicate title line, headings, lists, boilerplate, offsets."""

from __future__ import annotations

import pytest

from pipeline.document import Document
from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir
from tests.conftest import REPO

SEED = (REPO / "corpus" / "articles" / "seed-upper-back-pain.txt")


def load(text: str, name: str = "a.txt", fmt: str = "text") -> Document:
    items = list(load_source(name, text.encode("utf-8"), fmt, rules_dir()))
    assert len(items) == 1
    assert isinstance(items[0], Document), items[0]
    return items[0]


def kinds(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_title_heading_paragraph_and_list() -> None:
    doc = load(
        "Knee Pain After Running\n\n"
        "Knee pain is common in runners. It usually settles with rest.\n\n"
        "What to do\n"
        "Rest for two days and ice the knee.\n\n"
        "- Straighten the leg slowly.\n"
        "- Hold for five seconds.\n"
    )
    assert doc.title == "Knee Pain After Running"
    assert kinds(doc) == [
        ("title", "Knee Pain After Running"),
        ("paragraph", "Knee pain is common in runners. It usually settles with rest."),
        ("heading", "What to do"),
        ("paragraph", "Rest for two days and ice the knee."),
        ("list_item", "- Straighten the leg slowly."),
        ("list_item", "- Hold for five seconds."),
    ]


def test_repeated_title_line_is_dropped() -> None:
    doc = load("Neck Stretches\n\nNeck Stretches\n\nTurn your head slowly to one side.\n")
    assert [k for k, _ in kinds(doc)] == ["title", "paragraph"]
    assert doc.text.count("Neck Stretches") == 1


def test_leave_a_reply_and_comment_form_are_dropped() -> None:
    doc = load(
        "Back Care\n\nKeep your back straight when you lift.\n\nLeave a Reply\n\n"
        "Your email address will not be published. Required fields are marked *\n\n"
        "Comment *\n\nName *\n"
    )
    assert "Leave a Reply" not in doc.text
    assert "email address" not in doc.text
    assert doc.text.endswith("Keep your back straight when you lift.")


def test_first_line_ending_in_full_stop_is_not_a_title() -> None:
    doc = load("Rest the knee.\n\nThen ice it for twenty minutes.\n")
    assert doc.title is None
    assert all(b.kind == "paragraph" for b in doc.blocks)


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_article() -> None:
    source = SEED.read_text(encoding="utf-8")
    doc = load(source, name=str(SEED))
    assert doc.title == "Upper Back Pain Between Shoulder Blades Relief"
    assert doc.text.count("Upper Back Pain Between Shoulder Blades Relief") == 1
    assert "Leave a Reply" not in doc.text
    assert "email address will not be published" not in doc.text
    assert doc.text.rstrip().endswith("and not just the symptoms.")
    assert sum(1 for b in doc.blocks if b.kind == "paragraph") >= 6
    # Every character maps to the same character in the source.
    for index, char in enumerate(doc.text):
        if not char.isspace():
            assert source[doc.source_map.source_offset(index)] == char
    # The first paragraph starts on line 5 (title, blank, repeated title, blank).
    first = next(b for b in doc.blocks if b.kind == "paragraph")
    assert doc.source_map.position(first.start) == (5, 1)


def test_windows_line_endings_keep_positions() -> None:
    source = ("Hip Pain\r\n\r\nStand tall.\r\nBreathe out slowly.\r\n\r\n"
              "See a doctor if it hurts.\r\n")
    doc = load(source)
    offset = doc.text.index("See a doctor")
    assert doc.source_map.position(offset) == (6, 1)
    offset = doc.text.index("Breathe")
    assert doc.source_map.position(offset) == (4, 1)
    for index, char in enumerate(doc.text):
        if not char.isspace():
            assert source[doc.source_map.source_offset(index)] == char
