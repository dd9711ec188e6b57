"""The timeline page in a real browser: Debian's headless Chromium.

The page is opened from a file with every other request refused and the
network switched off; the tests check that it draws every entry, raises no
JavaScript error, asks for nothing, and shows injected markup as text. A
screenshot of each page is saved in pytest's temporary folder.

Needs Debian's ``chromium`` package and the ``playwright`` Python package
(the test extra); never Playwright's own browser download.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from test_timeline import IMG_ATTACK, SCRIPT_ATTACK, timeline_chronology

from chronomerge.export.timeline import timeline_figure, write_page, write_timeline

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 60_000  # generous: CI machines are slow and shared

playwright = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is missing: pip install -e '.[test]'",
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install chromium); "
        ".ci/run installs it",
    ),
]

# What the page reports about itself once Plotly has drawn.
STATE_JS = """() => {
  const gd = document.getElementById("chronomerge-timeline");
  const entries = gd._fullData.filter(t => t.meta && t.meta.role === "entries");
  let svgPoints = 0;
  gd.querySelectorAll(".scatterlayer .trace").forEach(g => {
    const trace = g.__data__ && g.__data__[0] && g.__data__[0].trace;
    if (trace && trace.meta && trace.meta.role === "entries") {
      svgPoints += g.querySelectorAll("path.point").length;
    }
  });
  const plot = gd._fullLayout._plots.xy;
  return {
    plotted: gd.classList.contains("js-plotly-plot"),
    width: gd.getBoundingClientRect().width,
    types: [...new Set(entries.map(t => t.type))],
    points: entries.reduce((n, t) => n + t._length, 0),
    typed: entries.every(t => t.x instanceof Float64Array && ArrayBuffer.isView(t.y)),
    svgPoints: svgPoints,
    glTraces: plot._scene ? plot._scene.count : 0,
    noWebgl: !!document.querySelector(".no-webgl"),
    fallback: document.documentElement.getAttribute("data-webgl-fallback"),
    pwned: window.__pwned === undefined ? null : window.__pwned,
    scripts: document.querySelectorAll("script:not([type])").length,
    lanesTopDown: gd._fullLayout.yaxis.range[0] > gd._fullLayout.yaxis.range[1],
    injected: gd.querySelectorAll("script, img, iframe").length,
  };
}"""

# Where on screen the marker whose hover text holds ``needle`` is drawn.
MARKER_AT_JS = """(needle) => {
  const gd = document.getElementById("chronomerge-timeline");
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const box = gd.getBoundingClientRect();
  for (const trace of gd._fullData) {
    if (!trace.meta || trace.meta.role !== "entries") { continue; }
    const j = trace.hovertext.findIndex(text => text.includes(needle));
    if (j >= 0) {
      return {
        x: box.left + xa._offset + xa.d2p(trace.x[j]),
        y: box.top + ya._offset + ya.d2p(trace.y[j]),
      };
    }
  }
  return null;
}"""


@dataclass
class Visit:
    """One page load: what it asked for and what went wrong."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        return self.page.evaluate(STATE_JS)

    def hover(self, needle: str) -> str | None:
        """Point the mouse at an entry's marker; the hover label's text."""
        at = self.page.evaluate(MARKER_AT_JS, needle)
        if at is None:
            return None
        self.page.mouse.move(at["x"] - 30, at["y"] - 30)
        self.page.mouse.move(at["x"], at["y"], steps=3)
        label = self.page.locator(".hoverlayer .hovertext")
        label.first.wait_for(timeout=TIMEOUT_MS)
        return label.first.text_content()


@pytest.fixture(scope="module")
def driver():
    with playwright.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(driver):
    browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    yield browser
    browser.close()


