"""The report: every notebook executes on small data, and the exported pages work in headless
Chromium with the network unreachable (charts draw, no console errors, injected scripts stay text).
"""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.views import report

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
INJECTED = "<script>window.__pwned=1</script>"

# Three short articles written for this test: one carries an injected script in its title and
# text, and dollar signs that MathJax would typeset as maths if the text were not protected.
STORY_ROWS = [
    {"id": "t1", "outlet": "CNN", "domain": "cnn.com", "date": "2014-12-19",
     "title": f"Officials blame North Korea {INJECTED}",
     "text": ("US officials said North Korea was behind the attack on Sony Pictures, CNN reported. "
              f"A leaked e-mail held the line {INJECTED} and nothing else, the studio said.\n\n"
              "The studio may lose $5 million, and the hackers could ask for $10 more, one analyst said. "
              "The FBI said it would reveal its findings on Friday.")},
    {"id": "t2", "outlet": "Fox News", "domain": "foxnews.com", "date": "2014-12-19",
     "title": "FBI to reveal findings on Sony attack",
     "text": ("The FBI will reportedly reveal its findings on the Sony Pictures attack on Friday. "
              "Officials believe North Korea might be responsible, Reuters reported.")},
    {"id": "t3", "outlet": "NPR", "domain": "npr.org", "date": "2014-12-20",
     "title": "North Korea denies role in hack",
     "text": "North Korea denied any role in the hack, the state news agency said. It demanded a joint probe."},
]

# (domain, outlet, bias, mean hedges per 100 words): outlets rated in data/outlet_ratings.csv and in
# the MBFC labels, with more hedging where MBFC rates factuality higher; "tiny.example" has too few
OUTLETS = [("reuters.com", "Reuters", "center", 1.6), ("apnews.com", "Associated Press", "left", 1.4),
           ("npr.org", "NPR", "center", 1.3), ("nytimes.com", "The New York Times", "left", 1.3),
           ("cnn.com", "CNN", "left", 1.0), ("foxnews.com", "Fox News", "right", 0.9),
           ("breitbart.com", "Breitbart", "right", 0.8), ("newsmax.com", "Newsmax", "right", 0.6),
           ("rt.com", "RT", "center", 0.4), ("infowars.com", "InfoWars", "right", 0.3),
           ("sputniknews.com", "Sputnik", "left", 0.3)]


def tiny_feature_table() -> pd.DataFrame:
    """A feature table shaped like the shipped one (ids, outlets, domains, dates, measures,
    error), with made-up values: 6 articles per outlet, 2 for one outlet, one failed row."""
    rng = np.random.default_rng(7)
    rows = []
    for domain, outlet, bias, level in OUTLETS + [("tiny.example", "Tiny Outlet", "center", 1.0)]:
        for k in range(2 if domain == "tiny.example" else 6):
            rows.append({"article_id": f"{domain}-{k}", "outlet": outlet, "domain": domain,
                         "date": pd.Timestamp("2016-01-01") + pd.Timedelta(days=k),
                         "label_bias": bias,
                         "hedge_per_100w": level + rng.normal(0, 0.1),
                         "hedge_share_modal": rng.uniform(0, 1), "src_attributions": float(rng.integers(0, 20)),
                         "src_named_share": rng.uniform(0, 1), "lang_loaded_per_100w": rng.uniform(0, 2),
                         "read_flesch_reading_ease": rng.normal(50, 10), "style_words": float(rng.integers(100, 900)),
                         "error": None})
    rows.append({**rows[0], "article_id": "broken", "hedge_per_100w": np.nan, "error": "ValueError: empty text"})
    frame = pd.DataFrame(rows)
    frame["error"] = frame["error"].astype("string")
    return frame


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    story = base / "story.csv"
    pd.DataFrame(STORY_ROWS).to_csv(story, index=False)
    features = base / "features.parquet"
    tiny_feature_table().to_parquet(features)
    out = base / "pages"
    parameters = {"01_article_anatomy": {"data": str(story)}, "02_one_story": {"data": str(story)},
                  "03_outlet_profiles": {"data": str(features), "min_articles": 5},
                  "04_reliability_signals": {"data": str(features)}}
    pages = report.build(out, parameters=parameters)
    return out, pages


