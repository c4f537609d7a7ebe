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
# # 4. Reliability signals
# **Question:** which article measures separate outlets rated differently for factuality
# (Media Bias/Fact Check, Baly et al. 2018) and for bias (AllSides)?
#
# Models are cross-validated by outlet (`GroupKFold`): no outlet is in both the training and the
# test folds, so a model cannot score by recognising an outlet's house style. Scores are
# macro-F1 beside a majority-class baseline; permutation importance says which measures the
# model leans on. Measured by this project on the whole AllSides corpus, the hedging rate
# (`hedge_per_100w`) barely tracks MBFC factuality: r = +0.03 over 36,837 articles and −0.02
# over the means of 397 outlets.

# %% tags=["parameters"]
data = None  # a feature table (.parquet/.csv) or articles to score; None: the shipped AllSides table
widgets = True  # live drop-downs in JupyterLab; the HTML export shows the factuality results

# %%
from IPython.display import display

from analysis import views
from analysis.views import pages

views.page_setup()
features, data_note = pages.rated_feature_data(data)
targets = pages.rating_targets(features)
display(views.HTML(pages.data_html(data_note)))
if not targets:
    display(views.HTML(views.note_html(
        "No outlet ratings are available for these articles, so this page cannot compare measures with "
        "ratings. Put the label files at ../shared/labels, or ship data/outlet_ratings.csv.")))

# %% [markdown]
# ## Single measures against factuality
# Pearson r between each measure and MBFC factual reporting (very low 0 … very high 5), over
# articles and over outlet means.

# %%
correlations = pages.correlation_table(features)
display(views.HTML(pages.text_html(pages.hedging_fact(correlations))))
if correlations is None:
    display(views.HTML(views.note_html("No MBFC factuality ratings for these articles: no correlations.")))
else:
    display(views.table(correlations, caption="Measures against MBFC factuality", interactive=True))

# %% [markdown]
# ## Predicting the rating, cross-validated by outlet
# A standardised, class-balanced logistic regression over all measures, at two levels: each
# article (predict its outlet's rating) and each outlet (its articles' mean measures, as Baly et
# al. did). Published outlet-factuality figures are beside ours; they are indicative only, as
# Baly et al. rated 1,066 outlets with the MBFC labels of 2018, from many signals besides articles.

# %%
summary, results, problems = pages.signal_results(features, targets)
display(views.table(summary, caption="Macro-F1 (0-100), cross-validated by outlet", interactive=False))
for problem in problems:
    display(views.HTML(views.note_html(f"Not run: {problem}")))
published = pages.published_figures()
display(views.table(published[published["task"].str.startswith("outlet factuality")],
                     caption="Published figures for outlet factuality", interactive=False))

# %% [markdown]
# ## What the models lean on
# Permutation importance: how much macro-F1 drops on the test folds when one measure is shuffled.

# %%
models = {f"{name} ({level} level)": result for (name, level), result in results.items()}
views.picker(list(models), lambda choice: [views.Figure(views.importance_chart(
    models[choice].importance.head(20), title=f"Permutation importance: {choice}"))],
              description="Model", live=widgets)
