# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. Article anatomy
# **Question:** in one article, which claims are hedged, who is cited for what, and through
# which outlets did each statement travel before it reached the page?
#
# Every figure on this page comes from marks in the highlighted text: a number in the
# attribution table is the number on its source, cue and underlined content in the text.

# %% tags=["parameters"]
data = None  # articles to dissect (any file load_corpus reads); None: the two seed articles
widgets = True  # live drop-downs in JupyterLab; the HTML export shows up to 3 articles, else the first

# %%
from IPython.display import display

from analysis import views
from analysis.views import pages

views.page_setup()
page = pages.anatomy_data(data)
annotated = {item.label: item for item in pages.annotate_frame(page.frame)}
display(views.HTML(pages.data_html(page.note)))

# %% [markdown]
# ## One article, every mark
# Hedges are coloured by category (hover for the category and whether the writer or a quoted
# source hedges); attributions show their source, cue and relay outlets (VIA) with a number,
# their content underlined; hover a mark for its chain. Loaded or subjective wording is marked
# in red tones.

# %%
views.picker(list(annotated), lambda label: pages.article_view(annotated[label], interactive=widgets),
              description="Article", live=widgets, export_all=len(annotated) <= 3)

# %% [markdown]
# ## Who relayed whom, across these articles
# Each attribution's chain runs from the source through the outlets the text says relayed it to
# the publishing outlet. The 9 December seed relays the FBI's Joe Demarest through Reuters; the
# 19 December seed relays the US government through CNN.

# %%
chains = [a.chain for item in annotated.values() for a in item.attributions]
views.Figure(views.chain_graph(chains, title="All articles on this page"))
