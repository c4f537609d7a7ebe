"""The charts of the pages, as plotly figures: relay chains, outlet profiles, effect sizes,
distributions, signal importances, hedging rates and the claim map.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.views.highlight import PALETTE, _pick


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
    figure.update_layout(title=html.escape(title) + " (source → relay outlet → publishing outlet)",
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
    figure.update_layout(title=f"{html.escape(measure)}: outlet mean and bootstrap CI", xaxis_title=html.escape(measure),
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
    figure.update_layout(title=html.escape(title), xaxis_title="Hedges' g (standardised mean difference)",
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
    figure.update_layout(title=f"{html.escape(measure)} per article, by outlet", yaxis_title=html.escape(measure),
                         height=420, margin=dict(l=10, r=10, t=50, b=10))
    return figure


def importance_chart(importance: pd.DataFrame, *, title: str) -> go.Figure:
    """Permutation importance (drop in macro-F1 when a measure is shuffled) with its spread."""
    rows = importance.sort_values("importance")
    figure = go.Figure(go.Bar(x=rows["importance"], y=rows["measure"], orientation="h",
                              error_x=dict(type="data", array=rows["std"]), marker_color="#0d9488"))
    figure.update_layout(title=html.escape(title), xaxis_title="drop in macro-F1 when shuffled",
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
    # article text, hedges and source names are escaped: plotly reads hover text as HTML
    frame["hover"] = [f"{html.escape(s[:140])}{'…' if len(s) > 140 else ''}<br>hedges: "
                      f"{html.escape(', '.join(h)) or 'none'}<br>sources: {html.escape('; '.join(c)) or 'none'}"
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
