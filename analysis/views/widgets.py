"""Notebook display: the page set-up (plotly's script inlined once), tables, pickers and figures
that work both live in JupyterLab and in the exported HTML pages.

:func:`page_setup` puts plotly's JavaScript into the page once, inline; :class:`Figure` then shows
each chart as plotly's own JupyterLab mimetype (live) and as an HTML ``div`` that uses the
inlined script (exported pages).
"""
from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import itables
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display
from plotly.offline import get_plotlyjs

from analysis.views.highlight import TEXT_CSS, note_html


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
        markup = itables.to_html_datatable(shown, caption=html.escape(caption) if caption else caption, connected=False, pageLength=page_length,
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
