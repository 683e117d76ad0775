"""The HTML report in a real browser: headless Chromium (Debian's) driven by Playwright.

Skipped, with the reason, only where Chromium or Playwright is missing; `.ci/run` installs both.
`pytest --regen-golden` also rebuilds the screenshots in docs/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import reconcile
from reconcile.model import Report
from reconcile.report.pages import COLUMNS_UP_TO
from tests.conftest import ROOT, write

CHROMIUM = (
    os.environ.get("RECONCILE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "docs" / "screenshots"

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[test]'"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        reason = (
            "Chromium not found: install Debian's chromium package (.ci/run does) or set RECONCILE_CHROMIUM"
        )
        if os.environ.get("RECONCILE_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with every console error, page error and request recorded."""

    def __init__(self, browser: Any, path: Path, scripts: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, java_script_enabled=scripts
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def seed_page(browser: Any, seed_report: Report, tmp_path: Path) -> Iterator[Watched]:
    watched = Watched(browser, write(tmp_path / "seed.html", reconcile.render(seed_report, "html")))
    yield watched
    watched.close()


def _visible(page: Any, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null).map(e => e.id || e.dataset.field)"
    )


def test_loads_with_no_console_error_and_no_network_request(seed_page: Watched) -> None:
    assert seed_page.page.title().startswith("Reconciliation: 3 conflicts")
    assert seed_page.errors == []
    assert seed_page.requests == [seed_page.url]


def test_every_link_is_http_https_or_an_anchor_that_exists(seed_page: Watched) -> None:
    hrefs = seed_page.page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs
    for href in hrefs:
        if href.startswith("#"):
            assert seed_page.page.locator(f"[id='{href[1:]}']").count() == 1, href
        else:
            assert href.startswith(("https://", "http://")), href


def test_filters_show_conflicts_only_and_one_field(seed_page: Watched) -> None:
    page = seed_page.page
    assert len(_visible(page, "section.incident")) == 7
    page.check("#only-conflicts")
    # Kalat (numbered), and Musakhail (labelled)
    assert sorted(_visible(page, "section.incident")) == ["incident-000005", "musakhail"]
    rows = page.eval_on_selector_all(
        "tr[data-field]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.status)"
    )
    assert rows and set(rows) == {"conflict"}
    assert page.text_content("#filter-status") == "Showing 2 of 7 incidents."
    page.uncheck("#only-conflicts")
    page.select_option("#field-filter", "killed")
    shown = page.eval_on_selector_all(
        "tr[data-field]", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.field)"
    )
    assert set(shown) == {"killed"}
    assert "incident-000003" not in _visible(page, "section.incident")  # Mastung: no killed figure there
    page.select_option("#field-filter", "")
    assert len(_visible(page, "section.incident")) == 7
    assert seed_page.errors == []


def test_filters_work_from_the_keyboard(seed_page: Watched) -> None:
    page = seed_page.page
    page.focus("#only-conflicts")
    page.keyboard.press("Space")
    assert page.is_checked("#only-conflicts")
    assert len(_visible(page, "section.incident")) == 2


def test_an_anchor_opens_its_incident_even_when_collapsed(browser: Any, tmp_path: Path) -> None:
    # more incidents than COLLAPSE_ABOVE: those without conflicts start collapsed
    rows = "".join(f"a{i},S{i},2024-08-{i + 1:02d},Place{i}x{i},{i}\n" for i in range(14))
    report = reconcile.reconcile(
        write(tmp_path / "many.csv", "id,source,event_date,location,killed\n" + rows)
    )
    watched = Watched(browser, write(tmp_path / "many.html", reconcile.render(report, "html")))
    page = watched.page
    target = report.incidents[5]
    assert page.eval_on_selector(f"[id='{target.id}'] details", "d => d.open") is False
    page.goto(f"{watched.url}#{target.id}--killed")
    assert page.eval_on_selector(f"[id='{target.id}'] details", "d => d.open") is True
    assert page.is_visible(f"[id='{target.id}--killed']")
    watched.close()


