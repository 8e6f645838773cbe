from hypothesis import given
from hypothesis import strategies as st

from pipeline.document import DocumentBuilder, SourceMap, line_starts


def test_line_starts_handle_every_newline_convention():
    assert line_starts("a\nb\r\nc\rd") == [0, 2, 5, 7]


def test_builder_maps_blocks_back_to_source():
    source = "Title\n\n  First para\nsecond line.\n\n- item one\n"
    b = DocumentBuilder(source)
    b.add_block("title", "Title", 0)
    b.add_block("paragraph", "First para\nsecond line.", source.index("First"))
    b.add_block("list_item", "- item one", source.index("- item"))
    doc = b.build(id="x", source="x.txt", format="text")
    assert doc.title == "Title"
    start = doc.text.index("second")
    assert doc.source_map.position(start) == (4, 1)
    assert doc.source_map.position(doc.text.index("item")) == (6, 3)
    assert [blk.kind for blk in doc.blocks] == ["title", "paragraph", "list_item"]
    assert doc.block_at(start).kind == "paragraph"


@given(st.text(min_size=1, max_size=200))
def test_identity_map_points_at_the_same_character(text):
    smap = SourceMap.identity(text)
    starts = line_starts(text)
    for offset in range(len(text)):
        line, column = smap.position(offset)
        assert starts[line - 1] + column - 1 == offset


@given(st.lists(st.integers(0, 10_000), max_size=40), st.integers(-5, 50),
       st.integers(-5, 50))
def test_offsets_of_a_range_are_the_offsets_of_its_characters(values, start, end):
    from array import array

    smap = SourceMap(array("q", values), [0])
    assert smap.offsets(start, end) == [smap.source_offset(i) for i in range(start, end)]
