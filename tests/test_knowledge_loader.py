"""The YAML reader under every knowledge file: parsed once per file content (kept in the
cache directory), a fresh copy for each caller, and clear errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.knowledge.loader import KnowledgeError, StrictModel, load_model, read_yaml


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(cache))
    return cache


def test_parsed_once_and_kept_in_the_cache_directory(tmp_path: Path, own_cache: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("names: [knee, kneecap]\ncount: 2\n", encoding="utf-8")
    assert read_yaml(path) == {"names": ["knee", "kneecap"], "count": 2}
    assert len(list((own_cache / "knowledge").glob("*.marshal"))) == 1
    second = tmp_path / "same.yaml"
    second.write_text("names: [knee, kneecap]\ncount: 2\n", encoding="utf-8")
    assert read_yaml(second) == read_yaml(path)
    assert len(list((own_cache / "knowledge").glob("*.marshal"))) == 1


def test_each_caller_gets_its_own_copy(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("names: [wrist]\n", encoding="utf-8")
    first = read_yaml(path)
    first["names"].append("changed")
    assert read_yaml(path) == {"names": ["wrist"]}


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("count: 7\n", encoding="utf-8")
    assert read_yaml(path) == {"count": 7}
    path.write_text("count: 12\n", encoding="utf-8")
    assert read_yaml(path) == {"count": 12}


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, own_cache: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("side: left\n", encoding="utf-8")
    read_yaml(path)
    for cached in (own_cache / "knowledge").glob("*.marshal"):
        cached.write_bytes(b"\x00 not marshal")
    path.write_text("side: left\n\n", encoding="utf-8")  # new size: no in-memory hit
    path.write_text("side: left\n", encoding="utf-8")
    assert read_yaml(path) == {"side": "left"}



@pytest.mark.parametrize("damage", ["flipped-letter", "other-shape"])
def test_a_cache_file_that_still_unmarshals_is_checked_and_rebuilt(
        tmp_path: Path, own_cache: Path, damage: str) -> None:
    """Issue 19, item 5: a flipped bit in a cached string (or a file of another shape) still
    unmarshals; the run then stopped on an error blamed on the rules file ("example quote
    ... does not occur in its text", exit code 2). A checksum catches it; it is rebuilt."""
    import marshal

    from pipeline.knowledge import loader

    path = tmp_path / "facts.yaml"
    path.write_text("side: left\n", encoding="utf-8")
    read_yaml(path)
    [cached] = (own_cache / "knowledge").glob("*.marshal")
    data = cached.read_bytes()
    cached.write_bytes(data.replace(b"left", b"lefu") if damage == "flipped-letter"
                       else marshal.dumps(5))
    loader._parse.cache_clear()
    assert read_yaml(path) == {"side": "left"}
    loader._parse.cache_clear()
    assert read_yaml(path) == {"side": "left"}  # and the rebuilt file reads back

def test_values_marshal_cannot_store_still_load(tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("reviewed: 2024-05-01\n", encoding="utf-8")
    assert str(read_yaml(path)["reviewed"]) == "2024-05-01"


def test_broken_files_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("names: [knee\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"bad\.yaml: invalid YAML"):
        read_yaml(bad)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(KnowledgeError, match=r"latin\.yaml: cannot read: not UTF-8"):
        read_yaml(latin)

    class Facts(StrictModel):
        count: int

    typo = tmp_path / "typo.yaml"
    typo.write_text("count: 3\ncuont: 4\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"typo\.yaml: cuont"):
        load_model(typo, Facts)
