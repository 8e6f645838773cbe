"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright for Python.

No browser is ever downloaded: the tests use the system chromium and skip, saying why, when it
or Playwright is missing. Every page is opened from file://; any request that is not for a
local file or data: URL is recorded (and aborted), as are console errors and dialogs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MEDLINT_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install chromium) to run the browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install 'medlint[test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page plus everything it tried to do that a report must never do."""

    page: Any
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert not self.external, f"requests left the page: {self.external}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.page_errors, f"page errors: {self.page_errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"
        assert not self.popups, f"pop-ups opened: {self.popups}"


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=True)
    page = context.new_page()
    w = Watched(page)

    def on_route(route: Any) -> None:
        url = route.request.url
        w.requests.append(url)
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            w.external.append(url)
            route.abort()

    context.route("**/*", on_route)
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        w.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    context.on("page", lambda p: w.popups.append(p.url))
    try:
        yield w
    finally:
        context.close()


def write_pages(rendered: Any, directory: Path) -> Path:
    """Write what the html writer rendered; return the page to open first."""
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(rendered, str):
        target = directory / "report.html"
        target.write_text(rendered, encoding="utf-8")
        return target
    for name, content in rendered.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return directory / "index.html"
