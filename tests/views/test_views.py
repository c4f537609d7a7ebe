"""Rendering: highlighted text (escaped, legend, maths-proof), tables, figures and chain graphs."""
from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go

from analysis import views
from analysis.views import widgets
from analysis.scorers.attribution.extract import Attribution
from analysis.scorers.hedging.cues import Hedge

TEXT = 'It may cost $5 million, or $10 more, "There is no attribution," Demarest said. <script>alert(1)</script>'


def visible_text(markup: str) -> str:
    """What a reader sees of the highlighted text: labels and tags removed, entities decoded."""
    body = markup.split('<div class="nb-text">', 1)[1]
    body = re.sub(r'<span class="nb-lbl[^"]*"[^>]*>.*?</span>', "", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def demarest() -> Attribution:
    s = TEXT.index("Demarest")
    c = TEXT.index("said")
    q = TEXT.index("There")
    content = "There is no attribution,"
    return Attribution("Demarest", s, s + 8, "Joe Demarest", "person", "said", c, c + 4, content, q,
                       q + len(content), True, ("Reuters",), ("Joe Demarest", "Reuters", "Sputnik"))


def test_highlight_escapes_text_and_keeps_every_character():
    may = TEXT.index("may")
    markup = views.highlight_html(TEXT, views.hedge_spans([Hedge(may, may + 3, "may", "modal", "writer")])
                                   + views.attribution_spans([demarest()]))
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert visible_text(markup) == TEXT
    assert 'class="tex2jax_ignore mathjax_ignore"' in markup.split(">", 1)[0] + ">"


def test_highlight_marks_labels_and_legend():
    may = TEXT.index("may")
    spans = views.hedge_spans([Hedge(may, may + 3, "may", "modal", "quoted")]) + views.attribution_spans([demarest()])
    markup = views.highlight_html(TEXT, spans)
    assert re.search(r'<mark class="nb-hedge"[^>]*title="hedge: modal \(quoted voice\)">may</mark>', markup)
    assert re.search(r'<mark class="nb-source"[^>]*>Demarest</mark><span class="nb-lbl"[^>]*>SOURCE 1</span>', markup)
    assert re.search(r'<mark class="nb-cue"[^>]*>said</mark><span class="nb-lbl"[^>]*>CUE 1</span>', markup)
    assert "Joe Demarest → Reuters → Sputnik" in markup  # the chain in the tooltip
    legend = markup.split('<div class="nb-text">')[0]
    for entry in ("hedge: modal", "source (numbered)", "attribution cue (numbered)", "attributed content"):
        assert entry in legend


def test_overlapping_spans_share_the_segment():
    text = "Officials might say so."
    spans = [views.Span(0, 15, "content", "1", "content"), views.Span(10, 15, "hedge", "modal", "hedge")]
    markup = views.highlight_html(text, spans, legend=False)
    assert re.search(r'<mark class="nb-hedge"[^>]*><span class="nb-content"[^>]*>might</span></mark>', markup)
    assert visible_text(markup) == text


def test_spans_outside_the_text_are_dropped_and_odd_text_is_fine():
    markup = views.highlight_html("abc", [views.Span(2, 9, "hedge", "modal"), views.Span(3, 2, "cue", "CUE 1")])
    assert "<mark" not in markup and visible_text(markup) == "abc"
    assert visible_text(views.highlight_html("", [])) == ""
    assert "nothing found to highlight" in views.highlight_html("x\x00y", [])


def test_loaded_spans_note_quotations():
    class Term:
        start, end, text, category, quoted = 0, 5, "Awful", "emotive", True

    (span,) = views.loaded_spans([Term()])
    assert span.layer == "loaded" and span.note == "loaded language: emotive (inside a quotation)"


def test_table_escapes_cells_and_protects_dollars():
    frame = pd.DataFrame({"content": ["<script>x()</script> cost $5"], "value": [0.123456]})
    for interactive in (True, False):
        markup = views.table(frame, interactive=interactive)._repr_html_()
        assert "<script>x()" not in markup
        assert markup.startswith('<div class="nb-table tex2jax_ignore mathjax_ignore">')
    plain = views.table(frame, interactive=False)._repr_html_()
    assert "0.1235" in plain and "$5" in plain


def test_chain_graph_counts_each_step():
    figure = views.chain_graph([("Joe Demarest", "Reuters", "Sputnik"), ("Joe Demarest", "Reuters", "Sputnik"),
                                 ("The FBI", "Sputnik"), (None, "Sputnik"), ("alone",)])
    sankey = figure.data[0]
    labels = list(sankey.node.label)
    assert sorted(labels) == ["(unnamed)", "Joe Demarest", "Reuters", "Sputnik", "The FBI"]
    links = {(labels[s], labels[t]): v for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value)}
    assert links == {("Joe Demarest", "Reuters"): 2, ("Reuters", "Sputnik"): 2, ("The FBI", "Sputnik"): 1,
                     ("(unnamed)", "Sputnik"): 1}


