"""``sarif``: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, IDE viewers).

Each finding is a result with its rule, level, source region (1-based line/column of the
source file, end column exclusive as SARIF wants) and the quoted words as the snippet; the
other half of a contradiction is a related location; document-level findings (missing safety
information) point at line 1 of the file. Inputs that could not be audited are tool
execution notifications. ``partialFingerprints`` carry the baseline fingerprint, so dashboards
track a finding across line moves as ``medlint baseline`` does.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from pipeline.audit import RunResult
from pipeline.baseline import fingerprint
from pipeline.findings import Finding, Severity
from pipeline.names import absolute, relative_to_cwd, shown
from pipeline.report import Writer

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/medlint/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(source: str) -> str:
    """A URI for a source path: relative to the working directory (``/``-separated) when it
    lies inside it, ``file://`` otherwise; percent-encoded from the name's bytes, so a name
    that is not UTF-8 keeps every byte (``caf%E9.txt``). Never follows a symbolic link loop
    (the path is then taken as written)."""
    if source.startswith("<"):
        return quote(os.fsencode(source.strip("<>")))
    relative = relative_to_cwd(source)
    if relative is None:
        return absolute(source).as_uri()
    return quote(os.fsencode(relative))


def _rules(run: RunResult) -> list[dict[str, Any]]:
    used = sorted({f.rule for a in run.articles for f in a.findings})
    try:
        from pipeline.knowledge import KnowledgeBase

        catalog = KnowledgeBase().catalog
    except Exception:
        catalog = None
    descriptors = []
    for rule_id in used:
        spec = catalog.find(rule_id) if catalog is not None else None
        sample = next(f for a in run.articles for f in a.findings if f.rule == rule_id)
        descriptor: dict[str, Any] = {
            "id": rule_id,
            "shortDescription": {"text": spec.message if spec else sample.message},
            "defaultConfiguration": {"level": LEVELS[Severity.parse(spec.severity)
                                                     if spec else sample.severity]},
            "properties": {"category": sample.category,
                           "tags": ["health-content", sample.category]},
        }
        if spec is not None:
            descriptor["name"] = spec.name
            descriptor["fullDescription"] = {"text": spec.rationale}
            help_text = spec.rationale
            if spec.suggestion:
                help_text += f"\n\nUse instead: {spec.suggestion}"
            if spec.references:
                help_text += "\n\nSources: " + "; ".join(spec.references)
            descriptor["help"] = {"text": help_text}
        descriptors.append(descriptor)
    return descriptors


def _region(line: int | None, column: int | None, end_line: int | None = None,
            end_column: int | None = None, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(line or 1, 1)}
    if column:
        region["startColumn"] = max(column, 1)
    if end_line and end_column and (end_line, end_column) >= (region["startLine"],
                                                              region.get("startColumn", 1)):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _message(f: Finding) -> str:
    text = f.message
    if f.quote:
        text += f" (\u201c{_shorten(f.quote)}\u201d)"
    if f.suggestion:
        text += f" Suggestion: {f.suggestion}"
    return text


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def run_to_sarif(run: RunResult) -> dict[str, Any]:
    """The SARIF log as plain data."""
    rules = _rules(run)
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    results = []
    for article in run.articles:
        uri = artifact_uri(article.document.source)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append({"location": {"uri": uri}, "sourceLanguage": article.document.format,
                              "roles": ["analysisTarget"]})
        location_base = {"uri": uri, "index": artifact_index[uri]}
        for f in article.findings:
            physical = {"artifactLocation": location_base,
                        "region": _region(f.line, f.column, f.end_line, f.end_column, f.quote)}
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f)},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {"medlint/v1": fingerprint(f, article.document)},
                "properties": {"category": f.category, "confidence": round(f.confidence, 3),
                               "article": article.document.id},
            }
            if f.kind:
                result["properties"]["kind"] = f.kind
            if f.explanation:
                result["properties"]["explanation"] = f.explanation
            if f.related:
                result["relatedLocations"] = [
                    {"id": n + 1,
                     "physicalLocation": {"artifactLocation": location_base,
                                          "region": _region(r.line, r.column, snippet=r.quote)},
                     "message": {"text": r.message or "related statement"}}
                    for n, r in enumerate(f.related)
                ]
            results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{shown(p.source)}: {shown(p.reason)}"},
         "descriptor": {"id": p.code},
         "locations": [{"physicalLocation": {"artifactLocation": {
             "uri": artifact_uri(p.source)}}}]}
        for p in run.problems
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not run.problems}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    if run.metadata.get("started"):
        invocation["startTimeUtc"] = _utc(run.metadata["started"])
    if run.metadata.get("finished"):
        invocation["endTimeUtc"] = _utc(run.metadata["finished"])
    driver: dict[str, Any] = {
        "name": "medlint",
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }
    if run.metadata.get("medlint_version"):
        driver["version"] = str(run.metadata["medlint_version"])
    sarif_run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if run.metadata.get("rules_version"):
        sarif_run["properties"] = {"rulesVersion": str(run.metadata["rules_version"])}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}


def _utc(stamp: str) -> str:
    """SARIF wants ``Z`` timestamps."""
    return stamp.replace("+00:00", "Z")


def render(run: RunResult) -> str:
    """SARIF 2.1.0 JSON."""
    return json.dumps(run_to_sarif(run), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


WRITER = Writer("sarif", "sarif", render, "SARIF 2.1.0 for code-scanning dashboards")
