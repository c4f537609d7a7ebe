"""What a reader sees: article text with its hedges, attributions and loaded words highlighted,
and the charts of the notebooks, all as HTML that works opened from disk with no network.

Highlighted text (:func:`highlight_html`) follows displaCy's look: coloured marks with a small
label after each, a legend above. Every character of article text is HTML-escaped, and the text
sits in a ``tex2jax_ignore``/``mathjax_ignore`` block so ``$`` signs stay dollar signs.

Charts are plotly figures. :func:`page_setup` puts plotly's JavaScript into the page once, inline;
:class:`Figure` then shows each chart as plotly's own JupyterLab mimetype (live) and as an HTML
``div`` that uses the inlined script (exported pages).
"""
from __future__ import annotations

import hashlib
import html
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import itables
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display
from plotly.offline import get_plotlyjs

from analysis.outlets import find_outlet, outlet_mentions
from analysis.sentences import sentence_spans

# ---------------------------------------------------------------------------------------------
# Spans

LAYERS = ("hedge", "source", "cue", "relay", "content", "loaded")

# fixed colours for the layers whose label is a role; hedge and loaded categories get a colour
# of their own from PALETTE (stable: chosen from a hash of the category name)
LAYER_COLOURS = {"source": "#7aecec", "cue": "#bfeeb7", "relay": "#fbbf24", "content": "#2b6cb0"}
PALETTE = ("#fde68a", "#fbcfe8", "#ddd6fe", "#fed7aa", "#c7d2fe", "#fecaca", "#d9f99d",
           "#a5f3fc", "#f5d0fe", "#e7e5e4")
LOADED_PALETTE = ("#fca5a5", "#f9a8d4", "#fdba74", "#f87171")


@dataclass(frozen=True)
class Span:
    """A piece of article text to highlight: ``text[start:end]`` (character offsets).

    ``layer`` is one of :data:`LAYERS`; ``label`` the short tag shown after it (a hedge
    category, ``SOURCE 2``); ``note`` the tooltip (may be empty).
    """

    start: int
    end: int
    layer: str
    label: str
    note: str = ""


def _pick(palette: Sequence[str], key: str) -> str:
    digest = hashlib.blake2s(key.encode("utf-8"), digest_size=2).digest()
    return palette[int.from_bytes(digest, "big") % len(palette)]


def span_colour(span: Span) -> str:
    """The colour of a span: fixed per role for sources, cues and contents, per category for
    hedges and loaded language."""
    if span.layer in LAYER_COLOURS:
        return LAYER_COLOURS[span.layer]
    return _pick(LOADED_PALETTE if span.layer == "loaded" else PALETTE, span.label)


def hedge_spans(hedges: Iterable) -> list[Span]:
    """Spans for hedges (objects with ``start``, ``end``, ``category`` and optionally ``voice``),
    labelled with the category."""
    spans = []
    for hedge in hedges:
        voice = getattr(hedge, "voice", None)
        note = f"hedge: {hedge.category}" + (f" ({voice} voice)" if voice else "")
        spans.append(Span(hedge.start, hedge.end, "hedge", str(hedge.category), note))
    return spans


def chain_text(chain: Sequence[str | None]) -> str:
    """A relay chain as text: ``"Joe Demarest → Reuters → Sputnik"``; an unnamed source shows
    as ``(unnamed)``."""
    return " → ".join(part if part else "(unnamed)" for part in chain)


def attribution_spans(attributions: Iterable) -> list[Span]:
    """Spans for attributions (API.md fields): the source, the cue and the content of each,
    numbered in order so the tables beside the text can refer to them (``SOURCE 2``)."""
    spans = []
    for number, item in enumerate(attributions, start=1):
        chain = chain_text(item.chain)
        if item.source_start is not None and item.source_end is not None:
            note = f"source {number}: {item.resolved} ({item.source_type}); chain: {chain}"
            spans.append(Span(item.source_start, item.source_end, "source", f"SOURCE {number}", note))
        if item.cue_start is not None and item.cue_end is not None:
            kind = "direct quotation" if item.direct else "reported speech"
            spans.append(Span(item.cue_start, item.cue_end, "cue", f"CUE {number}",
                              f"cue {number}: {item.cue} ({kind}); chain: {chain}"))
        if item.content_start is not None and item.content_end is not None:
            spans.append(Span(item.content_start, item.content_end, "content", f"{number}",
                              f"content of attribution {number}, from {item.resolved or '(unnamed)'}"))
    return spans


