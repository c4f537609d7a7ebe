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
# The figures are those the `python -m analysis evaluate ...` commands measured and recorded
# in `data/eval_figures.json` (the full evaluations take minutes; this page does not re-run
# them). With `../shared` present, the story grouping is also measured now.

# %% tags=["parameters"]
data = None  # not used: the evaluations read the gold sets in ../shared
widgets = True  # not used: this page has no choices

# %%
from IPython.display import Markdown, display

from analysis import pages, render

render.page_setup()

# %% [markdown]
# ## Our figures, as recorded by the evaluation commands

# %%
recorded = pages.recorded_figures()
if recorded.empty:
    display(render.HTML(render.note_html("No evaluation figures are recorded yet: run the evaluate commands.")))
else:
    display(render.table(recorded, caption="Recorded evaluation figures", interactive=True, page_length=25))

# %% [markdown]
# ## Published figures to set them beside

# %%
render.table(pages.published_figures(), caption="Published figures", interactive=False)

# %% [markdown]
# ## Story grouping, measured now
# Pairwise precision and recall on the AllSides same-story triplets; the threshold was chosen on
# the dev half and is reported on the test half.

# %%
live = pages.live_story_figures()
if live is None:
    display(render.HTML(render.note_html(
        "The gold sets (../shared) are absent on this machine: the figures above are those recorded "
        "when the evaluations last ran; nothing is measured now.")))
else:
    display(render.table(live, caption="Story grouping now", interactive=False))
