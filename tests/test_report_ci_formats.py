"""github annotations, JUnit XML and the Markdown summary."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pipeline.report.github import escape_property
from pipeline.report.github import render as github
from pipeline.report.junit import render as junit
from pipeline.report.markdown import escape
from pipeline.report.markdown import render as markdown
from tests.report_samples import sample_run


def test_github_annotations_point_at_words():
    lines = github(sample_run(problems=True)).splitlines()
    assert len(lines) == 6
    anat = next(line for line in lines if "ANAT-REGION" in line)
    assert anat.startswith("::error file=a.txt,line=3,col=28,endLine=3,endColumn=58,")
    assert any(line.startswith("::notice ") for line in lines)
    assert any(line.startswith("::warning ") for line in lines)
    assert lines[0].startswith("::error file=a.txt,line=1,title=medlint SAFETY-RED-FLAGS")
    assert lines[-1].startswith("::error file=broken.bin,")


def test_github_escapes_so_article_text_cannot_inject_commands():
    run = sample_run()
    article = run.articles[0]
    f = article.findings[1]
    article.findings[1] = f.with_changes(quote="x\n::error file=evil::owned",
                                         message="50%\r\n::error file=evil2::owned")
    out = github(run)
    assert "\n::error file=evil" not in out
    assert "50%25%0D%0A::error file=evil2::owned" in out
    assert len(out.splitlines()) == 5
    assert "50%25" in out
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_is_well_formed_and_counts_failures():
    root = ET.fromstring(junit(sample_run(articles=2, problems=True)))
    assert root.tag == "testsuites"
    assert root.get("failures") == "3"  # three errors; the warning and the info pass
    assert root.get("errors") == "1"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a.txt", "dir/b1.txt", "inputs"]
    assert suites[1].find("testcase").get("name") == "no findings"
    case = suites[0].find("testcase[@name='ANAT-REGION (line 3)']")
    assert "between the neck and the waist" in case.find("failure").text


def test_junit_strips_characters_xml_cannot_carry():
    run = sample_run()
    f = run.articles[0].findings[1]
    run.articles[0].findings[1] = f.with_changes(message="bad \x00\x1b char")
    ET.fromstring(junit(run))


def test_markdown_summary_escapes_article_text():
    run = sample_run(problems=True)
    f = run.articles[0].findings[1]
    run.articles[0].findings[1] = f.with_changes(quote="<img src=x onerror=alert(1)> | `x`")
    out = markdown(run)
    assert out.startswith("## medlint report")
    assert "<img" not in out
    assert "&lt;img src=x onerror=alert(1)&gt; &#124; &#96;x&#96;" in out
    assert "broken.bin" in out
    assert "| anatomy | 1 |" in out
    assert escape("a\nb") == "a b"


def test_markdown_clean_run():
    run = sample_run()
    run.articles[0].findings.clear()
    assert "No findings." in markdown(run)
