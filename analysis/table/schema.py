"""The columns of the feature table, in order, and the empty table with their dtypes.

Each family of columns is documented (name, meaning, range, unit) in the scorer module that
computes it: ``hedge_*`` in ``analysis.scorers.hedging.measures``, ``src_*`` in
``analysis.scorers.sourcing``, ``lang_*`` in ``analysis.scorers.loaded``, ``sentiment`` and
``balance``, ``read_*`` in ``analysis.scorers.readability`` and ``style_*`` in
``analysis.scorers.style``. :data:`COLUMNS` gathers those descriptions, one :class:`Column` per
column of the table in order, and :func:`data_dictionary` renders them as the Markdown table of
``docs/features.md``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.scorers.balance import BALANCE_CUE_FEATURES, BALANCE_FEATURES
from analysis.scorers.hedging.measures import HEDGING_FEATURES
from analysis.scorers.loaded import LOADED_FEATURES
from analysis.scorers.readability import READABILITY_FEATURES
from analysis.scorers.sentiment import SUBJECT_FEATURES
from analysis.scorers.sourcing import (
    SOURCING_FEATURES,
)
from analysis.scorers.style import STYLE_FEATURES

LANGUAGE_FEATURES: tuple[str, ...] = (*LOADED_FEATURES, *SUBJECT_FEATURES, *BALANCE_CUE_FEATURES)
"""The ``lang_*`` columns of the text part: loaded language, sentiment toward the subject,
balance cues."""
TEXT_PART_FEATURES: tuple[str, ...] = (
    *HEDGING_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES, *STYLE_FEATURES)
"""Columns of the text part (no parse)."""


RELAYED_OUTLETS = "src_relayed_outlets"


ERROR = "error"


ID_COLUMNS: tuple[str, ...] = ("article_id", "outlet")
"""Columns of the input carried into the command's output table before the features."""


TEXT_COLUMNS: tuple[str, ...] = ("lang_subject", RELAYED_OUTLETS)
"""Feature columns holding text; all others are floats."""


FEATURE_COLUMNS: tuple[str, ...] = (
    *HEDGING_FEATURES, *SOURCING_FEATURES, RELAYED_OUTLETS, *BALANCE_FEATURES, *LANGUAGE_FEATURES, *READABILITY_FEATURES,
    *STYLE_FEATURES,
)
"""Every feature column, in table order: ``hedge_*``, ``src_*``, ``lang_*``, ``read_*``,
``style_*`` (the ``lang_*`` of the parse part sit after ``src_relayed_outlets``)."""


TABLE_COLUMNS: tuple[str, ...] = (*FEATURE_COLUMNS, ERROR)
"""The columns :func:`score_articles` returns, in order."""


NUMERIC_FEATURES: tuple[str, ...] = tuple(c for c in FEATURE_COLUMNS if c not in TEXT_COLUMNS)
"""The float columns (what :class:`ArticleFeatures` outputs)."""


def empty_table(index: pd.Index | None = None) -> pd.DataFrame:
    """A feature table with no values: the columns and dtypes of :func:`score_articles`."""
    index = pd.RangeIndex(0) if index is None else index
    columns = {c: pd.Series(np.nan, index=index, dtype="float64") for c in NUMERIC_FEATURES}
    for c in (*TEXT_COLUMNS, ERROR):
        columns[c] = pd.Series(None, index=index, dtype="object")
    return pd.DataFrame(columns, index=index)[list(TABLE_COLUMNS)]


@dataclass(frozen=True)
class Column:
    """One column of the feature table, as the data dictionary (``docs/features.md``) shows it.

    ``name`` the column; ``family`` the scorer that computes it (one of :data:`FAMILIES`);
    ``meaning`` what it counts or measures; ``range`` the values it takes; ``unit`` what one unit
    is ("" where the column holds text)."""

    name: str
    family: str
    meaning: str
    range: str
    unit: str


FEATURE_FAMILIES: tuple[str, ...] = (
    "hedging", "sourcing", "loaded", "sentiment", "balance", "readability", "style")
"""The families of the feature columns: the scorer module each comes from
(``analysis.scorers.hedging.measures``, ``.sourcing``, ``.loaded``, ``.sentiment``, ``.balance``,
``.readability``, ``.style``)."""

STATUS_FAMILY = "status"
"""The family of the ``error`` column: not a measure, whether the row was scored."""

FAMILIES: tuple[str, ...] = (*FEATURE_FAMILIES, STATUS_FAMILY)
"""Every family a :class:`Column` may have."""

_PER_100W_OUT = "per 100 words outside quotations"