def test_every_notebook_runs_and_is_exported(built):
    out, pages = built
    assert [p.notebook.stem for p in pages] == [s.stem for s in report.notebook_sources()]
    assert len(pages) == 5
    for page in pages:
        assert page.error is None, f"{page.notebook.name}: {page.error}"
        assert page.html.exists() and page.title[0].isdigit()
    index = (out / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="{page.html.name}"' in index


def test_notebooks_stay_text(built):
    assert not list(report.NOTEBOOK_DIR.glob("*.ipynb"))


def test_pages_reference_nothing_on_the_network(built):
    out, _ = built
    pattern = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I)
    for page in sorted(out.glob("*.html")):
        found = pattern.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.name} loads from the network: {found[:3]}"


def test_code_is_hidden_by_default_and_shown_on_request(built, tmp_path):
    out, _ = built
    hidden = (out / "05_method_validation.html").read_text(encoding="utf-8")
    assert "views.page_setup()" not in hidden
    shown = report.build(tmp_path, with_code=True, notebooks=[report.NOTEBOOK_DIR / "05_method_validation.py"])
    assert "page_setup" in shown[0].html.read_text(encoding="utf-8")


def test_main_rejects_a_missing_data_path(tmp_path, capsys):
    assert report.main(["--data", str(tmp_path / "absent.csv"), "--out", str(tmp_path)]) == 2
    assert "absent.csv" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# In the browser

DISTINCT_COLOURS = """async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  const seen = new Set();
  for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  return seen.size;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_offline(browser, path: Path):
    """Open ``path`` with every non-file request aborted; returns the page, the requests that
    tried the network, and the console errors."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    attempts: list[str] = []
    errors: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            attempts.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(1500)
    return page, attempts, errors


@pytest.mark.parametrize("stem", ["01_article_anatomy", "02_one_story", "03_outlet_profiles",
                                  "04_reliability_signals", "05_method_validation"])
def test_page_works_offline_in_chromium(built, browser, stem):
    out, _ = built
    page, attempts, errors = open_offline(browser, out / f"{stem}.html")
    try:
        assert attempts == [], f"requests to the network: {attempts}"
        assert errors == [], f"console errors: {errors}"
        assert page.evaluate("window.__pwned") is None
        charts = page.locator(".plotly-graph-div")
        if stem != "05_method_validation":
            assert charts.count() >= 1
        for k in range(charts.count()):
            chart = charts.nth(k)
            chart.scroll_into_view_if_needed()
            assert chart.locator(".main-svg").count() >= 1, f"chart {k} did not draw"
        if charts.count():
            shot = charts.first.screenshot()
            colours = page.evaluate(DISTINCT_COLOURS, base64.b64encode(shot).decode("ascii"))
            assert colours > 50, f"the first chart looks blank ({colours} colours)"
    finally:
        page.close()


def test_injected_script_shows_as_text_and_dollars_stay(built, browser):
    out, _ = built
    page, attempts, errors = open_offline(browser, out / "01_article_anatomy.html")
    try:
        text = page.inner_text("body")
        assert INJECTED in text
        assert "$5 million" in text and "$10 more" in text
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".tex2jax_ignore .nb-text").count() >= 1
    finally:
        page.close()


def test_interactive_table_works_offline(built, browser):
    out, _ = built
    page, attempts, errors = open_offline(browser, out / "03_outlet_profiles.html")
    try:
        assert page.locator("table.dataTable").count() >= 1, "itables did not turn the table interactive"
        assert "Tiny Outlet" in page.inner_text("body")
        assert errors == [] and attempts == []
    finally:
        page.close()



def test_pages_work_without_shared_and_say_so(tmp_path, monkeypatch):
    """On a fresh clone with no ../shared, page 2 shows the seeds alone and page 5 the recorded
    figures, each saying why."""
    monkeypatch.setenv("NEWSBIAS_SHARED", str(tmp_path / "no-shared-here"))
    built = report.build(tmp_path / "pages", notebooks=[report.NOTEBOOK_DIR / "02_one_story.py",
                                                       report.NOTEBOOK_DIR / "05_method_validation.py"])
    for page in built:
        assert page.error is None, f"{page.notebook.name}: {page.error}"
        assert "(../shared) are absent" in page.html.read_text(encoding="utf-8")
