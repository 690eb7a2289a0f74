"""A report page opened in headless Chromium, watched: no script error and no request beyond file:// pass."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


@pytest.fixture
def artifacts() -> Path:
    """Where browser tests leave their screenshots (README's pictures in docs/ are copies of them)."""
    folder = Path(os.environ.get("MODERNIZE_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent.parent / "test-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def offline_page(browser) -> Iterator[Callable[[int, int], object]]:
    """Opens pages of the given viewport; when the test ends, every page opened must have raised no
    script error and requested nothing but files (the report works with the network unplugged)."""
    errors: list[str] = []
    requests: list[str] = []

    def open_page(width: int, height: int):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        return page

    yield open_page
    assert errors == []
    assert [url for url in requests if not url.startswith("file://")] == []
