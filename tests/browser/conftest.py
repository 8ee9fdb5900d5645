"""Fixtures for the browser tests (tests/browser/): the app served as a user runs it, one headless Chromium per
session, a fresh browser context per test, and where screenshots go.

Without Playwright or Chromium the browser tests are skipped with the reason; with
``CONVVIZ_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) they fail instead. ``CHROMIUM=/path`` picks the browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVER_START_TIMEOUT_S = 60
_SCREENSHOTS_TAKEN = pytest.StashKey[Path]()


def _unavailable(reason: str) -> None:
    """Skip the browser tests with ``reason``, or fail when CONVVIZ_REQUIRE_BROWSER=1."""
    if os.environ.get("CONVVIZ_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CONVVIZ_REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def _chromium_path(playwright) -> str | None:
    """$CHROMIUM if set; else Debian's /usr/bin/chromium; else the one `playwright install chromium` fetched."""
    if os.environ.get("CHROMIUM"):
        path = os.environ["CHROMIUM"]
        return path if os.access(path, os.X_OK) else None
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    try:
        bundled = playwright.chromium.executable_path
    except Exception:  # no bundled browser is not an error here
        return None
    return bundled if bundled and os.access(bundled, os.X_OK) else None


@pytest.fixture(scope="session")
def e2e_browser():
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -r requirements-dev.txt")
    playwright = sync_playwright().start()
    try:
        executable = _chromium_path(playwright)
        if executable is None:
            wanted = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
            _unavailable(f"Chromium not found at {wanted}: apt-get install -y chromium "
                         "(or playwright install chromium, or set CHROMIUM=/path/to/chromium)")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SCREENSHOTS.glob("*.png"):  # the previous run's
            old.unlink()
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def app_url():
    """`streamlit run app.py` from the repository root, as a user starts it; yields its base URL."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = ARTIFACTS / "streamlit-browser-tests.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1"]
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                pytest.fail(f"streamlit did not answer {url}/_stcore/health with 'ok' within "
                            f"{SERVER_START_TIMEOUT_S} s (exit code {server.poll()}); log {log_path}:\n{tail}",
                            pytrace=False)
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def app_page(e2e_browser, app_url, request):
    """A page in a fresh browser context (1280×800); screenshot saved if the test fails."""
    context = e2e_browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"FAILED-{request.node.name}.png"
        try:
            page.screenshot(path=str(path))
            request.config.stash[_SCREENSHOTS_TAKEN] = SCREENSHOTS
        except Exception:  # a failed screenshot must not hide the test's own failure
            pass
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig) -> Path:
    """test-artifacts/screenshots/ (emptied when the browser starts); its path is printed at the end of the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pytestconfig.stash[_SCREENSHOTS_TAKEN] = SCREENSHOTS
    return SCREENSHOTS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(_SCREENSHOTS_TAKEN, None)
    if folder is not None and folder.is_dir():
        terminalreporter.write_line(f"browser screenshots: {folder}")