def relay_spans(text: str, attributions: Iterable) -> list[Span]:
    """Spans for the relay outlets of each attribution (``via``), numbered as the attribution:
    the registry mentions of those outlets in the sentences that hold the attribution's source,
    cue or content. ``Attribution`` gives no offsets for its relays, so they are found again here."""
    mentions = outlet_mentions(text)
    sentences = sentence_spans(text)
    spans = []
    for number, item in enumerate(attributions, start=1):
        if not item.via:
            continue
        starts = [v for v in (item.source_start, item.cue_start, item.content_start) if v is not None]
        ends = [v for v in (item.source_end, item.cue_end, item.content_end) if v is not None]
        covered = [(a, b) for a, b in sentences if a < max(ends) and min(starts) < b]
        if not covered:
            continue
        low, high = covered[0][0], covered[-1][1]
        wanted = {name: find_outlet(name) for name in item.via}
        for mention in mentions:
            if low <= mention.start and mention.end <= high and any(
                    mention.text == name or (outlet is not None and mention.outlet == outlet)
                    for name, outlet in wanted.items()):
                spans.append(Span(mention.start, mention.end, "relay", f"VIA {number}",
                                  f"relay outlet of attribution {number}: {chain_text(item.chain)}"))
    return spans


def loaded_spans(items: Iterable) -> list[Span]:
    """Spans for loaded-language findings (``start``, ``end``, ``category``, optionally
    ``quoted``)."""
    return [Span(item.start, item.end, "loaded", str(item.category),
                 f"loaded language: {item.category}" + (" (inside a quotation)" if getattr(item, "quoted", False) else ""))
            for item in items]


# ---------------------------------------------------------------------------------------------
# Highlighted text

TEXT_CSS = """
.nb-text{font-family:Georgia,'Times New Roman',serif;font-size:15px;line-height:2.3;
  white-space:pre-wrap;overflow-wrap:anywhere;max-width:60em;padding:.5em 0}
.nb-text mark{padding:.15em .05em;border-radius:.25em;color:inherit}
.nb-text .nb-content{border-bottom:2px solid #2b6cb0}
.nb-lbl{font:bold 10px/1 sans-serif;text-transform:uppercase;padding:.15em .35em;margin:0 .2em;
  border-radius:.3em;vertical-align:middle;color:#1f2937}
.nb-lbl.nb-content-lbl{background:#2b6cb0;color:#fff}
.nb-legend{font:12px sans-serif;margin:.3em 0 .6em 0;display:flex;flex-wrap:wrap;gap:.4em}
.nb-legend span{padding:.15em .5em;border-radius:.3em}
.nb-claims{border-collapse:collapse;font:13px/1.5 sans-serif}
.nb-claims td,.nb-claims th{border:1px solid #d1d5db;padding:.4em .6em;vertical-align:top;
  text-align:left!important;white-space:normal}
.nb-claims .nb-text{font-size:13px;line-height:1.9;padding:0}
.nb-table{overflow-x:auto}
.nb-table td,.nb-table th{text-align:left!important;vertical-align:top;white-space:normal!important;max-width:36em}
.nb-table caption,.nb-table p{text-align:left;font-weight:bold}
.nb-note{font:13px sans-serif;background:#fff7ed;border-left:4px solid #fb923c;padding:.5em .8em}
"""


def _boundaries(length: int, spans: Sequence[Span]) -> list[int]:
    points = {0, length}
    for span in spans:
        points.update((span.start, span.end))
    return sorted(points)


def clip_spans(text: str, spans: Iterable[Span]) -> list[Span]:
    """The spans that lie inside ``text`` (``0 <= start < end <= len(text)``), others dropped.
    Spans from scorers always lie inside; this guards the page against a faulty one."""
    return [s for s in spans if 0 <= s.start < s.end <= len(text)]