COLUMNS: tuple[Column, ...] = (
    # hedging: analysis.scorers.hedging.measures (HEDGING_FEATURES); no word gives 0, never missing
    Column("hedge_per_100w", "hedging",
           "hedge cues (modal, speculative, epistemic, evidential, distancing, conditional; both voices)",
           ">= 0 (news typically 0-5)", "per 100 words"),
    Column("hedge_per_100w_writer", "hedging", "writer-voice hedge cues outside quotations",
           ">= 0", _PER_100W_OUT),
    Column("hedge_per_100w_quoted", "hedging",
           "quoted-voice hedge cues inside quotations (the quoted source's); 0 without quotations",
           ">= 0", "per 100 quoted words"),
    Column("hedge_sentence_share", "hedging", "sentences the hedged-sentence classifier calls hedged",
           "0-1", "share of sentences"),
    Column("hedge_booster_per_100w", "hedging", 'certainty boosters ("clearly", "undoubtedly")',
           ">= 0", "per 100 words"),
    Column("hedge_approximator_per_100w", "hedging", 'approximate numbers ("about 20", "nearly half")',
           ">= 0", "per 100 words"),
    Column("hedge_share_modal", "hedging", "modal cues (may, might, could) among the hedge cues",
           "0-1; the six shares sum to 1 (all 0 without hedges)", "share of hedge cues"),
    Column("hedge_share_speculative", "hedging",
           "speculative verbs (suggest, appear, believe, expected to) among the hedge cues",
           "0-1", "share of hedge cues"),
    Column("hedge_share_epistemic", "hedging",
           "epistemic adverbs, adjectives and nouns (possibly, likely, unclear) among the hedge cues",
           "0-1", "share of hedge cues"),
    Column("hedge_share_evidential", "hedging",
           "hearsay without a named source (reportedly, allegedly) among the hedge cues",
           "0-1", "share of hedge cues"),
    Column("hedge_share_distancing", "hedging",
           'the writer keeps a claim at arm\'s length ("it claims", so-called), among the hedge cues',
           "0-1", "share of hedge cues"),
    Column("hedge_share_conditional", "hedging",
           'conditional speculation ("if true", "may or may not") among the hedge cues',
           "0-1", "share of hedge cues"),
    # sourcing: analysis.scorers.sourcing (SOURCING_FEATURES); speech attributions; shares 0 without them
    Column("src_attributions", "sourcing", "speech attributions found (said, told, according to, ...)",
           ">= 0", "count"),
    Column("src_belief_attributions", "sourcing", "belief/perception attributions (thinks, viewed, shows)",
           ">= 0", "count"),
    Column("src_distinct_sources", "sourcing",
           "distinct resolved sources of speech attributions (case-insensitive)", ">= 0", "count"),
    Column("src_named_share", "sourcing", "speech attributions whose source is a named person",
           "0-1", "share of speech attributions"),
    Column("src_official_share", "sourcing", '... an unnamed official ("a senior official")',
           "0-1", "share of speech attributions"),
    Column("src_anonymous_share", "sourcing",
           '... anonymous or collective ("sources familiar with", "critics", "US officials")',
           "0-1", "share of speech attributions"),
    Column("src_organization_share", "sourcing", '... an organisation or state ("the FBI", "Pyongyang")',
           "0-1", "share of speech attributions"),
    Column("src_outlet_share", "sourcing", '... a news outlet ("CNN reported", "US media")',
           "0-1", "share of speech attributions"),
    Column("src_document_share", "sourcing", '... a document ("a statement", "the report", "a poll")',
           "0-1", "share of speech attributions"),
    Column("src_unknown_share", "sourcing", '... no or an untyped source ("reportedly")',
           "0-1", "share of speech attributions"),
    Column("src_relayed_share", "sourcing",
           "speech attributions that reached the article through another outlet (`via` not empty)",
           "0-1", "share of speech attributions"),
    Column("src_secondhand_share", "sourcing",
           "speech attributions that came through an outlet: relayed (`via`) or sourced to an outlet itself",
           "0-1", "share of speech attributions"),
    Column("src_relayed_direct_share", "sourcing", "direct quotations that are relayed",
           "0-1", "share of direct quotations"),
    Column("src_chain_mean", "sourcing", "mean relay outlets per speech attribution", ">= 0", "outlets"),
    Column("src_chain_max", "sourcing", "longest relay chain", ">= 0", "outlets"),
    Column("src_direct_share", "sourcing", "speech attributions that quote verbatim",
           "0-1", "share of speech attributions"),
    Column("src_attributed_sentence_share", "sourcing",
           "sentences carrying at least one attribution (any cue)", "0-1", "share of sentences"),
    Column("src_source_entropy", "sourcing",
           "Shannon entropy of speech attributions over distinct sources (0: one voice)",
           "0 to log2(sources)", "bits"),
    Column(RELAYED_OUTLETS, "sourcing",
           'outlets the article relays from, most attributions first, joined by `|`; `""` where none',
           "text", ""),
    # balance of voices, from the attributions: analysis.scorers.balance (BALANCE_FEATURES)
    Column("lang_responding_voices", "balance",
           "distinct sources with a statement in a sentence holding a response, dispute or no-comment "
           "cue: the voices that answer or contest", ">= 0", "count (sources)"),
    Column("lang_responding_share", "balance",
           "those voices among all distinct speech sources; missing without attributions",
           "0-1", "share of sources"),
    Column("lang_sources_critic", "balance",
           'attributions whose source names the critical side ("critics said"), or whose sentence '
           "names only that side", ">= 0", "count"),
    Column("lang_sources_supporter", "balance",
           'the same for the supporting side ("supporters argued")', ">= 0", "count"),
    Column("lang_source_side_balance", "balance",
           "2·min(critic, supporter)/(critic + supporter) over those sources: 1 both sides heard "
           "equally, 0 one side only; missing where no source is placed on a side", "0-1", "ratio"),
    # loaded wording: analysis.scorers.loaded (LOADED_FEATURES)
    Column("lang_loaded_per_100w", "loaded",
           "loaded terms (all six categories) outside quotations: the writer's own wording",
           ">= 0", _PER_100W_OUT),
    Column("lang_loaded_quoted_per_100w", "loaded", "loaded terms inside quotations",
           ">= 0", "per 100 quoted words"),
    Column("lang_loaded_label_per_100w", "loaded",
           'name calling and campaign labels ("regime", "thugs", "far-left", "death tax")',
           ">= 0", _PER_100W_OUT),
    Column("lang_intensifier_per_100w", "loaded", 'degree adverbs ("very", "extremely", "utterly")',
           ">= 0", _PER_100W_OUT),
    Column("lang_emotive_per_100w", "loaded",
           'emotion-laden evaluation ("shocking", "devastating", "chaos")', ">= 0", _PER_100W_OUT),
    Column("lang_dramatic_verb_per_100w", "loaded",
           'headline verbs for said/criticised ("slams", "blasts", "lashed out")', ">= 0", _PER_100W_OUT),
    Column("lang_exaggeration_per_100w", "loaded",
           'claims of extremity or size ("unprecedented", "massive", "worst ever")', ">= 0", _PER_100W_OUT),
    Column("lang_evaluative_per_100w", "loaded",
           'the writer\'s stance adverbs ("sadly", "inexplicably", "conveniently")', ">= 0", _PER_100W_OUT),
    Column("lang_title_loaded", "loaded", "loaded terms in the headline; missing without a title",
           ">= 0", "count"),
    # sentiment toward the main subject: analysis.scorers.sentiment (SUBJECT_FEATURES)
    Column("lang_subject", "sentiment",
           'the main subject\'s name, its most frequent capitalised phrase ("Sony Pictures"); missing '
           "where no capitalised word is mentioned twice", "text", ""),
    Column("lang_subject_sentences", "sentiment", "sentences mentioning the main subject", ">= 0", "count"),
    Column("lang_subject_sentiment", "sentiment",
           "mean VADER compound score of those sentences; missing without a subject",
           "-1 to 1 (0 neutral)", "score"),
    Column("lang_subject_negative_share", "sentiment",
           "those sentences with compound <= -0.05; missing without a subject", "0-1", "share of sentences"),
    Column("lang_subject_positive_share", "sentiment",
           "those sentences with compound >= 0.05; missing without a subject", "0-1", "share of sentences"),
    # balance cues, no parse: analysis.scorers.balance (BALANCE_CUE_FEATURES)
    Column("lang_response_cues", "balance", '"responded to", "in response", "countered that", "pushed back"',
           ">= 0", "count"),
    Column("lang_dispute_cues", "balance", '"denied", "disputed", "rejected the claims", "refuted"',
           ">= 0", "count"),
    Column("lang_no_comment_cues", "balance",
           '"did not respond to a request for comment", "declined to comment", "could not be reached"',
           ">= 0", "count"),
    Column("lang_critic_cues", "balance",
           'mentions of a critical side ("critics", "opponents", "detractors")', ">= 0", "count"),
    Column("lang_supporter_cues", "balance",
           'mentions of a supporting side ("supporters", "proponents", "allies")', ">= 0", "count"),
    Column("lang_side_balance", "balance",
           "2·min(critic, supporter)/(critic + supporter) over those mentions: 1 both sides named "
           "equally often, 0 one side only; missing where no side is named", "0-1", "ratio"),
    # readability: analysis.scorers.readability (READABILITY_FEATURES); textstat 0.7.8 formulas;
    # missing for text without words
    Column("read_flesch_reading_ease", "readability",
           "206.835 − 1.015·words/sentence − 84.6·syllables/word; higher is easier",
           "about 0-100 for prose (news 30-60), unbounded", "score"),
    Column("read_flesch_kincaid_grade", "readability", "0.39·words/sentence + 11.8·syllables/word − 15.59",
           "about 0-20", "US school grade"),
    Column("read_smog", "readability", "1.043·√(30·polysyllabic words/sentences) + 3.1291",
           ">= 3.13", "US school grade"),
    Column("read_dale_chall", "readability",
           "0.1579·% words off the Dale-Chall easy list + 0.0496·words/sentence (+3.6365 above 5 %)",
           "about 4.9 (grade 4) to 10+ (college graduate)", "Dale-Chall score"),
    Column("read_gunning_fog", "readability",
           "0.4·(words/sentence + % words of 3+ syllables off the easy list)", ">= 0", "US school grade"),
    Column("read_coleman_liau", "readability",
           "0.058·letters per 100 words − 0.296·sentences per 100 words − 15.8", "about 0-20",
           "US school grade"),
    Column("read_ari", "readability", "4.71·characters/word + 0.5·words/sentence − 21.43", "about 0-20",
           "US school grade"),
    Column("read_syllables_per_word", "readability", "mean syllables per word (CMU dictionary, else Pyphen)",
           ">= 0 (English prose about 1.3-1.7)", "syllables"),
    Column("read_polysyllable_share", "readability", "words of three or more syllables",
           "0-1", "share of words"),
    Column("read_difficult_word_share", "readability",
           "words not on the Dale-Chall list of ~3,000 easy words (names count as difficult)",
           "0-1", "share of words"),
    # style: analysis.scorers.style (STYLE_FEATURES); text measures 0 for text without words,
    # title measures missing without a title
    Column("style_words", "style", "words in the text (`\\w+` runs, \"don't\" one word)", ">= 0", "count"),
    Column("style_sentences", "style", "sentences (the `analysis.text.sentences` splitter)", ">= 0", "count"),
    Column("style_words_per_sentence", "style", "mean sentence length; 0 for text without sentences",
           ">= 0", "words"),
    Column("style_quoted_share", "style", "words inside quotation marks", "0-1", "share of words"),
    Column("style_quotations", "style", "quotations of more than three words (scare quotes, titles left out)",
           ">= 0", "count"),
    Column("style_exclamation_per_100w", "style", "exclamation marks", ">= 0", "per 100 words"),
    Column("style_question_per_100w", "style", "question marks", ">= 0", "per 100 words"),
    Column("style_allcaps_per_100w", "style",
           'words of 3+ letters in capitals whose lower case is a common English word ("NEVER", '
           '"STOP"; acronyms such as "FBI" not)', ">= 0", "per 100 words"),
    Column("style_title_words", "style", "words in the headline; missing without a title", ">= 0", "count"),
    Column("style_title_case_share", "style",
           'headline words (first word and minor words such as "of", "the" left out) that start with '
           "a capital: ~1 Title Case, ~0 sentence case; missing where the title has no such word",
           "0-1", "share of title words"),
    Column("style_title_allcaps_share", "style", "headline words of 2+ letters written all in capitals",
           "0-1", "share of title words"),
    Column("style_title_question", "style", 'the headline ends with "?"', "0 or 1", "flag"),
    Column("style_title_exclamation", "style", 'the headline holds "!"', "0 or 1", "flag"),
    # the row's status
    Column(ERROR, STATUS_FAMILY,
           "missing where the row was scored; otherwise the reason (`text is missing`, `text is not a "
           "string but int`, a loader's `load_problem`, or `ExceptionType: message`), every feature "
           "then missing", "text", ""),
)
"""Every column of :data:`TABLE_COLUMNS` (the features, then ``error``), in table order, with its
family, meaning, range and unit: the one source of the data dictionary."""


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


def data_dictionary() -> str:
    """The data dictionary of the feature table as a Markdown table, one row per column of
    :data:`COLUMNS` in table order (``docs/features.md`` holds it verbatim; a test checks)."""
    lines = ["| column | family | meaning | range | unit |", "|---|---|---|---|---|"]
    lines += [f"| {c.name} | {c.family} | {_cell(c.meaning)} | {_cell(c.range)} | {_cell(c.unit)} |"
              for c in COLUMNS]
    return "\n".join(lines) + "\n"
