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
# # 5. Method validation
# **Question:** how accurate is each scorer on gold data, beside the published figures?
#
# Attribution chains are measured now against the gold the project ships (`data/gold`); story
# grouping is measured now when `../shared` is present. The other evaluations take minutes, so
# this page shows the figures the `python -m analysis evaluate ...` commands recorded in
# `data/eval_figures.json`, with when they were measured.

# %% tags=["parameters"]
data = None  # not used: the evaluations read their gold sets
widgets = True  # not used: this page has no choices

# %%
from IPython.display import display

from analysis import views
from analysis.views import pages

views.page_setup()

# %% [markdown]
# ## Attribution chains on the seeds and the chain cases
# Of the hand-annotated attributions: how many sources were found, how many with exactly the
# right relay outlets; on cases with no relay ("Bloomberg economist X said"), how many relays
# were invented. Page 1 shows each of the seeds' attributions highlighted.

# %%
views.table(pages.chain_figures(), caption="Attribution chains against data/gold", interactive=False)

# %% [markdown]
# ## Story grouping
# Pairwise precision and recall on the AllSides same-story triplets. The similarity threshold
# was chosen on the dev half of the stories and is reported on the test half; "text alone"
# ignores the dates, the harder case of a busy news day.

# %%
stories, story_note = pages.story_figures()
display(views.HTML(pages.text_html(story_note)))
views.table(stories, caption="Story grouping (pairwise)", interactive=False)

# %% [markdown]
# ## Other scorers, as recorded by the evaluation commands

# %%
recorded = pages.recorded_figures(exclude=("stories",))
if recorded.empty:
    display(views.HTML(views.note_html(
        "No other evaluation figures are recorded in data/eval_figures.json yet: the README gives the "
        "figures of `python -m analysis evaluate hedging` and `python -m analysis evaluate attribution`.")))
else:
    display(views.table(recorded, caption="Recorded evaluation figures", interactive=True, page_length=25))

# %% [markdown]
# ## Published figures to set them beside

# %%
views.table(pages.published_figures(), caption="Published figures", interactive=False)
