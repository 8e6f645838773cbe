"""The HTML report in a real browser: renders, jumps, filters, sorts, stays offline."""

from __future__ import annotations

from pipeline.report.html import render
from tests.browser.conftest import write_pages
from tests.report_samples import sample_run


def _in_view(locator) -> bool:
    return locator.evaluate("""el => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight; }""")


def _long_run():
    run = sample_run()
    article = run.articles[0]
    # Push the last paragraph far down so that jumping to it must scroll.
    from tests.report_samples import PARAS, TITLE, build_document, span_finding
    filler = [f"Filler paragraph number {n} about nothing in particular." for n in range(60)]
    document = build_document(TITLE, [*PARAS[:2], *filler, PARAS[2]])
    findings = [span_finding(document, "UNSAFE-BALLISTIC", "unsafe-advice",
                             "Bounce quickly into each stretch"),
                span_finding(document, "POSTURE-CONFLICT", "contradiction",
                             "pull your knees to your chest", related="Lie face down"),
                *[f for f in article.findings if not f.has_span]]
    article.document = document
    article.findings = sorted(findings, key=lambda f: f.sort_key())
    return run


def test_article_page_renders_and_jumps(watched, tmp_path):
    page_path = write_pages(render(_long_run()), tmp_path)
    watched.open(page_path)
    page = watched.page
    assert page.title().startswith("medlint:")
    assert page.locator("section.document-findings .card").count() == 1
    assert "red-flags" in page.inner_text("section.document-findings")
    assert page.locator("article.text mark").count() >= 3
    page.locator("details.readability summary").click()
    assert page.locator(".readability").inner_text().count("Grade level") == 1
    bounce = page.locator("mark.sev-error", has_text="Bounce quickly")
    assert not _in_view(bounce)
    page.locator("aside .card a.jump", has_text="UNSAFE-BALLISTIC").click()
    page.wait_for_timeout(200)
    assert bounce.evaluate("el => el.classList.contains('active')")
    assert _in_view(bounce)
    # The other half of the contradiction is linked both ways.
    page.locator("aside .card a.jump-related").first.click()
    page.wait_for_timeout(200)
    related = page.locator("mark.sev-related", has_text="Lie face down")
    assert related.evaluate("el => el.classList.contains('active')")
    related.click()
    page.wait_for_timeout(200)
    card = page.locator(".card.active")
    assert "POSTURE-CONFLICT" in card.inner_text()
    watched.assert_clean()


def test_article_filters_hide_cards_and_highlights(watched, tmp_path):
    watched.open(write_pages(render(sample_run()), tmp_path))
    page = watched.page
    page.locator("#filters input[value=error]").uncheck()
    assert page.locator("aside .card[data-severity=error]:visible").count() == 0
    assert page.locator("aside .card[data-severity=warning]:visible").count() == 1
    assert page.locator("mark.sev-error.muted").count() >= 1
    page.locator("#filters input[value=error]").check()
    page.locator("#filters input[value=contradiction]").uncheck()
    assert page.locator(".card[data-category=contradiction]:visible").count() == 0
    assert page.locator(".card[data-category=anatomy]:visible").count() == 1
    watched.assert_clean()


def test_index_sorts_filters_and_links(watched, tmp_path):
    index = write_pages(render(sample_run(articles=4, problems=True)), tmp_path)
    watched.open(index)
    page = watched.page
    assert page.locator("svg.chart").count() == 2
    assert "broken.bin" in page.inner_text(".problems")
    rows = page.locator("#articles tbody tr")
    assert rows.count() == 4

    def titles():
        return [t.strip() for t in page.locator("#articles tbody tr td:first-child a")
                .all_inner_texts()]

    page.locator("button[data-sort=grade]").click()
    assert titles()[0] == "Upper back pain: exercises"  # grade 7.1 is highest
    page.locator("button[data-sort=grade]").click()
    assert titles()[0] == "Article 1"
    page.locator("button[data-sort=title]").click()
    assert titles() == sorted(titles(), key=str.lower)
    page.select_option("#filter-severity", "error")
    assert page.locator("#articles tbody tr:visible").count() == 1
    page.select_option("#filter-severity", "clean")
    assert page.locator("#articles tbody tr:visible").count() == 3
    page.select_option("#filter-severity", "")
    page.select_option("#filter-category", "anatomy")
    assert page.locator("#articles tbody tr:visible").count() == 1
    page.select_option("#filter-category", "")
    page.fill("#filter-text", "b2")
    assert page.locator("#articles tbody tr:visible").count() == 1
    assert page.inner_text("#shown") == "1 of 4 articles"
    page.fill("#filter-text", "")
    page.locator("#articles a", has_text="Upper back pain").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/articles/a.html")
    page.locator("a", has_text="all articles").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    watched.assert_clean()


def test_print_layout_shows_everything(watched, tmp_path):
    watched.open(write_pages(render(sample_run()), tmp_path))
    page = watched.page
    page.locator("#filters input[value=error]").uncheck()
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden()
    assert page.locator("aside .card[data-severity=error]").first.is_visible()
    assert page.eval_on_selector("aside.findings", "el => getComputedStyle(el).position") \
        == "static"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    watched.assert_clean()
