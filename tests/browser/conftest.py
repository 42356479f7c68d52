"""Browser fixtures: one Debian Chromium per session, a fresh page per test, and `visit`, which
opens an address and fails the test on accessibility violations or script errors.

Playwright never downloads a browser here; it drives /usr/bin/chromium.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, sync_playwright

from integra.core.actors import SystemActor

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


class OneRequestAtATime:
    """The live server's application, one request at a time. On the in-memory SQLite of the
    browser pass, every thread of Django's live server shares the test's one connection: a page
    that fires two requests at once (the map's chart data and its table) interleaved them on it,
    and one of them once read no session and was sent to the sign-in page."""

    lock = threading.Lock()

    def __init__(self, application):
        from django.contrib.staticfiles.handlers import StaticFilesHandler

        self.application = StaticFilesHandler(application)

    def __call__(self, environ, start_response):
        with self.lock:
            return self.application(environ, start_response)


@pytest.fixture(scope="session")
def live_server() -> Iterator[object]:
    """pytest-django's live server with OneRequestAtATime as its handler."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = OneRequestAtATime
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (make browser-deps installs Debian chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in its own context (no cookies shared between tests) that records script errors,
    including the console reports of anything the Content-Security-Policy blocked."""
    # Reduced motion: charts draw without animation, so screenshots and checks see them whole.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="pl-PL", reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} ({message.location.get('url', '')})")
            if message.type == "error"
            else None
        ),
    )
    page.script_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def axe_check(page: Page) -> None:
    """Run axe-core over the current document; fail on serious or critical WCAG 2.1 AA findings.

    The library is evaluated through the DevTools protocol rather than added as a <script>: the
    page's strict CSP would block an injected inline script, and the CSP must stay on so that the
    tests also prove the pages work under it.
    """
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is absent: run `make frontend-deps`")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        report = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [node["target"] for node in v["nodes"][:5]],
            }
            for v in blocking
        ]
        pytest.fail(f"accessibility violations on {page.url}:\n{json.dumps(report, indent=2)}")


def check_page(page: Page) -> None:
    """What every visited page must satisfy: loaded, no script or CSP errors, axe clean."""
    page.wait_for_load_state("load")
    errors = page.script_errors  # type: ignore[attr-defined]
    assert not errors, f"script errors on {page.url}: {errors}"
    axe_check(page)


# A phone's width (an iPhone 12–15 in portrait), for the narrow-screen checks.
PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scroll(page: Page) -> None:
    """The page fits the window's width: nothing makes the whole page scroll sideways (a wide
    table scrolls inside its own box, long words wrap). Names the widest culprits when not."""
    page.wait_for_load_state("load")
    # After a change of the viewport the window's resize event (charts follow it) is dispatched
    # at the next rendering step: two animation frames later the page has laid itself out anew.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        culprits = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                     (e.className && typeof e.className === 'string'
                        ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                     ' right=' + Math.round(e.getBoundingClientRect().right))"""
        )
        pytest.fail(
            f"{page.url} scrolls sideways at {widths[1]} px (content {widths[0]} px): {culprits}"
        )


@pytest.fixture
def visit(live_server) -> Callable[[Page, str], Page]:
    """visit(page, "/terytorium/") opens a path of the live server and checks the page."""

    def open_and_check(page: Page, path: str, status: int = 200) -> Page:
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == status, f"{path} answered {response.status}"
        if status >= 400:
            # Chromium logs the error status of the document itself; that one is expected.
            page.script_errors[:] = [  # type: ignore[attr-defined]
                e for e in page.script_errors if "Failed to load resource" not in e
            ]
        check_page(page)
        return page

    return open_and_check


@pytest.fixture
def real_register(data_dir: Path) -> Path:
    """The 2010 register with its population and gmina outlines, through the import services."""
    from integra.territories import services

    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv")
    services.import_population(
        actor=SystemActor("test"), path=data_dir / "population_gmina_economic_age_2010_2019.csv"
    )
    services.import_boundaries(
        actor=SystemActor("test"), path=data_dir / "gminas.geojson", level="gmina"
    )
    return data_dir