def highlight_html(text: str, spans: Iterable[Span], *, legend: bool = True) -> str:
    """``text`` as HTML with ``spans`` highlighted, and a legend of the labels used.

    Every character of ``text`` is escaped (a ``<script>`` in an article is shown, never run);
    the block carries ``tex2jax_ignore`` so ``$`` is not typeset as maths. Overlapping spans are
    drawn together: the segment where they overlap carries both marks.
    """
    text = "" if text is None else str(text)
    spans = sorted(clip_spans(text, spans), key=lambda s: (s.start, -s.end))
    points = _boundaries(len(text), spans)
    ends: dict[int, list[Span]] = {}
    for span in spans:
        ends.setdefault(span.end, []).append(span)
    parts: list[str] = []
    for left, right in zip(points, points[1:]):
        segment = html.escape(text[left:right])
        active = [s for s in spans if s.start <= left and right <= s.end]
        marks = [s for s in active if s.layer != "content"]
        content = [s for s in active if s.layer == "content"]
        if content:
            notes = "; ".join(s.note for s in content)
            segment = f'<span class="nb-content" title="{html.escape(notes)}">{segment}</span>'
        for span in marks:
            segment = (f'<mark class="nb-{span.layer}" style="background:{span_colour(span)}" '
                       f'title="{html.escape(span.note)}">{segment}</mark>')
        parts.append(segment)
        for span in ends.get(right, []):
            css = "nb-lbl nb-content-lbl" if span.layer == "content" else "nb-lbl"
            style = "" if span.layer == "content" else f' style="background:{span_colour(span)}"'
            parts.append(f'<span class="{css}"{style}>{html.escape(span.label)}</span>')
    body = "".join(parts)
    head = legend_html(spans) if legend else ""
    return f'<div class="tex2jax_ignore mathjax_ignore">{head}<div class="nb-text">{body}</div></div>'


def legend_html(spans: Iterable[Span]) -> str:
    """A legend of the kinds of marks in ``spans``: each hedge and loaded-language category,
    and source, cue and content."""
    seen: dict[tuple[str, str], Span] = {}
    for span in spans:
        key = (span.layer, span.label if span.layer in ("hedge", "loaded") else span.layer)
        seen.setdefault(key, span)
    items = []
    for (layer, name), span in sorted(seen.items(), key=lambda kv: (LAYERS.index(kv[0][0]), kv[0][1])):
        if layer == "content":
            items.append('<span style="border-bottom:2px solid #2b6cb0">attributed content (underlined, numbered)</span>')
            continue
        title = {"hedge": f"hedge: {name}", "loaded": f"loaded: {name}", "source": "source (numbered)",
                 "cue": "attribution cue (numbered)", "relay": "relay outlet (numbered)"}[layer]
        items.append(f'<span style="background:{span_colour(span)}">{html.escape(title)}</span>')
    if not items:
        items.append("<span>nothing found to highlight</span>")
    return '<div class="nb-legend"><b>Legend:</b>' + "".join(items) + "</div>"


def note_html(message: str) -> str:
    """A highlighted note to the reader (escaped), e.g. that a data set was absent."""
    return f'<div class="nb-note tex2jax_ignore">{html.escape(message)}</div>'


# ---------------------------------------------------------------------------------------------
# Display in notebooks


class HTML:
    """Raw HTML for a notebook output (``text/html``), built only by this module's functions,
    which escape every piece of article text."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def page_setup() -> None:
    """Run first in every notebook: shows the page's CSS, plotly's JavaScript and the DataTables
    library of itables, all inline and once per page, so the exported HTML draws its charts and
    tables with no network."""
    itables.init_notebook_mode(all_interactive=False, connected=False)
    display(HTML(f"<style>{TEXT_CSS}</style>"
                 "<script type=\"text/javascript\">window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"
                 f'<script type="text/javascript">{get_plotlyjs()}</script>'))


def table(frame: pd.DataFrame, *, caption: str | None = None, interactive: bool = True,
          page_length: int = 10) -> HTML:
    """A data frame as a table: sortable and searchable (itables, offline) when ``interactive``,
    else plain HTML. Cell text is escaped either way; floats show 4 significant digits."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: v if pd.isna(v) else float(f"{v:.4g}"))
    if interactive:
        markup = itables.to_html_datatable(shown, caption=caption, connected=False, pageLength=page_length,
                                           showIndex=False, allow_html=False, classes="display compact")
    else:
        markup = shown.to_html(index=False, escape=True, na_rep="", border=0)
        if caption:
            markup = f"<p><b>{html.escape(caption)}</b></p>" + markup
    return HTML(f'<div class="nb-table tex2jax_ignore mathjax_ignore">{markup}</div>')


