"""Real-browser tests: the app served by ``streamlit run`` on a free port, driven in Debian's chromium.

They run when /usr/bin/chromium and playwright are present and skip with a reason otherwise; under
CI (``CI=true``) a missing browser is an error, so a green CI always includes them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _require_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} fehlt (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright fehlt (pip install -r requirements-dev.txt)")
    if missing:
        reason = "Browser-Tests übersprungen: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason.replace("übersprungen", "nicht möglich"))
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(database_file: Path, script: str = "app.py", without_env: tuple[str, ...] = ()) -> Iterator[str]:
    """``streamlit run <script>`` (default app.py) on a free port against ``database_file``, without the
    environment variables named in ``without_env``; yields its URL."""
    _require_browser()
    port = _free_port()
    env = {**os.environ, "SOZIALRAUM_DATABASE_URL": f"sqlite:///{database_file}"}
    for name in without_env:
        env.pop(name, None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace")[-4000:]
                pytest.fail(f"Die App ist nicht gestartet:\n{output}")
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a server still busy (e.g. materialising an index) is stopped hard
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(demo_sqlite_file) -> Iterator[str]:
    with running_app(demo_sqlite_file) as url:
        yield url


@pytest.fixture
def fresh_app_url(demo_sqlite_file) -> Iterator[str]:
    """A server of its own, so the test's first request is the server's first."""
    with running_app(demo_sqlite_file) as url:
        yield url


@pytest.fixture
def app_on():
    """``running_app`` for a test that needs a database of its own (one it changes): ``with app_on(path) as url``."""
    return running_app


@pytest.fixture(scope="session")
def browser(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class PageVisit:
    """A page opened in a fresh context, recording every request the browser makes."""

    def __init__(self, browser, width: int = 1440, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="de-DE")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="domcontentloaded")
        self.settle()

    def settle(self, timeout_s: float = 60) -> None:
        page = self.page
        page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
        # The script state reads "notRunning" before the first run starts: wait for content first.
        page.wait_for_selector("[data-testid='stMain'] h1, [data-testid='stException']", timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            running = page.locator("[data-testid='stApp'][data-test-script-state='running']").count()
            skeleton = page.locator("[data-testid='stSkeleton']").count()
            if not running and not skeleton and page.locator("[data-testid='stMain']").count():
                break
            page.wait_for_timeout(250)
        page.wait_for_timeout(1500)  # charts and iframes draw after the script ends

    def foreign_requests(self) -> list[str]:
        from urllib.parse import urlparse

        return [
            url
            for url in self.requests
            if urlparse(url).hostname not in LOCAL_HOSTS and not url.startswith(("data:", "blob:", "about:"))
        ]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser) -> Iterator[PageVisit]:
    page_visit = PageVisit(browser)
    yield page_visit
    page_visit.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = Path(os.environ.get("SOZIALRAUM_SCREENSHOT_DIR", ROOT / "tests" / "e2e" / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path