def test_chain_graph_keeps_a_source_apart_from_the_same_name_as_publisher():
    figure = views.chain_graph([("CNN", "Sputnik"), ("Obama", "CNN")])
    labels = list(figure.data[0].node.label)
    assert labels.count("CNN") == 2  # CNN the source and CNN the publisher are two nodes


def test_figure_bundle_has_plotly_json_and_offline_html():
    bundle = views.Figure(go.Figure(go.Bar(x=["a"], y=[1])))._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    assert "Plotly.newPlot" in bundle["text/html"]
    assert not re.search(r"<script[^>]*src=", bundle["text/html"])


def test_page_setup_inlines_plotly_and_datatables(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "display", lambda *objects: shown.extend(objects))
    monkeypatch.setattr(widgets.itables, "init_notebook_mode", lambda **kw: shown.append(("itables", kw)))
    views.page_setup()
    assert ("itables", {"all_interactive": False, "connected": False}) in shown
    markup = shown[-1]._repr_html_()
    assert ".nb-text" in markup and "Plotly" in markup and len(markup) > 1_000_000
    assert not re.search(r"<script[^>]*src=", markup)


def test_picker_shows_the_default_when_not_live(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "display", lambda *objects: shown.extend(objects))
    views.picker(["a", "b"], lambda choice: [f"view {choice}"], default="b", live=False)
    assert shown == ["view b"]
    shown.clear()
    views.picker(["a", "b"], lambda choice: [f"view {choice}"], default="b", live=False, export_all=True)
    assert shown == ["view a", "view b"]
    shown.clear()
    views.picker([], lambda choice: [choice], live=False)
    assert "nothing to choose from" in shown[0]._repr_html_()


def test_claims_table_escapes_and_marks_hedges():
    claims = pd.DataFrame([{"claim": 1, "article": "A", "start": 10, "end": 30, "sentence": "It may <b>rain</b>",
                            "n_articles": 1, "hedges": ("may (modal, writer)",), "hedge_spans": ((13, 16, "modal"),),
                            "chains": ("Met Office → Sputnik",), "sources": ("Met Office",)}])
    markup = views.claims_table_html(claims, ["A", "B"])
    assert "&lt;b&gt;rain&lt;/b&gt;" in markup and "<b>rain</b>" not in markup
    assert re.search(r'<mark class="nb-hedge"[^>]*>may</mark>', markup)
    assert "(not in this article)" in markup and "Met Office → Sputnik" in markup


def test_picker_live_shows_a_dropdown_and_redraws(monkeypatch):
    shown = []
    monkeypatch.setattr(widgets, "display", lambda *objects: shown.extend(objects))
    drawn = []
    views.picker(["a", "b"], lambda choice: drawn.append(choice) or [], default="b", live=True)
    dropdown = shown[0]
    assert isinstance(dropdown, widgets.widgets.Dropdown) and dropdown.value == "b"
    assert isinstance(shown[1], widgets.widgets.Output)
    dropdown.value = "a"
    assert drawn == ["b", "a"]


def test_relay_spans_mark_the_relay_mentions_the_extractor_read():
    text = "Reuters ran a story. Demarest said there was no proof, as reported by Reuters. CNN did not."
    s, c = text.index("Demarest"), text.index("said")
    q = text.index("there was no proof")
    r = text.rindex("Reuters")
    item = Attribution("Demarest", s, s + 8, "Joe Demarest", "person", "said", c, c + 4, "there was no proof", q,
                       q + 18, False, ("Reuters",), ("Joe Demarest", "Reuters", "Sputnik"), via_spans=((r, r + 7),))
    (span,) = views.relay_spans([item])
    assert (span.start, span.end, span.layer, span.label) == (r, r + 7, "relay", "VIA 1")
    direct = Attribution("Demarest", s, s + 8, "Joe Demarest", "person", "said", c, c + 4, None, None, None,
                         False, (), ("Joe Demarest", "Sputnik"))
    assert views.relay_spans([direct, item])[0].label == "VIA 2"
    assert views.relay_spans([direct]) == []
    assert "relay outlet (numbered)" in views.highlight_html(text, [span])