def picker(options: Sequence[str], view: Callable[[str], Sequence[object]], *, default: str | None = None,
           description: str = "Show", live: bool = True, export_all: bool = False) -> None:
    """Show ``view(choice)`` (a list of displayable objects) for a choice among ``options``.

    Live in JupyterLab (``live=True``) a drop-down changes the choice; in an exported page
    (``live=False``) the ``default`` choice (else the first option) is shown, with no widget,
    or every option's view one after the other when ``export_all``.
    """
    if not options:
        display(HTML(note_html(f"{description}: nothing to choose from")))
        return
    choice = default if default in options else options[0]
    if not live:
        for option in (options if export_all else [choice]):
            display(*view(option))
        return
    output = widgets.Output()
    dropdown = widgets.Dropdown(options=list(options), value=choice, description=description,
                                layout=widgets.Layout(width="80%"), style={"description_width": "initial"})

    def redraw(change: dict | None = None) -> None:
        output.clear_output(wait=True)
        with output:
            display(*view(dropdown.value))

    dropdown.observe(redraw, names="value")
    display(dropdown, output)
    redraw()


class Figure:
    """A plotly figure for a notebook: plotly's mimetype for live JupyterLab, and an HTML
    ``div`` that relies on :func:`page_setup`'s script for exported pages."""

    def __init__(self, figure: go.Figure):
        self.figure = figure

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        div = pio.to_html(self.figure, full_html=False, include_plotlyjs=False,
                          config={"displaylogo": False, "responsive": True})
        return {"application/vnd.plotly.v1+json": json.loads(self.figure.to_json()), "text/html": div}


# ---------------------------------------------------------------------------------------------
# Charts


def chain_graph(chains: Iterable[Sequence[str | None]], *, title: str = "Who relayed whom") -> go.Figure:
    """A Sankey diagram of relay chains ``(source, *via, publishing outlet)``: each step
    source → relay outlet → publishing outlet is a link whose width is the number of
    attributions taking it. A name appears once per position (source, relay, publisher)."""
    counts: Counter[tuple[tuple[int, str], tuple[int, str]]] = Counter()
    for chain in chains:
        names = [part if part else "(unnamed)" for part in chain]
        if len(names) < 2:
            continue
        stages = [(0, names[0])] + [(1, n) for n in names[1:-1]] + [(2, names[-1])]
        for a, b in zip(stages, stages[1:]):
            counts[(a, b)] += 1
    nodes: list[tuple[int, str]] = sorted({n for pair in counts for n in pair})
    index = {node: i for i, node in enumerate(nodes)}
    role = {0: "source", 1: "relay outlet", 2: "publishing outlet"}
    colour = {0: "#7aecec", 1: "#fbbf24", 2: "#60a5fa"}
    figure = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(label=[name for _, name in nodes], color=[colour[s] for s, _ in nodes],
                  customdata=[role[s] for s, _ in nodes], pad=12, thickness=14,
                  hovertemplate="%{label} (%{customdata})<extra></extra>"),
        link=dict(source=[index[a] for a, _ in counts], target=[index[b] for _, b in counts],
                  value=list(counts.values()),
                  hovertemplate="%{source.label} → %{target.label}: %{value} attribution(s)<extra></extra>"),
    ))
    figure.update_layout(title=title + " (source → relay outlet → publishing outlet)",
                         height=max(320, 28 * len(nodes)), font_size=12, margin=dict(l=10, r=10, t=50, b=10))
    return figure