def visit(browser, path: Path) -> Visit:
    """Open ``path`` offline, refusing every request but the page itself."""
    context = browser.new_context(
        viewport={"width": 1500, "height": 1000}, offline=True, service_workers="block"
    )
    page = context.new_page()
    seen = Visit(page=page, url=path.resolve().as_uri())

    def route(route):
        if route.request.url == seen.url:
            route.continue_()
        else:
            seen.refused.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: seen.requests.append(request.url))
    page.on("pageerror", lambda exc: seen.errors.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            seen.errors.append(f"console: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.goto(seen.url)
    page.wait_for_selector("html[data-rendered=true]", timeout=TIMEOUT_MS)
    return seen


def assert_clean(seen: Visit) -> None:
    assert seen.errors == []
    assert seen.refused == []
    assert seen.requests == [seen.url]


@pytest.fixture(scope="module")
def svg_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("timeline-svg")
    return write_timeline(timeline_chronology(), folder / "timeline.html")


@pytest.fixture(scope="module")
def gl_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("timeline-webgl")
    chronology = timeline_chronology()
    review = chronology.review.review
    fig = timeline_figure(chronology, webgl=True)
    return write_page(
        fig, folder / "timeline.html", title=review.name, marking=review.marking
    )


def dated_entries() -> int:
    entries = timeline_chronology().entries
    return int((entries["date_start"] != "").sum())


def test_the_page_draws_every_entry_offline_without_errors(browser, svg_page):
    seen = visit(browser, svg_page)
    state = seen.state()
    assert state["plotted"] and state["width"] > 1000
    assert state["lanesTopDown"]  # the flags lane first, then the agencies
    assert state["types"] == ["scatter"]
    assert state["points"] == dated_entries()
    assert state["svgPoints"] == dated_entries()  # each one a marker on screen
    assert state["typed"]  # the dates reached Plotly as typed arrays of numbers
    assert state["scripts"] == 2  # plotly.js and the call that draws
    shot = svg_page.with_name("timeline.png")
    seen.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 30_000
    assert_clean(seen)


@pytest.mark.parametrize(
    ("needle", "shown"),
    [
        ("window.__pwned = 1", SCRIPT_ATTACK),
        ("window.__pwned = 2", IMG_ATTACK),
    ],
)
def test_injected_markup_is_shown_as_text_and_never_runs(
    browser, svg_page, needle, shown
):
    seen = visit(browser, svg_page)
    label = seen.hover(needle)
    assert label is not None, "the entry is not on the page"
    assert shown in label
    state = seen.state()
    assert state["pwned"] is None
    assert state["injected"] == 0
    seen.page.screenshot(path=str(svg_page.with_name(f"hover-{needle[-1]}.png")))
    assert_clean(seen)


def test_the_range_buttons_and_the_legend_work(browser, svg_page):
    seen = visit(browser, svg_page)
    page = seen.page
    page.locator(".rangeselector .button", has_text="1 month").click()
    span = page.evaluate(
        """() => {
          const r = document.getElementById("chronomerge-timeline").layout.xaxis.range;
          return (new Date(r[1]) - new Date(r[0])) / 864e5;
        }"""
    )
    assert 27 <= span <= 32
    key = page.locator(".legend .traces", has_text="Flag: a prompt for the panel")
    key.locator(".legendtoggle").click()
    page.wait_for_timeout(800)  # Plotly waits to tell a click from a double-click
    hidden = page.evaluate(
        """() => document.getElementById("chronomerge-timeline")._fullData
            .filter(t => t.legendgroup === "flags").map(t => t.visible)"""
    )
    assert hidden and set(hidden) == {"legendonly"}
    assert_clean(seen)


@pytest.mark.slow
def test_the_webgl_page_draws_every_entry(browser, gl_page):
    seen = visit(browser, gl_page)
    state = seen.state()
    assert state["types"] == ["scattergl"]
    assert state["points"] == dated_entries()
    assert state["typed"]
    assert state["glTraces"] > 0 and not state["noWebgl"]
    assert state["fallback"] is None
    label = seen.hover("window.__pwned = 1")
    assert "<script>window.__pwned = 1</script>" in label
    assert seen.state()["pwned"] is None
    shot = gl_page.with_name("timeline.png")
    seen.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 30_000
    assert_clean(seen)


@pytest.mark.slow
def test_without_webgl_the_page_falls_back_to_svg(driver, gl_page):
    """Some remote desktops have no WebGL; the page still shows every entry."""
    browser = driver.chromium.launch(
        executable_path=str(CHROMIUM), args=[*LAUNCH_ARGS, "--disable-3d-apis"]
    )
    try:
        seen = visit(browser, gl_page)
        state = seen.state()
        shot = gl_page.with_name("no-webgl.png")
        seen.page.screenshot(path=str(shot), full_page=True)
    finally:
        browser.close()
    assert state["fallback"] == "true"
    assert state["lanesTopDown"]
    assert state["types"] == ["scatter"]
    assert state["svgPoints"] == dated_entries()
    assert not state["noWebgl"]
    assert_clean(seen)


def test_a_browser_that_cannot_inflate_says_so(browser, svg_page):
    """The figure is deflated; a browser without DecompressionStream (before
    Firefox 113, Safari 16.4) gets a sentence, not a blank page."""
    context = browser.new_context(offline=True)
    context.add_init_script("delete window.DecompressionStream;")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(svg_page.resolve().as_uri())
    message = page.locator("#chronomerge-timeline")
    message.filter(has_text="too old to show the timeline").wait_for(timeout=TIMEOUT_MS)
    assert page.evaluate("document.documentElement.dataset.rendered") is None
    assert errors == []
    context.close()


# The accepted episodes' bands as drawn: each named shape's path on screen,
# its left and right edges, and the labels' text.
EPISODES_JS = """() => {
  const gd = document.getElementById("chronomerge-timeline");
  const shapes = gd._fullLayout.shapes;
  const paths = gd.querySelectorAll(".layer-below .shapelayer path");
  const bands = [];
  shapes.forEach((s, i) => {
    if (!(s.name || "").startsWith("episode")) { return; }
    const path = [...paths].find(p => p.getAttribute("data-index") === String(i));
    const box = path ? path.getBoundingClientRect() : null;
    bands.push({name: s.name, width: box ? box.width : 0,
                fill: path ? path.style.fill : ""});
  });
  const labels = [...gd.querySelectorAll(".annotation-text")]
    .map(t => t.textContent).filter(t => t.startsWith("Episode"));
  return {bands: bands, labels: labels};
}"""


@pytest.fixture(scope="module")
def episode_page(tmp_path_factory) -> Path:
    from test_episodes_outputs import accepting_review

    from chronomerge import merge

    base = tmp_path_factory.mktemp("timeline-episodes")
    folder = accepting_review(base / "child_a")
    chronology = merge([folder], review=folder / "review.toml")
    return write_timeline(chronology, base / "timeline.html")


def test_accepted_episodes_are_drawn_as_labelled_bands(browser, episode_page):
    seen = visit(browser, episode_page)
    drawn = seen.page.evaluate(EPISODES_JS)
    assert [b["name"] for b in drawn["bands"]] == ["episode-1", "episode-2"]
    # 22 days are wider on screen than 4, and both are filled
    assert 0 < drawn["bands"][0]["width"] < drawn["bands"][1]["width"]
    assert all(b["fill"] for b in drawn["bands"])
    assert drawn["labels"] == ["Episode 1", "Episode 2"]
    label = seen.page.locator(".annotation-text", has_text="Episode 2")
    label.hover()
    hover = seen.page.locator(".hoverlayer .hovertext")
    hover.first.wait_for(timeout=TIMEOUT_MS)
    assert "Domestic abuse and MARAC" in hover.first.text_content()
    seen.page.screenshot(path=str(episode_page.with_name("episodes.png")))
    assert_clean(seen)


CONFLICTS_JS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const shown = gd._fullData.filter(t => t.meta && t.meta.role === "conflicts");
  const layer = shown.length ? gd.querySelectorAll(
    '.scatterlayer .trace')[shown[0].index] : null;
  return {
    traces: shown.length,
    points: shown.length ? gd.calcdata[shown[0].index].length : 0,
    drawn: layer ? layer.querySelectorAll('path.point').length : 0,
  };
}"""


@pytest.fixture(scope="module")
def conflict_page(tmp_path_factory) -> Path:
    from test_timeline_conflicts import conflicting_review

    from chronomerge import merge

    base = tmp_path_factory.mktemp("timeline-conflicts")
    chronology = merge(conflicting_review(base / "review"))
    return write_timeline(chronology, base / "timeline.html")


def test_conflicting_accounts_are_marked_on_both_entries(browser, conflict_page):
    seen = visit(browser, conflict_page)
    drawn = seen.page.evaluate(CONFLICTS_JS)
    assert drawn["traces"] == 1
    assert drawn["points"] == 2  # the police and the hospital entries
    assert drawn["drawn"] == 2  # each a mark on screen
    seen.page.screenshot(path=str(conflict_page.with_name("conflicts.png")))
    assert_clean(seen)