def test_without_scripts_everything_is_readable(browser: Any, seed_report: Report, tmp_path: Path) -> None:
    watched = Watched(
        browser, write(tmp_path / "seed.html", reconcile.render(seed_report, "html")), scripts=False
    )
    page = watched.page
    assert not page.is_visible("#filters")
    assert len(_visible(page, "section.incident")) == 7
    assert page.is_visible("[id='musakhail--victims']")
    assert "military personnel travelling in civilian clothes" in page.inner_text("[id='musakhail--victims']")
    watched.close()


HOSTILE = [
    {
        "id": "x1",
        "source": "<script>window.__pwned = 'source'</script>",
        "quote": "<img src=x onerror=\"window.__pwned='img'\"> <script>window.__pwned='quote'</script>",
        "via": "\" onmouseover=\"window.__pwned='via'",
        "url": "javascript:window.__pwned='url'",
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": "3",
    },
    {
        "id": "x2",
        "source": "B",
        "quote": "\"onmouseover=window.__pwned='attr' x=\"",
        "url": "https://example.org/b",
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": "30",
    },
]


def test_hostile_input_shows_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    report = reconcile.reconcile(write(tmp_path / "hostile.json", json.dumps(HOSTILE)))
    watched = Watched(browser, write(tmp_path / "hostile.html", reconcile.render(report, "html")))
    page = watched.page
    for element in page.query_selector_all("td, th, blockquote, li, a, span")[:400]:
        if element.is_visible():
            element.hover()
    page.click("a[href$='--src-2']")
    page.click("#expand-all")
    assert page.evaluate("window.__pwned") is None
    body = page.inner_text("body")
    assert "<script>window.__pwned = 'source'</script>" in body
    assert "<img src=x onerror=" in body
    assert "link not shown (not http/https): javascript:window.__pwned='url'" in body
    assert page.eval_on_selector_all("a[href^='javascript']", "els => els.length") == 0
    assert watched.requests == [watched.url]  # the <img src=x> never loaded
    watched.close()


def test_screenshots_of_the_seed_report(seed_page: Watched, regen: bool) -> None:
    desktop, printed = SCREENSHOTS / "seed-desktop.png", SCREENSHOTS / "seed-print.png"
    if regen:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        seed_page.page.screenshot(path=str(desktop))
        seed_page.page.emulate_media(media="print")
        seed_page.page.set_viewport_size({"width": 820, "height": 1160})
        seed_page.page.screenshot(path=str(printed))
    readme = (ROOT / "README.md").read_text("utf-8")
    for shot in (desktop, printed):
        assert shot.exists(), f"{shot} is missing; rebuild with `pytest --regen-golden`"
        assert str(shot.relative_to(ROOT)) in readme


def _axe_violations(browser: Any, path: Path) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    # axe is injected as a script, which the report's own policy rightly refuses; bypass it here only
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    violations: list[dict[str, Any]] = Axe().run(page).response["violations"]
    context.close()
    return violations


@pytest.mark.parametrize("case", ["seed", "fifteen"])
def test_axe_finds_no_accessibility_violation(
    browser: Any, layout_cases: dict[str, tuple[Report, Path]], case: str
) -> None:
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is a test dependency")
    violations = _axe_violations(browser, layout_cases[case][1])
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_axe_does_find_a_known_violation(browser: Any, tmp_path: Path) -> None:
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is a test dependency")
    page = '<!doctype html><html lang="en"><title>x</title><p style="color:#ccc">faint</p></html>'
    violations = _axe_violations(browser, write(tmp_path / "bad.html", page))
    assert "color-contrast" in {v["id"] for v in violations}


def _large_report(tmp_path: Path) -> Report:
    """More incidents than pages.LAZY_ABOVE (205): one account each, except every 50th, which
    two sources tell with figures that conflict; and one hostile account."""
    day = dt.date(2024, 1, 1)
    rows = [{"id": f"a{i:03d}", "source": f"S{i}", "event_date": str(day + dt.timedelta(days=i)),
             "location": f"Place{i}x{i}", "killed": str(i)} for i in range(205)]  # fmt: skip
    rows += [
        {**rows[i], "id": f"b{i:03d}", "source": "Second", "killed": str(i + 40)} for i in range(0, 205, 50)
    ]
    rows.append({**HOSTILE[0], "event_date": "2025-06-01", "location": "Hostileville"})
    return reconcile.reconcile(write(tmp_path / "large.json", json.dumps(rows)))