def profile_chart(profiles: pd.DataFrame, measure: str) -> go.Figure:
    """Per-outlet mean of ``measure`` with its bootstrap confidence interval, from
    :func:`analysis.compare.outlet_profiles`; outlets with too few articles are hollow grey
    markers, and the number of articles shows beside every point."""
    rows = profiles[profiles["measure"] == measure].sort_values("mean")
    figure = go.Figure()
    for too_few, name, style in ((False, "enough articles", dict(color="#2563eb", size=9)),
                                 (True, "too few articles (marked, not hidden)",
                                  dict(color="#9ca3af", size=9, symbol="circle-open"))):
        part = rows[rows["too_few"] == too_few]
        figure.add_trace(go.Scatter(
            x=part["mean"], y=part["outlet"], mode="markers+text", name=name, marker=style,
            text=[f"n={n}" for n in part["n"]], textposition="middle right", textfont_size=10,
            error_x=dict(type="data", symmetric=False, array=part["ci_high"] - part["mean"],
                         arrayminus=part["mean"] - part["ci_low"], color=style["color"]),
            hovertemplate="%{y}: %{x:.4g} (%{text})<extra></extra>"))
    figure.update_layout(title=f"{measure}: outlet mean and bootstrap CI", xaxis_title=measure,
                         height=max(300, 22 * len(rows) + 120), legend_orientation="h",
                         margin=dict(l=10, r=10, t=50, b=10))
    figure.update_yaxes(categoryorder="array", categoryarray=list(rows["outlet"]))
    return figure


def effect_chart(effects: pd.DataFrame, *, title: str) -> go.Figure:
    """A forest plot of effect sizes (Hedges' g with its confidence interval), one row per
    ``label`` of :func:`analysis.compare.effect_sizes`'s frame; 0 means no difference."""
    rows = effects.sort_values("g")
    figure = go.Figure(go.Scatter(
        x=rows["g"], y=rows["label"], mode="markers", marker=dict(color="#7c3aed", size=9),
        error_x=dict(type="data", symmetric=False, array=rows["g_high"] - rows["g"],
                     arrayminus=rows["g"] - rows["g_low"]),
        customdata=rows[["n_a", "n_b"]].to_numpy(),
        hovertemplate="%{y}: g=%{x:.2f} (n=%{customdata[0]} vs %{customdata[1]})<extra></extra>"))
    figure.add_vline(x=0, line_color="#6b7280", line_dash="dot")
    figure.update_layout(title=title, xaxis_title="Hedges' g (standardised mean difference)",
                         height=max(300, 22 * len(rows) + 120), margin=dict(l=10, r=10, t=50, b=10))
    return figure


def distribution_chart(features: pd.DataFrame, measure: str, *, outlet_column: str = "outlet",
                       outlets: Sequence[str] | None = None) -> go.Figure:
    """Box plots of ``measure`` per outlet, every article a point."""
    frame = features if outlets is None else features[features[outlet_column].isin(outlets)]
    figure = go.Figure()
    for outlet, part in frame.groupby(outlet_column, sort=True):
        figure.add_trace(go.Box(y=part[measure], name=str(outlet), boxpoints="all", jitter=0.4,
                                pointpos=0, marker_size=4, showlegend=False))
    figure.update_layout(title=f"{measure} per article, by outlet", yaxis_title=measure,
                         height=420, margin=dict(l=10, r=10, t=50, b=10))
    return figure


def importance_chart(importance: pd.DataFrame, *, title: str) -> go.Figure:
    """Permutation importance (drop in macro-F1 when a measure is shuffled) with its spread."""
    rows = importance.sort_values("importance")
    figure = go.Figure(go.Bar(x=rows["importance"], y=rows["measure"], orientation="h",
                              error_x=dict(type="data", array=rows["std"]), marker_color="#0d9488"))
    figure.update_layout(title=title, xaxis_title="drop in macro-F1 when shuffled",
                         height=max(300, 22 * len(rows) + 120), margin=dict(l=10, r=10, t=50, b=10))
    return figure


