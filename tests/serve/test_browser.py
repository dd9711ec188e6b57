"""The page as a person uses it, in Debian's headless Chromium driven by
Playwright: check a file, download the annotated copy, build the pack, and no
request leaves 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "child_a"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
]


@pytest.fixture
def page(tmp_path):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright's Python package is not installed"
    )
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(accept_downloads=True)
        outside: list[str] = []

        def guard(route):
            host = urlparse(route.request.url).hostname
            if host in ("127.0.0.1", None) or route.request.url.startswith(
                ("data:", "blob:")
            ):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.outside = outside
        page.errors = errors
        yield page
        browser.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def _shot(page, name: str) -> None:
    folder = os.environ.get("CHRONOMERGE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample_data/child_a is missing")
def test_check_my_chronology(page, live_server, tmp_path):
    page.goto(live_server.address)
    assert "token" not in page.url
    _shot(page, "serve_home.png")
    page.get_by_role("link", name="Check my chronology").first.click()
    sample = sorted(p for p in SAMPLE.glob("*.csv") if not p.name.startswith("truth"))[
        0
    ]
    page.get_by_label("Chronology file").set_input_files(str(sample))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_selector("h1:has-text('Check results')")
    _shot(page, "serve_check.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="highlighted").click()
    target = tmp_path / "annotated.xlsx"
    info.value.save_as(target)
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "Issues"
    assert not page.errors


@pytest.mark.skipif(not SAMPLE.exists(), reason="sample_data/child_a is missing")
def test_build_the_pack(page, live_server, tmp_path):
    page.goto(live_server.address)
    page.get_by_role("link", name="Build the pack").first.click()
    files = sorted(
        str(p)
        for p in SAMPLE.iterdir()
        if p.suffix.lower() in {".xlsx", ".docx", ".csv"}
        and not p.name.startswith("truth")
    )
    page.get_by_label("Agency chronologies").set_input_files(files)
    page.get_by_role("button", name="Build the pack").click()
    page.wait_for_selector("dl.summary", timeout=180_000)
    assert page.locator("h1").inner_text() == "The pack"
    page.frame_locator("iframe.timeline").locator(".main-svg").first.wait_for()
    _shot(page, "serve_pack.png")
    with page.expect_download() as info:
        page.get_by_role("link", name="Panel workbook (Excel)").click()
    target = tmp_path / "panel_pack.xlsx"
    info.value.save_as(target)
    assert "Chronology" in openpyxl.load_workbook(target, read_only=True).sheetnames
    assert not page.errors


def test_requests_without_the_token_or_from_another_host_are_refused(page, live_server):
    response = page.request.get(live_server.base + "/")
    assert response.status == 403
    response = page.request.get(
        live_server.address, headers={"Host": f"attacker.example:{live_server.port}"}
    )
    assert response.status == 421


def test_keyboard_reaches_the_main_actions(page, live_server):
    page.goto(live_server.address)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Skip")
    names = []
    for _ in range(4):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent"))
    assert "Check my chronology" in names and "Build the pack" in names


def test_readable_at_200_percent_zoom(page, live_server):
    """A 1280-pixel screen at 200% zoom is a 640-pixel-wide page: nothing may
    need sideways scrolling, and text stays at least 16 CSS pixels."""
    page.set_viewport_size({"width": 640, "height": 900})
    page.goto(live_server.address)
    for path in ("/", "/check", "/pack"):
        page.goto(live_server.base + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, path
        size = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
        )
        assert size >= 16, path
