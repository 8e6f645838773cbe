"""The HTML report's first screen, in Chromium at a desktop and a phone size (issue 17).

A real audit of corpus articles (plain text with lists, Markdown with numbered and bulleted
lists, the seed article) is rendered; at 1400x1000 and 400x800 the index and an article page
must fit the window (no horizontal scroll) and the article text must start on the first
screen, at 1400x1000 with its first highlights.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.report.html import render
from tests.browser.conftest import write_pages

REPO = Path(__file__).resolve().parents[2]
ARTICLES = ["seed-upper-back-pain.txt", "anat-ankle-sprain.txt",
            "blind-lumbar-disc-herniation.md", "ex-knee-strength-careful.md",
            "blind-gout-careful.txt"]
SIZES = [(1400, 1000), (400, 800)]


@pytest.fixture(scope="module")
def report(auditor, tmp_path_factory):
    paths = [str(REPO / "corpus" / "articles" / name) for name in ARTICLES
             if (REPO / "corpus" / "articles" / name).exists()]
    assert len(paths) >= 4
    run = auditor.audit_paths(paths)
    directory = tmp_path_factory.mktemp("report")
    write_pages(render(run), directory)
    return run, directory


@pytest.fixture
def sized(browser):
    contexts = []

    def open_page(path: Path, width: int, height: int):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(("file:", "data:")) else route.abort())
        contexts.append(context)
        page = context.new_page()
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def _no_horizontal_scroll(page) -> None:
    widths = page.evaluate("""() => ({doc: document.documentElement.scrollWidth,
                                       body: document.body.scrollWidth,
                                       view: document.documentElement.clientWidth})""")
    assert widths["doc"] <= widths["view"] and widths["body"] <= widths["view"], widths


def _top(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().top")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_index_fits_the_window_worst_first_with_charts_below(report, sized, width, height):
    run, directory = report
    page = sized(directory / "index.html", width, height)
    _no_horizontal_scroll(page)
    assert page.locator("#articles tbody tr").first.is_visible()
    assert _top(page, "#articles tbody tr") < height  # the table is on the first screen
    table_bottom = page.eval_on_selector("#articles", "el => el.getBoundingClientRect().bottom")
    assert _top(page, "section.charts") >= table_bottom
    shown = [t.strip() for t in page.locator("#articles tbody td.article a").all_inner_texts()]

    def badness(article):
        counts = article.counts()
        return (max((int(f.severity) for f in article.findings), default=0), counts["error"],
                counts["warning"], counts["info"])

    worst = max(run.articles, key=badness)
    assert shown[0] == (worst.document.title or worst.id)
    ranks = [badness(a) for a in sorted(run.articles,
                                        key=lambda a: shown.index(a.document.title or a.id))]
    assert ranks == sorted(ranks, reverse=True)
    # every column's numbers are on screen, not cut off at the right
    for cell in page.locator("#articles tbody tr").first.locator("td").all():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_article_text_starts_on_the_first_screen(report, sized, width, height):
    _run, directory = report
    page = sized(directory / "articles" / "seed-upper-back-pain.html", width, height)
    _no_horizontal_scroll(page)
    text_top = _top(page, "article.text")
    assert 0 < text_top < height * 0.6, text_top
    first_words = page.locator("article.text p.block").first
    assert first_words.bounding_box()["y"] < height - 100  # a few lines of it, at least
    if width >= 1000:
        assert _top(page, "article.text mark") < height  # the first highlights too
    # findings about the whole article: one compact line each, opened on demand
    rows = page.locator("section.document-findings li.row")
    assert rows.count() >= 1
    if width >= 1000:
        assert all(r.bounding_box()["height"] < 48 for r in rows.all())
    suggestion = rows.first.locator("dd.suggestion")
    assert not suggestion.is_visible()
    rows.first.locator("summary").click()
    assert suggestion.is_visible()
    # no card set entirely in bold
    weight = page.eval_on_selector("aside .card h3 .message",
                                   "el => getComputedStyle(el).fontWeight")
    assert int(weight) < 600


def test_the_findings_list_says_how_many_are_below(report, sized):
    _run, directory = report
    page = sized(directory / "articles" / "seed-upper-back-pain.html", 1400, 1000)
    more = page.locator("#more-below")
    assert more.is_visible()
    below = int(more.locator(".n").inner_text())
    cards = page.locator("#card-scroll .card").count()
    assert 0 < below < cards
    assert more.bounding_box()["y"] + more.bounding_box()["height"] <= 1000  # on screen
    assert page.locator(".list-head").inner_text().endswith(f"({cards})")
    more.click()
    assert page.eval_on_selector("#card-scroll", "el => el.scrollTop") > 0
    page.eval_on_selector("#card-scroll", "el => { el.scrollTop = el.scrollHeight; }")
    page.wait_for_timeout(100)
    assert not more.is_visible()
    # on a phone the list flows with the page: nothing hidden, nothing to announce
    phone = sized(directory / "articles" / "seed-upper-back-pain.html", 400, 800)
    assert not phone.locator("#more-below").is_visible()
    assert phone.eval_on_selector("#card-scroll", "el => el.scrollHeight <= el.clientHeight")


def test_lists_are_rendered_as_lists(report, sized):
    _run, directory = report
    page = sized(directory / "articles" / "blind-lumbar-disc-herniation.html", 1400, 1000)
    numbered = page.locator("article.text ol.list")
    assert numbered.count() >= 1
    assert numbered.first.evaluate("el => getComputedStyle(el).listStyleType") == "decimal"
    assert numbered.first.locator("> li").count() >= 3
    assert page.locator("article.text ul.list > li").count() >= 1
    assert page.locator("article.text li:not(ol > li):not(ul > li)").count() == 0
    # plain text keeps its own markers ("- Rest"): the list adds no second bullet
    text = sized(directory / "articles" / "anat-ankle-sprain.html", 1400, 1000)
    marked = text.locator("article.text ul.list.marked")
    assert marked.count() >= 1
    assert marked.first.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    assert marked.first.locator("> li").first.inner_text().startswith("- ")
