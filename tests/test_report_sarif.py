"""SARIF 2.1.0: valid against the official schema (vendored from the SARIF Multitool npm
package, tests/data/sarif-schema-2.1.0.json) and, when npx is available, the Multitool."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from pipeline.report.sarif import artifact_uri, render, run_to_sarif
from tests.report_samples import sample_run

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sample_run_validates(validator):
    log = run_to_sarif(sample_run(articles=3, problems=True))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_empty_run_validates(validator):
    run = sample_run()
    run.articles.clear()
    assert not list(validator.iter_errors(run_to_sarif(run)))


def test_results_carry_rule_location_snippet_and_related():
    log = run_to_sarif(sample_run())
    sarif_run = log["runs"][0]
    assert log["version"] == "2.1.0"
    results = {r["ruleId"]: r for r in sarif_run["results"]}
    rules = sarif_run["tool"]["driver"]["rules"]
    for result in results.values():
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["medlint/v1"]
    anat = results["ANAT-REGION"]
    region = anat["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 28)
    assert region["endColumn"] - region["startColumn"] == len("between the neck and the waist")
    assert region["snippet"]["text"] == "between the neck and the waist"
    assert anat["level"] == "error"
    assert results["READ-SENTENCE-LENGTH"]["level"] == "note"
    conflict = results["POSTURE-CONFLICT"]
    assert conflict["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] \
        == "Lie face down"
    safety = results["SAFETY-RED-FLAGS"]
    assert safety["properties"]["kind"] == "red-flags"
    assert safety["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_input_problems_are_notifications():
    log = run_to_sarif(sample_run(problems=True))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "binary" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_artifact_uri_is_relative_and_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my docs").mkdir()
    assert artifact_uri("my docs/a b.md") == "my%20docs/a%20b.md"
    assert artifact_uri("<stdin>") == "stdin"


@pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is not installed")
def test_sarif_multitool_validates(tmp_path):
    target = tmp_path / "medlint.sarif"
    target.write_text(render(sample_run(articles=2, problems=True)), encoding="utf-8")
    out = tmp_path / "validation.sarif"
    try:
        proc = subprocess.run(
            ["npx", "--yes", "@microsoft/sarif-multitool", "validate", str(target),
             "--output", str(out), "--log", "ForceOverwrite"],
            capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.skip("the SARIF Multitool did not answer in 5 minutes")
    if "SARIF Multitool" not in proc.stdout and not out.exists():
        # npx could not fetch or start the tool (no npm registry, no .NET runtime...).
        pytest.skip(f"the SARIF Multitool did not start: {proc.stderr.strip()[-300:]}")
    assert out.exists(), f"multitool failed: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
    report = json.loads(out.read_text(encoding="utf-8"))
    problems = [r for r in report["runs"][0].get("results", [])
                if r.get("level") in ("error", "warning")]
    assert not problems, problems
    assert proc.returncode == 0, proc.stdout[-2000:]
