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
# # 3. Outlet profiles
# **Question:** how does each outlet hedge, source and word its articles, how sure are we of
# it, and how large are the differences between outlets?
#
# Every number comes with the count of articles behind it and a bootstrap confidence interval
# (95 %, resampling articles). Outlets with fewer articles than the minimum are marked, not
# hidden. Differences are effect sizes (Hedges' g: the difference in means in pooled standard
# deviations), not bare means.

# %% tags=["parameters"]
data = None  # a feature table (.parquet/.csv) or articles to score; None: the shipped AllSides table
widgets = True  # live drop-downs in JupyterLab; the HTML export shows the default measure
min_articles = 10  # outlets with fewer articles are marked "too few"

# %%
from IPython.display import display

from analysis import compare
from analysis import views
from analysis.views import pages

views.page_setup()
features, data_note = pages.rated_feature_data(data)
measures = compare.measure_columns(features)
display(views.HTML(pages.data_html(data_note)))

# %% [markdown]
# ## Every outlet
# Sort or search the table; `too few articles` marks outlets under the minimum.

# %%
views.table(pages.outlet_summary(features, min_articles=min_articles), caption="Outlets", interactive=True)

# %% [markdown]
# ## One measure across outlets
# Mean per outlet with its bootstrap interval and the number of articles (`n`), then each
# outlet against all other articles as an effect size with its interval.

# %%
profiles = compare.outlet_profiles(features, measures=measures, min_articles=min_articles, n_boot=500)
views.picker(measures, lambda m: pages.profile_view(features, profiles, m, interactive=widgets),
              default=pages.default_measure(measures), description="Measure", live=widgets)

# %% [markdown]
# ## By the outlets' AllSides bias rating
# The same measure compared between left, centre and right outlets (the corpus's rating of each
# outlet), each group against the others.

# %%
views.picker(measures, lambda m: pages.group_effects_view(features, m, "label_bias"),
              default=pages.default_measure(measures), description="Measure", live=widgets)

# %% [markdown]
# ## Distributions in the largest outlets
# Every article a point: the spread behind the means.

# %%
largest = pages.chart_outlets(profiles, limit=12)
views.picker(measures, lambda m: [views.Figure(views.distribution_chart(features, m, outlets=largest))],
              default=pages.default_measure(measures), description="Measure", live=widgets)
