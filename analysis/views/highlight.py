"""Article text with its hedges, attributions, relays and loaded words highlighted, as HTML
that works opened from disk.

Highlighted text (:func:`highlight_html`) follows displaCy's look: coloured marks with a small
label after each, a legend above. Every character of article text is HTML-escaped, and the text
sits in a ``tex2jax_ignore``/``mathjax_ignore`` block so ``$`` signs stay dollar signs.
"""
from __future__ import annotations

import bisect
import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.scorers.attribution.extract import chain_text

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


def relay_spans(attributions: Iterable) -> list[Span]:
    """Spans for the relay outlets of each attribution, numbered as the attribution: one per
    outlet of ``via``, at the offsets the extractor read it from (``via_spans``)."""
    spans = []
    for number, item in enumerate(attributions, start=1):
        for start, end in getattr(item, "via_spans", ()):
            spans.append(Span(start, end, "relay", f"VIA {number}",
                              f"relay outlet of attribution {number}: {chain_text(item.chain)}"))
    return spans


def loaded_spans(items: Iterable) -> list[Span]:
    """Spans for loaded-language findings (``start``, ``end``, ``category``, optionally
    ``quoted``)."""
    return [Span(item.start, item.end, "loaded", str(item.category),
                 f"loaded language: {item.category}" + (" (inside a quotation)" if getattr(item, "quoted", False) else ""))
            for item in items]


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
    # one sweep over the boundaries: the spans open on a segment are those with
    # start <= left < end, kept in their sorted order (by position in ``spans``), so the work is
    # the text, the spans (sorted once) and the marks written, not segments × spans
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[Span]] = {}
    closing: dict[int, list[int]] = {}
    for number, span in enumerate(spans):
        starts.setdefault(span.start, []).append(number)
        ends.setdefault(span.end, []).append(span)
        closing.setdefault(span.end, []).append(number)
    open_spans: list[int] = []
    parts: list[str] = []
    for left, right in zip(points, points[1:]):
        for number in closing.get(left, ()):
            del open_spans[bisect.bisect_left(open_spans, number)]
        for number in starts.get(left, ()):
            bisect.insort(open_spans, number)
        segment = html.escape(text[left:right])
        active = [spans[number] for number in open_spans]
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
