"""Markdown ingestion: blocks from markdown-it tokens, front matter, raw HTML, inline markup."""

from __future__ import annotations

import html as html_module

from pipeline.document import Document
from pipeline.ingest import load_source
from pipeline.knowledge.paths import rules_dir

SOURCE = """---
title: Knee pain at home
author: Jo Smith
date: 2024-03-01
tags: [knee, exercise]
---

# Knee pain: what to do

Rest the knee for **two days** and use an _ice pack_ for 20 minutes.
See [the NHS page](https://www.nhs.uk/knee "NHS") for more, or ![a knee](knee.png) this.

<div class="note">
<p>Stop if it <b>hurts</b> &amp; see a GP.</p>
<!-- an editor's comment -->
</div>

## Exercises

- Straighten the leg slowly.
- Hold for `5` seconds.
  1. A nested step.

> A quote here
> over two lines.

```
code(block) is left out
```

    indented code is left out too

| Exercise | Reps |
|---|---|
| Heel slides | 10 |
"""


def load_md(source: str) -> Document:
    items = list(load_source("a.md", source.encode("utf-8"), "markdown", rules_dir()))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_blocks_and_inline_markup() -> None:
    doc = load_md(SOURCE)
    assert blocks(doc) == [
        ("title", "Knee pain: what to do"),
        ("paragraph", "Rest the knee for two days and use an ice pack for 20 minutes. "
                      "See the NHS page for more, or this."),
        ("paragraph", "Stop if it hurts & see a GP."),
        ("heading", "Exercises"),
        ("list_item", "Straighten the leg slowly."),
        ("list_item", "Hold for 5 seconds."),
        ("list_item", "A nested step."),
        ("quote", "A quote here over two lines."),
        ("table_cell", "Exercise"),
        ("table_cell", "Reps"),
        ("table_cell", "Heel slides"),
        ("table_cell", "10"),
    ]
    assert "code" not in doc.text
    assert "editor's comment" not in doc.text


def test_front_matter_and_metadata() -> None:
    doc = load_md(SOURCE)
    assert doc.title == "Knee pain: what to do"
    assert doc.metadata["title"] == "Knee pain at home"
    assert doc.metadata["author"] == "Jo Smith"
    assert doc.metadata["date"] == "2024-03-01"
    assert doc.metadata["tags"] == ["knee", "exercise"]
    assert doc.metadata["headings"] == ["Exercises"]
    assert doc.metadata["links"] == [{"text": "the NHS page", "url": "https://www.nhs.uk/knee"}]


def test_front_matter_title_when_there_is_no_h1() -> None:
    doc = load_md("---\ntitle: Sciatica basics\n---\n\nSciatica is pain along the nerve.\n")
    assert doc.title == "Sciatica basics"
    assert blocks(doc) == [("paragraph", "Sciatica is pain along the nerve.")]


def test_offsets_point_at_the_same_characters() -> None:
    doc = load_md(SOURCE)
    for index, char in enumerate(doc.text):
        if char.isspace():
            continue
        found = SOURCE[doc.source_map.source_offset(index)]
        if found != char:
            offset = doc.source_map.source_offset(index)
            assert found == "&"
            assert char == html_module.unescape(SOURCE[offset:SOURCE.index(";", offset) + 1])
    lines = SOURCE.splitlines()
    assert doc.source_map.position(doc.text.index("two days")) == (
        lines.index("Rest the knee for **two days** and use an _ice pack_ for 20 minutes.") + 1,
        21)
    assert doc.source_map.position(doc.text.index("over two")) == (
        lines.index("> over two lines.") + 1, 3)


def test_windows_line_endings() -> None:
    source = "# Hip care\r\n\r\nStand tall.\r\nBreathe out **slowly**.\r\n"
    doc = load_md(source)
    assert doc.source_map.position(doc.text.index("slowly")) == (4, 15)
    assert doc.source_map.position(doc.text.index("Breathe")) == (4, 1)