def test_a_large_report_pages_its_index_and_draws_an_incident_when_opened(
    browser: Any, tmp_path: Path
) -> None:
    report = _large_report(tmp_path)
    assert len(report.incidents) == 206
    watched = Watched(browser, write(tmp_path / "large.html", reconcile.render(report, "html")))
    page = watched.page
    assert page.text_content("#index-page") == "Incidents 1–100 of 206"
    shown_rows = page.eval_on_selector_all(
        "nav.index tbody tr", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.incident)"
    )
    conflicted = [i.id for i in report.incidents if i.conflicts]
    assert len(shown_rows) == 100 and shown_rows[: len(conflicted)] == sorted(
        conflicted, key=[i.id for i in report.incidents].index
    )  # conflicts first
    page.click("#index-next")
    assert page.text_content("#index-page") == "Incidents 101–200 of 206"
    page.fill("#index-find", "Place17x17")
    assert page.text_content("#index-page") == "Incidents 1–1 of 1"
    # an incident's detail is not in the page until it is opened
    target = next(i for i in report.incidents if i.conflicts)
    assert page.locator(f"[id='{target.id}--killed']").count() == 0
    page.click(f"[id='{target.id}'] details.incident-body > summary")
    page.wait_for_selector(f"[id='{target.id}--killed']", state="visible", timeout=10_000)
    # a link to a field of an incident not yet drawn opens it
    other = report.incidents[-3]
    page.goto(f"{watched.url}#{other.id}--killed")
    page.wait_for_selector(f"[id='{other.id}--killed']", state="visible", timeout=10_000)
    # the filters work on incidents whose detail is not drawn
    page.fill("#index-find", "")
    page.check("#only-conflicts")
    assert page.text_content("#filter-status") == f"Showing {len(conflicted)} of 206 incidents."
    assert page.text_content("#index-page") == f"Incidents 1–{len(conflicted)} of {len(conflicted)}"
    page.uncheck("#only-conflicts")
    # hostile text drawn late is still text
    page.click("#expand-all")
    page.wait_for_function("() => !document.querySelector('script.incident-detail')", timeout=30_000)
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 'source'</script>" in page.inner_text("body")
    assert watched.errors == []
    watched.close()


# Layout: the seed and an incident told by fifteen sources (fixtures/fifteen-sources), on a desktop
# and on a phone. Each page is photographed (full length) into pytest's temporary folder, named
# in the test's output, so that a failure can be looked at.
FIFTEEN = "fixtures/fifteen-sources/accounts.yaml"
WIDTHS = {"desktop": 1400, "phone": 390}


@pytest.fixture(scope="module")
def layout_cases(
    seed_report: Report, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Report, Path]]:
    import contextlib

    with contextlib.chdir(ROOT):
        fifteen = reconcile.reconcile([FIFTEEN])
    folder = tmp_path_factory.mktemp("layout")
    return {
        name: (report, write(folder / f"{name}.html", reconcile.render(report, "html")))
        for name, report in (("seed", seed_report), ("fifteen", fifteen))
    }


@pytest.fixture(params=[(r, w) for r in ("seed", "fifteen") for w in WIDTHS])
def laid_out(
    request: pytest.FixtureRequest, browser: Any, layout_cases: dict[str, tuple[Report, Path]]
) -> Iterator[tuple[Report, Any]]:
    name, width = request.param
    report, path = layout_cases[name]
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    shot = path.with_name(f"{name}-{width}.png")
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    yield report, page
    context.close()


def test_the_page_never_scrolls_sideways(laid_out: tuple[Report, Any]) -> None:
    _, page = laid_out
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner


