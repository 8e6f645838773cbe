"""``json``: the stable, versioned machine-readable report (schema: report/schema.json)."""

from __future__ import annotations

import json
from typing import Any

from pipeline.audit import RunResult
from pipeline.report import Writer

SCHEMA_VERSION = "1.0"


def run_to_dict(run: RunResult) -> dict[str, Any]:
    """The report as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "run": run.metadata,
        "notes": run.notes,
        "summary": summary(run),
        "errors": [p.to_dict() for p in run.problems],
        "articles": [a.to_dict() for a in run.articles],
    }


def summary(run: RunResult) -> dict[str, Any]:
    """Totals by severity and category."""
    by_severity: dict[str, int] = {"error": 0, "warning": 0, "info": 0}
    by_category: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for article in run.articles:
        for f in article.findings:
            by_severity[f.severity.label] += 1
            by_category[f.category] = by_category.get(f.category, 0) + 1
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {
        "articles": len(run.articles),
        "input_errors": len(run.problems),
        "findings": sum(by_severity.values()),
        "by_severity": by_severity,
        "by_category": dict(sorted(by_category.items())),
        "by_rule": dict(sorted(by_rule.items())),
    }


def render(run: RunResult) -> str:
    """Pretty, key-stable, strict JSON (no NaN or Infinity: ingest keeps them out)."""
    return json.dumps(run_to_dict(run), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


WRITER = Writer("json", "json", render, "stable machine-readable report (schema_version 1.0)")
