"""Browser tests drive Debian's Chromium through Playwright (which cannot download its own browsers here).

Without Chromium they are skipped; CI sets REQUIRE_BROWSER_TESTS=1, which turns that skip into a failure.
Every page a test opens with the ``page`` fixture is watched for Content Security Policy violations: a test whose
pages reported one fails, whatever it was testing (see ``watch_content_security_policy``). So ``wait_for_function``
takes a function (``"() => …"``): Playwright evaluates a bare expression with ``eval``, which the policy forbids.
"""

import os
import shutil
import threading

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there are still
# ordinary synchronous ones, so Django's async-safety guard would be a false alarm.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_sqlite():
    """The live server answers the browser's requests in threads; on SQLite its threads share the test's in-memory
    database connection, and two requests at once (a page and its recording's byte ranges) would both start a
    transaction on it ("cannot start a transaction within a transaction"). There, requests are answered one at a
    time; PostgreSQL gives each thread its own connection and keeps answering them together."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    answer = WSGIHandler.__call__

    def one_at_a_time(self, environ, start_response):
        with lock:
            return answer(self, environ, start_response)

    WSGIHandler.__call__ = one_at_a_time
    yield
    WSGIHandler.__call__ = answer


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if not executable:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# Added to every document before its own scripts: the page's CSP does not apply to it, so it reports what the
# policy blocked (an inline script, a style attribute, a file from another origin) on the console.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});"""


def watch_content_security_policy(page) -> list[str]:
    """The violations this page's documents report from now on, as they come."""
    violations: list[str] = []
    page.add_init_script(CSP_LISTENER)
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if message.text.startswith("securitypolicyviolation")
            else None
        ),
    )
    return violations


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = watch_content_security_policy(page)
    yield page
    context.close()
    assert not violations, "the Content Security Policy blocked:\n" + "\n".join(violations)


@pytest.fixture
def accessibility_violations():
    """Serious or critical axe-core violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    def audit(page) -> list[str]:
        results = Axe().run(page)
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return audit
