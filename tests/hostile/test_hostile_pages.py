"""Hostile inputs to the pages: markup in user strings, huge articles, a bad ``--out``."""
from __future__ import annotations

import html
import random

import pandas as pd

from analysis.views import charts, highlight, pages, report, widgets
from analysis.views.highlight import Span

EVIL = '<img src=x onerror=alert(1)>[c](javascript:alert(2))$x$'


def _no_markup(markup: str) -> None:
    assert "<img" not in markup
    assert "onerror=alert(1)>" not in markup.replace("&gt;", ">") or "&lt;img" in markup
    assert 'href="javascript' not in markup


# ---------------------------------------------------------------------------------------------
# 1. markup in user strings


def test_data_note_of_a_hostile_file_name_is_escaped_text(tmp_path):
    path = tmp_path / f"{EVIL}.csv"
    pd.DataFrame({"text": ["Officials said it was likely."], "outlet": ["X"]}).to_csv(path, index=False)
    page = pages.anatomy_data(str(path))
    assert EVIL in page.note
    markup = pages.data_html(page.note)
    _no_markup(markup)
    assert html.escape(EVIL) in markup and "tex2jax_ignore" in markup


def test_notebooks_render_no_user_string_as_markdown():
    for source in report.notebook_sources():
        code = source.read_text(encoding="utf-8")
        assert "Markdown(" not in code, f"{source.name} renders a string as Markdown"


def test_hedging_fact_escapes_the_measure_name():
    correlations = pd.DataFrame({"measure": [f"hedge_per_{EVIL}"], "r_articles": [0.1], "n_articles": [10],
                                 "r_outlets": [0.2], "n_outlets": [3]})
    markup = pages.text_html(pages.hedging_fact(correlations))
    _no_markup(markup)
    assert "**" not in markup


def test_table_caption_and_chart_titles_are_escaped():
    frame = pd.DataFrame({EVIL: ["<b>x</b>"]})
    for interactive in (True, False):
        _no_markup(widgets.table(frame, caption=EVIL, interactive=interactive).markup)
    _no_markup(str(charts.chain_graph([("a", "b")], title=f"Relay chains of {EVIL}").layout.title.text))
    _no_markup(str(charts.effect_chart(pd.DataFrame(columns=["g", "label", "g_high", "g_low", "n_a", "n_b"]),
                                       title=EVIL).layout.title.text))
    profiles = pd.DataFrame({"measure": [EVIL], "mean": [1.0], "outlet": ["o"], "too_few": [False], "n": [3],
                             "ci_low": [0.5], "ci_high": [1.5]})
    _no_markup(str(charts.profile_chart(profiles, EVIL).layout.title.text))


def test_claim_map_hover_escapes_article_text():
    claims = pd.DataFrame({"claim": [1], "article": ["a"], "sentence": [f"He said {EVIL}."],
                           "hedges": [["may"]], "chains": [["<a href='javascript:x'>s</a>"]]})
    figure = charts.claim_map(claims)
    for trace in figure.data:
        for text in ([] if trace.text is None else list(trace.text)):
            _no_markup(text)
            assert "<a " not in text


def test_article_view_chain_title_escapes_the_outlet():
    item = pages.annotate_frame(pd.DataFrame({"label": ["l"], "text": ["The minister said it was likely."],
                                              "outlet": [EVIL]}))[0]
    for view in pages.article_view(item, interactive=False):
        if isinstance(view, widgets.Figure):
            _no_markup(str(view.figure.layout.title.text))
        else:
            _no_markup(view.markup)


# ---------------------------------------------------------------------------------------------
# 2. highlighting is linear


def _old_highlight_html(text, spans, *, legend=True):
    """The quadratic implementation this module replaced, kept as the reference."""
    text = "" if text is None else str(text)
    spans = sorted(highlight.clip_spans(text, spans), key=lambda s: (s.start, -s.end))
    points = sorted({0, len(text)} | {p for s in spans for p in (s.start, s.end)})
    ends = {}
    for span in spans:
        ends.setdefault(span.end, []).append(span)
    parts = []
    for left, right in zip(points, points[1:]):
        segment = html.escape(text[left:right])
        active = [s for s in spans if s.start <= left and right <= s.end]
        marks = [s for s in active if s.layer != "content"]
        content = [s for s in active if s.layer == "content"]
        if content:
            notes = "; ".join(s.note for s in content)
            segment = f'<span class="nb-content" title="{html.escape(notes)}">{segment}</span>'
        for span in marks:
            segment = (f'<mark class="nb-{span.layer}" style="background:{highlight.span_colour(span)}" '
                       f'title="{html.escape(span.note)}">{segment}</mark>')
        parts.append(segment)
        for span in ends.get(right, []):
            css = "nb-lbl nb-content-lbl" if span.layer == "content" else "nb-lbl"
            style = "" if span.layer == "content" else f' style="background:{highlight.span_colour(span)}"'
            parts.append(f'<span class="{css}"{style}>{html.escape(span.label)}</span>')
    head = highlight.legend_html(spans) if legend else ""
    return f'<div class="tex2jax_ignore mathjax_ignore">{head}<div class="nb-text">{"".join(parts)}</div></div>'


def _random_spans(rng, length, count):
    spans = []
    for _ in range(count):
        start = rng.randint(-3, length + 2)
        end = start + rng.randint(-2, 30)
        layer = rng.choice(highlight.LAYERS)
        spans.append(Span(start, end, layer, rng.choice(["A", "B", "SOURCE 1", "<x>"]), rng.choice(["", "n&<"])))
    return spans


def test_highlight_output_is_unchanged_on_seeds_and_random_spans():
    items = pages.annotate_frame(pages.with_labels(pages.seed_articles()))
    for item in items:
        spans = pages.article_spans(item)
        assert highlight.highlight_html(item.text, spans) == _old_highlight_html(item.text, spans)
    rng = random.Random(7)
    text = "Ab <c> & d $e$ “f” g.\n\n" * 20
    for trial in range(200):
        spans = _random_spans(rng, len(text), rng.randint(0, 25))
        rng.shuffle(spans)
        for legend in (True, False):
            assert highlight.highlight_html(text, spans, legend=legend) == _old_highlight_html(text, spans, legend=legend)
        # duplicated spans and identical ranges too
        spans = spans + spans[:3]
        assert highlight.highlight_html(text, spans) == _old_highlight_html(text, spans)


class _CountingSpan(Span):
    reads = 0

    def __getattribute__(self, name):
        if name in ("start", "end"):
            type(self).reads += 1
        return super().__getattribute__(name)


def test_highlight_reads_each_span_a_bounded_number_of_times():
    """The work per span does not grow with the number of spans: disjoint spans, 4 times as many,
    at most ~4 (plus a log factor) times the span reads (the old loop read every span for every
    segment: 16 times)."""
    reads = {}
    for n in (300, 1200):
        text = "word " * n
        spans = [_CountingSpan(5 * i, 5 * i + 4, "hedge", "speculation") for i in range(n)]
        _CountingSpan.reads = 0
        highlight.highlight_html(text, spans)
        reads[n] = _CountingSpan.reads
    assert reads[1200] <= 6 * reads[300], reads


# ---------------------------------------------------------------------------------------------
# 3. --out under a regular file


def test_report_out_under_a_file_says_so_without_traceback(tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    code = report.main(["--out", str(blocker / "pages")])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and str(blocker) in err
