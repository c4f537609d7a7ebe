"""What a reader sees: highlighted article text, charts and notebook widgets, all as HTML that
works opened from disk. The one layer that imports IPython, ipywidgets, plotly and itables."""
from analysis.views.charts import (
    chain_graph,
    claim_map,
    distribution_chart,
    effect_chart,
    importance_chart,
    profile_chart,
    rate_chart,
)
from analysis.views.highlight import (
    LAYER_COLOURS,
    LAYERS,
    LOADED_PALETTE,
    PALETTE,
    TEXT_CSS,
    Span,
    attribution_spans,
    claims_table_html,
    clip_spans,
    hedge_spans,
    highlight_html,
    legend_html,
    loaded_spans,
    note_html,
    relay_spans,
    span_colour,
)
from analysis.views.widgets import HTML, Figure, page_setup, picker, table

__all__ = ['LAYERS', 'LAYER_COLOURS', 'PALETTE', 'LOADED_PALETTE', 'Span', 'span_colour', 'hedge_spans', 'attribution_spans', 'relay_spans', 'loaded_spans', 'TEXT_CSS', 'clip_spans', 'highlight_html', 'legend_html', 'note_html', 'claims_table_html', 'HTML', 'page_setup', 'table', 'picker', 'Figure', 'chain_graph', 'profile_chart', 'effect_chart', 'distribution_chart', 'importance_chart', 'rate_chart', 'claim_map']
