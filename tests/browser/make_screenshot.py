"""Make docs/report-screenshot.png from a real HTML report of corpus/articles.

    python tests/browser/make_screenshot.py [ARTICLE_ID]

Audits the corpus into a temporary directory, opens the article's page in Debian's chromium
(headless, offline) at 1400x1000 and saves the first screen.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main() -> None:
    """Audit the corpus and photograph one article's page."""
    article = sys.argv[1] if len(sys.argv) > 1 else "seed-upper-back-pain"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        subprocess.run([sys.executable, "-m", "pipeline", "audit", "corpus/articles",
                        "--format", "html", "--output", f"{out}/", "--fail-on", "never",
                        "--no-cache"], cwd=REPO, check=False)
        page_file = out / "articles" / f"{article}.html"
        if not page_file.exists():
            sys.exit(f"make_screenshot: the audit wrote no page {page_file}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                    device_scale_factor=1)
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file:") else route.abort())
            page.goto(page_file.as_uri())
            cards = page.locator("aside .card a.jump")
            if cards.count():
                cards.first.click()
                page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(REPO / "docs" / "report-screenshot.png"))
            browser.close()


if __name__ == "__main__":
    main()
