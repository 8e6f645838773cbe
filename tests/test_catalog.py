import pytest

from pipeline.knowledge.catalog import Catalog
from pipeline.knowledge.loader import KnowledgeError

RULE = """
rules:
  - id: TEST-RULE
    name: test.rule
    category: anatomy
    severity: error
    message: m
    rationale: r
    examples:
      fire: ["a"]
      quiet: ["b"]
"""


def write(tmp_path, text, family="fam"):
    (tmp_path / family).mkdir(exist_ok=True)
    (tmp_path / family / "rules.yaml").write_text(text)
    return tmp_path


def test_loads_a_valid_catalog(tmp_path):
    catalog = Catalog.load(write(tmp_path, RULE))
    assert catalog["TEST-RULE"].examples.fire[0].text == "a"
    assert catalog.find("test.rule").id == "TEST-RULE"
    assert catalog.find("test-rule").id == "TEST-RULE"


@pytest.mark.parametrize(("change", "message"), [
    (("severity: error", "severity: fatal"), "severity"),
    (("category: anatomy", "category: cooking"), "category"),
    (("id: TEST-RULE", "id: lower_case"), "rule id"),
    (("    message: m", "    message: m\n    colour: red"), "colour"),
    (("      quiet: [\"b\"]", "      quiet: []"), "quiet"),
])
def test_invalid_rules_name_the_file_and_problem(tmp_path, change, message):
    with pytest.raises(KnowledgeError) as err:
        Catalog.load(write(tmp_path, RULE.replace(*change)))
    assert "rules.yaml" in str(err.value)
    assert message in str(err.value)


def test_duplicate_ids_are_an_error(tmp_path):
    write(tmp_path, RULE, "one")
    write(tmp_path, RULE, "two")
    with pytest.raises(KnowledgeError, match="already defined"):
        Catalog.load(tmp_path)


def test_shipped_catalog_loads(knowledge):
    assert len(knowledge.catalog) >= 1
    declared = (knowledge.directory / "VERSION").read_text().strip()
    assert knowledge.version.startswith(declared)
