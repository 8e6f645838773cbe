"""``junit``: JUnit XML, the format every CI server can show as test results.

One ``<testsuite>`` per article; each finding is a ``<testcase>`` named after its rule and
line. Findings at or above the run's ``fail-on`` level are ``<failure>``s, the others pass
with their text in ``<system-out>``; an article without findings is one passing test case.
Inputs that could not be audited are ``<error>``s in a suite of their own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipeline.audit import RunResult
from pipeline.findings import Finding, Severity
from pipeline.names import shown
from pipeline.report import Writer

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry."""
    return _INVALID_XML.sub("\ufffd", text)


def _body(f: Finding) -> str:
    parts = [f"{f.severity.label} {f.rule}: {f.message}"]
    if f.quote:
        parts.append(f"Quote (line {f.line}, column {f.column}): {f.quote}")
    if f.explanation:
        parts.append(f"Why: {f.explanation}")
    if f.suggestion:
        parts.append(f"Suggestion: {f.suggestion}")
    if f.references:
        parts.append("Sources: " + "; ".join(f.references))
    return clean("\n".join(parts))


def _threshold(run: RunResult) -> Severity | None:
    level = str(run.metadata.get("config", {}).get("fail_on") or "error")
    return None if level == "never" else Severity.parse(level)


def render(run: RunResult) -> str:
    """JUnit XML (the common Jenkins/GitLab/Azure flavour)."""
    threshold = _threshold(run)
    root = ET.Element("testsuites", name="medlint")
    total_tests = total_failures = total_errors = 0
    for article in run.articles:
        suite = ET.SubElement(root, "testsuite", name=shown(article.document.source))
        failures = 0
        cases = 0
        if not article.findings:
            ET.SubElement(suite, "testcase", name="no findings",
                          classname=shown(article.document.id))
            cases = 1
        for f in article.findings:
            where = f"line {f.line}" if f.line is not None else "article"
            name = f"{f.rule}{' ' + f.kind if f.kind else ''} ({where})"
            case = ET.SubElement(suite, "testcase", name=clean(name),
                                 classname=shown(f"{article.document.id}.{f.category}"))
            if f.line is not None:
                case.set("file", shown(article.document.source))
                case.set("line", str(f.line))
            cases += 1
            if threshold is not None and f.severity >= threshold:
                failure = ET.SubElement(case, "failure", type=f.severity.label,
                                        message=clean(f.message))
                failure.text = _body(f)
                failures += 1
            else:
                ET.SubElement(case, "system-out").text = _body(f)
        suite.set("tests", str(cases))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += cases
        total_failures += failures
    if run.problems:
        suite = ET.SubElement(root, "testsuite", name="inputs", tests=str(len(run.problems)),
                              failures="0", errors=str(len(run.problems)))
        for p in run.problems:
            case = ET.SubElement(suite, "testcase", name=shown(p.source), classname="inputs")
            error = ET.SubElement(case, "error", type=p.code, message=shown(p.reason))
            error.text = f"{shown(p.source)}: {shown(p.reason)}"
        total_tests += len(run.problems)
        total_errors += len(run.problems)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


WRITER = Writer("junit", "xml", render, "JUnit XML test results for CI servers")
