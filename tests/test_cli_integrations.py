"""The GitHub Action (action.yml + .github/medlint-action.sh) and the pre-commit hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
LONG = ("When you sit at a desk for many hours every single day you should stand up and walk "
        "around the room for a few minutes at least once every half hour to ease your back.")


def _medlint() -> str | None:
    local = Path(sys.executable).parent / "medlint"
    return str(local) if local.exists() else shutil.which("medlint")


def test_action_is_a_composite_action_whose_inputs_reach_the_script():
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    audit = next(s for s in steps if s.get("id") == "audit")
    script = (REPO / ".github" / "medlint-action.sh").read_text(encoding="utf-8")
    for name in action["inputs"]:
        if name in ("python-version", "medlint-spec"):
            continue
        variable = "MEDLINT_" + name.upper().replace("-", "_")
        assert audit["env"][variable] == "${{ inputs." + name + " }}"
        assert variable in script
    # Inputs only ever travel through env, never pasted into a script (no injection).
    for step in steps:
        assert "inputs." not in step.get("run", "")
    assert set(action["outputs"]) == {"exit-code", "report-dir", "sarif-file"}


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_script_runs_like_github(tmp_path):
    medlint = _medlint()
    if medlint is None:
        pytest.skip("the medlint command is not installed")
    (tmp_path / ".medlint.toml").write_text('enable = ["READ-SENTENCE-LENGTH"]\n',
                                            encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(f"# Back pain\n\n{LONG}\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    outputs = tmp_path / "outputs.txt"
    env = {**os.environ, "MEDLINT": medlint, "MEDLINT_PATHS": "docs",
           "MEDLINT_FORMATS": "sarif,json", "MEDLINT_OUTPUT_DIR": "report",
           "MEDLINT_FAIL_ON": "info", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(outputs)}
    proc = subprocess.run(["bash", str(REPO / ".github" / "medlint-action.sh")], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"^::notice file=docs/a\.md,line=3,col=1,", proc.stdout, re.M)
    assert summary.read_text(encoding="utf-8").startswith("## medlint report")
    assert "exit-code=1" in outputs.read_text(encoding="utf-8")
    assert "sarif-file=report/medlint.sarif" in outputs.read_text(encoding="utf-8")
    for name in ("medlint.sarif", "medlint.json", "medlint.md", "medlint.github.txt"):
        assert (tmp_path / "report" / name).is_file()


def test_pre_commit_hooks_are_well_formed():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = {h["id"] for h in hooks}
    assert {"medlint", "medlint-baseline"} <= ids
    for hook in hooks:
        assert hook["entry"].startswith("medlint audit")
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        files = re.compile(hook["files"])
        for name in ("a.md", "b/c.html", "d.txt", "e.htm", "f.jsonl"):
            assert files.search(name), name
        for name in ("a.py", "b.yaml", "notes.md.bak"):
            assert not files.search(name), name