def test_every_source_of_every_incident_can_be_brought_into_view_in_its_table(
    laid_out: tuple[Report, Any],
) -> None:
    """Each source's name in each incident's field table, scrolled to (inside the table where it
    scrolls sideways, never the page), lies inside the window and is not covered by anything."""
    report, page = laid_out
    reached = page.evaluate(
        """() => {
        const out = {};
        for (const section of document.querySelectorAll("section.incident")) {
          const names = new Set();
          for (const a of section.querySelectorAll("table a[href*='--src-']")) {
            a.scrollIntoView({block: "center", inline: "center"});
            const rects = [...a.getClientRects()];
            const inside = rects.length > 0 && rects.every(r => r.left >= 0 && r.right <= innerWidth + 0.5);
            const r = rects[0];
            const top = r && document.elementFromPoint(r.left + Math.min(r.width, 8) / 2, r.top + 4);
            if (inside && top && a.contains(top)) { names.add(a.textContent); }
          }
          out[section.id] = [...names];
        }
        window.scrollTo(0, 0);
        return out;
    }"""
    )
    wanted = {i.id: sorted({report.account(a).source for a in i.accounts}) for i in report.incidents}
    assert {incident: sorted(names) for incident, names in reached.items()} == wanted
    if "kohna-bazar" in wanted:
        assert len(wanted["kohna-bazar"]) == 15


def test_an_incident_with_many_sources_shows_them_all_without_scrolling_sideways(
    laid_out: tuple[Report, Any],
) -> None:
    """Past COLUMNS_UP_TO accounts the table lists each field's values with their sources instead
    of a column each: nothing in it scrolls sideways, at any width."""
    report, page = laid_out
    many = [i.id for i in report.incidents if len(i.accounts) > COLUMNS_UP_TO]
    assert many  # the seed's Musakhail has ten accounts, the fixture's incident sixteen
    for incident in many:
        wide = page.eval_on_selector(
            f"[id='{incident}'] table",
            """t => [t.parentElement.scrollWidth - t.parentElement.clientWidth,
                     t.getBoundingClientRect().right - innerWidth]""",
        )
        assert max(wide) <= 0.5, incident


def test_chart_text_stays_inside_its_picture_is_legible_and_never_overlaps(
    laid_out: tuple[Report, Any],
) -> None:
    _, page = laid_out
    problems = page.evaluate(
        """() => {
        const problems = [];
        const svgs = document.querySelectorAll("figure.chart svg, figure.timeline-chart svg");
        for (const svg of svgs) {
          const box = svg.viewBox.baseVal;
          const scale = svg.getBoundingClientRect().width / box.width;
          const texts = [...svg.querySelectorAll("text")];
          const boxes = texts.map(t => t.getBBox());
          texts.forEach((t, i) => {
            const b = boxes[i];
            const where = svg.closest("section").id + ": " + t.textContent;
            if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5
                || b.y + b.height > box.y + box.height + 0.5) { problems.push("outside: " + where); }
            const px = parseFloat(getComputedStyle(t).fontSize) * scale;
            if (px < 11.95) { problems.push("drawn at " + px.toFixed(1) + " px: " + where); }
            boxes.slice(0, i).forEach((o, j) => {
              if (b.x < o.x + o.width - 0.5 && o.x < b.x + b.width - 0.5
                  && b.y < o.y + o.height - 0.5 && o.y < b.y + b.height - 0.5) {
                problems.push("overlap: " + where + " / " + texts[j].textContent);
              }
            });
          });
        }
        return [svgs.length, problems];
    }"""
    )
    count, found = problems
    assert count > 0
    assert found == []


def test_every_colour_drawn_is_in_its_incidents_legend(laid_out: tuple[Report, Any]) -> None:
    _, page = laid_out
    missing = page.evaluate(
        """() => {
        const missing = [];
        for (const section of document.querySelectorAll("section.incident")) {
          const marks = section.querySelectorAll("svg .mark");
          if (!section.querySelector("figure.chart, figure.timeline-chart")) { continue; }
          const legend = section.querySelector(".legend");
          if (!legend || legend.offsetParent === null) { missing.push(section.id + ": no legend"); continue; }
          const swatches = [...legend.querySelectorAll(".swatch")];
          const keyed = new Set(swatches.map(s => getComputedStyle(s).backgroundColor));
          for (const m of marks) {
            const fill = getComputedStyle(m).fill;
            if (!keyed.has(fill)) { missing.push(section.id + ": " + fill); }
          }
        }
        return [...new Set(missing)];
    }"""
    )
    assert missing == []
