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
# # 2. One story across outlets
# **Question:** when several outlets cover one story, who relayed whom, and who hedged what?
# The story is the Sony Pictures hack of December 2014, the story of the two Sputnik seeds.

# %% tags=["parameters"]
data = None  # articles on one story (any file load_corpus reads); None: ../shared Sony-hack corpus, else none
widgets = True  # live drop-downs in JupyterLab; the HTML export shows the default choice

# %%
from IPython.display import display

from analysis import compare
from analysis import views
from analysis.views import pages

views.page_setup()
page = pages.story_data(data)
articles = page.frame
annotated = pages.annotate_frame(articles)
display(views.HTML(pages.data_html(page.note)))

# %% [markdown]
# ## The articles, and the stories they group into
# Articles are grouped into stories by the TF-IDF similarity of their words within a window
# of days (`analysis.compare.group_stories`).

# %%
articles["story"] = compare.group_stories(articles)
views.table(pages.article_list(articles), caption="Articles (story = group found by similarity)",
             interactive=True)

# %% [markdown]
# ## Who relayed whom
# Every attribution that names a relay: source → relay outlet(s) → publishing outlet. Hover a
# link for its count.

# %%
views.Figure(views.chain_graph(pages.relayed_chains(annotated), title="Relayed attributions"))

# %%
views.table(pages.source_counts(annotated), caption="Sources cited, by publishing outlet", interactive=True)

# %% [markdown]
# ## Who hedged what
# Hedges per 100 words, by outlet and category (counts from the marks shown on page 1).

# %%
pages.hedging_chart(annotated)

# %% [markdown]
# ## Article against article: the two seeds
# On 9 December the FBI said "there is no attribution to North Korea"; on 19 December the US
# government, as relayed through CNN, said North Korea was behind it. Each row is a claim the
# two articles share: the sentence each uses, its hedges, and whom each cites.

# %%
seeds = [item for item in annotated if "Sputnik" in item.label]
seed_claims = compare.align_claims(seeds, shared_only=True)
display(views.HTML(views.claims_table_html(seed_claims, [item.label for item in seeds])))
views.Figure(views.claim_map(compare.align_claims(seeds)))

# %% [markdown]
# ## Article against article: pick another article
# The 19 December seed beside another article of the story (default: the most similar one).

# %%
by_label = {item.label: item for item in annotated}
pivot = seeds[-1] if seeds else annotated[0]
ranked = pages.most_similar(annotated, pivot)
views.picker([item.label for item in ranked], lambda label: pages.alignment_view(pivot, by_label[label]),
              description="Beside the seed", live=widgets)