def rate_chart(rates: pd.DataFrame) -> go.Figure:
    """Stacked bars of hedges per 100 words by outlet and category (``outlet``, ``category``,
    ``per_100_words``, ``hedges``, ``articles``)."""
    figure = go.Figure()
    for category, part in rates.groupby("category", sort=True):
        figure.add_trace(go.Bar(x=part["outlet"], y=part["per_100_words"], name=str(category),
                                marker_color=_pick(PALETTE, str(category)), marker_line_color="#374151",
                                marker_line_width=0.5,
                                customdata=part[["hedges", "articles"]].to_numpy(),
                                hovertemplate="%{x}: %{y:.2f} per 100 words (%{customdata[0]} hedges in "
                                              "%{customdata[1]} article(s))<extra>" + str(category) + "</extra>"))
    figure.update_layout(barmode="stack", title="Hedges per 100 words, by outlet and category",
                         yaxis_title="hedges per 100 words", height=420, margin=dict(l=10, r=10, t=50, b=10))
    return figure


def claim_map(claims: pd.DataFrame) -> go.Figure:
    """Article against article: one row per aligned claim, one column per article; a marker
    where the article asserts the claim, filled when it hedges it, with its sources on hover
    (from :func:`analysis.compare.align_claims`)."""
    frame = claims.copy()
    frame["hedged"] = frame["hedges"].map(bool)
    frame["hover"] = [f"{s[:140]}…<br>hedges: {', '.join(h) or 'none'}<br>sources: {'; '.join(c) or 'none'}"
                      if len(s) > 140 else f"{s}<br>hedges: {', '.join(h) or 'none'}<br>sources: {'; '.join(c) or 'none'}"
                      for s, h, c in zip(frame["sentence"], frame["hedges"], frame["chains"])]
    figure = go.Figure()
    for hedged, name, symbol in ((True, "hedged", "circle"), (False, "not hedged", "circle-open")):
        part = frame[frame["hedged"] == hedged]
        figure.add_trace(go.Scatter(
            x=part["article"], y=part["claim"].map(lambda c: f"claim {c}"), mode="markers", name=name,
            marker=dict(symbol=symbol, size=13, color="#dc2626" if hedged else "#2563eb", line_width=2),
            text=part["hover"], hovertemplate="%{text}<extra>%{x}</extra>"))
    order = [f"claim {c}" for c in sorted(frame["claim"].unique(), reverse=True)]
    figure.update_yaxes(categoryorder="array", categoryarray=order)
    figure.update_layout(title="Aligned claims: who asserts each, and who hedges it",
                         height=max(320, 24 * len(order) + 140), margin=dict(l=10, r=10, t=50, b=10))
    return figure


# ---------------------------------------------------------------------------------------------
# Tables


def claims_table_html(claims: pd.DataFrame, articles: Sequence[str]) -> str:
    """The aligned claims as an HTML table: one row per claim, one column per article, each cell
    the article's sentence (escaped, with its hedges marked), its hedges and whom it cites,
    through which outlets. ``claims`` is :func:`analysis.compare.align_claims`'s frame."""
    head = "".join(f"<th>{html.escape(str(a))}</th>" for a in articles)
    rows = []
    for claim, part in claims.groupby("claim", sort=True):
        cells = []
        by_article = {row.article: row for row in part.itertuples()}
        for article in articles:
            row = by_article.get(article)
            if row is None:
                cells.append('<td style="color:#9ca3af">(not in this article)</td>')
                continue
            marks = [Span(h_start - row.start, h_end - row.start, "hedge", cat, f"hedge: {cat}")
                     for h_start, h_end, cat in row.hedge_spans]
            sentence = highlight_html(row.sentence, marks, legend=False)
            hedges = html.escape(", ".join(row.hedges)) or "none"
            chains = html.escape("; ".join(row.chains)) or "none"
            cells.append(f"<td>{sentence}<div><b>hedges:</b> {hedges}</div>"
                         f"<div><b>cites:</b> {chains}</div></td>")
        rows.append(f"<tr><th>claim {claim}</th>{''.join(cells)}</tr>")
    return (f'<div class="tex2jax_ignore mathjax_ignore"><table class="nb-claims"><tr><th></th>{head}</tr>'
            + "".join(rows) + "</table></div>")
