"""The data behind each notebook page and the views the pages show, so the notebooks stay thin.

Each page takes one ``data`` parameter (a path, or ``None`` for its default):

==========================  ================================================  ======================================
page                        ``data`` given                                    default (``None``)
==========================  ================================================  ======================================
01 article anatomy          articles (any file ``load_corpus`` reads)         the two seeds
02 one story                articles; the seeds are added                     ``../shared`` Sony-hack corpus + the
                                                                              seeds, else the seeds alone
03 outlet profiles,         a feature table (``.parquet``/``.csv`` with       the shipped table :data:`FEATURE_TABLE`,
04 reliability signals      measure columns, no text) or articles to score    else the seeds (+ Sony corpus) scored
05 method validation        (not used)                                        ``data/gold`` now, the triplets now
                                                                              with ``../shared``, and the figures
                                                                              recorded in ``data/eval_figures.json``
==========================  ================================================  ======================================

Ratings come from ``../shared/labels`` when present, else from ``data/outlet_ratings.csv``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.compare.claims import align_claims
from analysis.compare.outlets import effect_sizes
from analysis.compare.signals import (
    FACTUALITY_ORDER,
    SignalResult,
    rating_classes,
    rating_correlations,
    reliability_signals,
)
from analysis.compare.stories import (
    STORY_THRESHOLD,
    STORY_WINDOW_DAYS,
    similarity_ranking,
)
from analysis.corpus.readers import load_corpus
from analysis.evaluation.attribution import score_chain_cases, score_seed_gold
from analysis.evaluation.figures import read_figures
from analysis.evaluation.stories import (
    NO_WINDOW_DAYS,
    TRIPLETS,
    load_triplets,
    split_stories,
)
from analysis.evaluation.stories import evaluate as evaluate_stories
from analysis.outlets.ratings import (
    SHIPPED_RATINGS,
    article_domain,
    join_ratings,
    load_ratings,
)
from analysis.paths import (
    DATA_DIR,
    SEEDS_DIR,
    SharedDataMissing,
    shared_dir,
    shared_path,
)
from analysis.scorers.analyze import ArticleAnnotations, annotate
from analysis.scorers.attribution.extract import chain_text
from analysis.scorers.sourcing import sourcing_profile
from analysis.table.engines import score_articles
from analysis.table.shipped import SHIPPED_FEATURES
from analysis.views import charts, highlight, widgets

FEATURE_TABLE = SHIPPED_FEATURES
PUBLISHED_FIGURES = DATA_DIR / "published_figures.csv"
SONY_STORY = "corpora/allsides_sony_hack_2014.csv"
SEED_YEAR = 2014  # the seeds are Sputnik pages of December 2014 (../shared/README.md); datelines omit the year
TABLE_SUFFIXES = (".parquet", ".csv")


def text_html(message: str, *, label: str | None = None) -> str:
    """A paragraph of plain text for a page (``message`` escaped: a file name, title or column
    name is shown as typed, never read as HTML, Markdown or maths), after a bold ``label``."""
    head = f"<b>{html.escape(label)}:</b> " if label else ""
    return f'<p class="tex2jax_ignore mathjax_ignore">{head}{html.escape(str(message))}</p>'


def data_html(note: str) -> str:
    """The "Data:" line at a page's top (:attr:`PageData.note`, escaped)."""
    return text_html(note, label="Data")


@dataclass(frozen=True, eq=False)
class PageData:
    """A page's data and a sentence telling the reader what it is (shown at the page's top)."""

    frame: pd.DataFrame
    note: str


# ---------------------------------------------------------------------------------------------
# Articles


def seed_articles() -> pd.DataFrame:
    """The two seed articles, with ``published`` set from their datelines (December 2014)."""
    seeds = load_corpus(SEEDS_DIR)
    dated = pd.to_datetime(seeds["dateline_date"].astype("string") + f" {SEED_YEAR}", format="%B %d %Y",
                           errors="coerce")
    seeds["published"] = seeds["published"].fillna(dated) if "published" in seeds else dated
    return seeds.sort_values("published").reset_index(drop=True)


def article_label(row: pd.Series) -> str:
    """A short name for an article: outlet, date, and title or first words."""
    outlet = row.get("outlet_canonical") if isinstance(row.get("outlet_canonical"), str) else row.get("outlet")
    outlet = outlet if isinstance(outlet, str) else "unknown outlet"
    date = row.get("published")
    when = date.strftime("%d %b %Y") if isinstance(date, pd.Timestamp) and not pd.isna(date) else "undated"
    title = row.get("title")
    if not isinstance(title, str) or not title.strip():
        text = row.get("text") if isinstance(row.get("text"), str) else ""
        title = " ".join(text.split()[:8]) + "…"
    return f"{outlet}, {when}: {title.strip()[:70]} [{row['article_id']}]"


def with_labels(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with a unique ``label`` column (:func:`article_label`)."""
    return articles.assign(label=[article_label(row) for _, row in articles.iterrows()])


def anatomy_data(data: str | None) -> PageData:
    """Page 01: the articles to dissect."""
    if data is None or _is_feature_table(Path(data)):
        note = "" if data is None else f"{data} is a feature table, with no text to show: "
        return PageData(with_labels(seed_articles()), note + "the two seed articles (Sputnik, 9 and 19 December 2014).")
    articles = load_corpus(data)
    return PageData(with_labels(articles), f"{len(articles)} article(s) from {data}.")


def story_data(data: str | None) -> PageData:
    """Page 02: articles on one story, the seeds among them."""
    seeds = seed_articles()
    if data is not None and not _is_feature_table(Path(data)):
        others, origin = load_corpus(data), str(data)
    else:
        try:
            others, origin = load_corpus(shared_path(SONY_STORY)), f"../shared/{SONY_STORY}"
        except SharedDataMissing:
            return PageData(with_labels(seeds), "The shared corpora (../shared) are absent on this machine: "
                            "this page shows the two Sputnik seeds alone. With ../shared present it sets them "
                            "beside the Sony-hack coverage of 11 outlets.")
    articles = pd.concat([others, seeds], ignore_index=True)
    outlets = articles["outlet_canonical"].fillna(articles["outlet"]).nunique()
    return PageData(with_labels(articles), f"{len(others)} article(s) from {origin} and the two Sputnik seeds: "
                    f"{len(articles)} articles from {outlets} outlets.")


# ---------------------------------------------------------------------------------------------
# Feature tables and ratings


def _is_feature_table(path: Path) -> bool:
    if path.suffix not in TABLE_SUFFIXES or not path.is_file():
        return False
    columns = (pd.read_parquet(path).columns if path.suffix == ".parquet"
               else pd.read_csv(path, nrows=0).columns)
    return "text" not in columns and any(c.startswith(("hedge_", "src_")) for c in columns)


def _read_table(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def _scored(articles: pd.DataFrame) -> pd.DataFrame:
    scores = score_articles(articles)
    keep = [c for c in ("article_id", "outlet", "outlet_canonical", "url", "published", "domain", "label_bias")
            if c in articles.columns]
    frame = pd.concat([articles[keep], scores], axis=1)
    if "outlet_canonical" in frame.columns:  # one name per outlet: the registry's where it has one
        frame["outlet"] = frame["outlet_canonical"].fillna(frame["outlet"])
    return frame


def feature_data(data: str | None) -> PageData:
    """Pages 03 and 04: a feature table, one row per article with an ``outlet`` column."""
    if data is not None:
        path = Path(data)
        if _is_feature_table(path):
            table = _read_table(path)
            return PageData(table, f"The feature table {path.name}: {len(table)} articles, "
                            f"{table['outlet'].nunique()} outlets.")
        table = _scored(load_corpus(path))
        return PageData(table, f"{len(table)} articles from {data}, scored now.")
    if FEATURE_TABLE.exists():
        table = _read_table(FEATURE_TABLE)
        return PageData(table, f"The project's feature table of the AllSides corpus ({FEATURE_TABLE.name}, "
                        f"computed by python -m analysis score): {len(table)} articles, "
                        f"{table['outlet'].nunique()} outlets.")
    articles = seed_articles()
    if shared_dir() is not None:
        articles = pd.concat([load_corpus(shared_path(SONY_STORY)), articles], ignore_index=True)
    table = _scored(articles)
    return PageData(table, f"The shipped feature table ({FEATURE_TABLE.relative_to(DATA_DIR.parent)}) is absent: "
                    f"this page shows the {len(table)} articles at hand, scored now; most outlets have too "
                    "few articles for firm conclusions.")


def ratings() -> tuple[pd.DataFrame | None, str]:
    """Outlet ratings by domain, and where they come from (``None`` when there are none):
    ``../shared/labels`` when present, else the ratings shipped in ``data/outlet_ratings.csv``."""
    try:
        table = load_ratings()
    except FileNotFoundError as missing:
        return None, f"No outlet ratings are available ({missing})."
    if shared_dir() is not None:
        return table, "Ratings from the label files in ../shared/labels."
    return table, f"Ratings shipped in {SHIPPED_RATINGS.relative_to(DATA_DIR.parent)} (sources in the README)."


def rated_feature_data(data: str | None) -> tuple[pd.DataFrame, str]:
    """Pages 03 and 04: the feature table with the outlet ratings joined, and a note saying
    where the articles and the ratings come from."""
    page = feature_data(data)
    rating_table, rating_note = ratings()
    return rated_features(page.frame, rating_table), f"{page.note} {rating_note}"


def rated_features(features: pd.DataFrame, table: pd.DataFrame | None) -> pd.DataFrame:
    """``features`` with the rating columns joined by domain: the ``domain`` column where it has
    one, else the domain of the ``url`` or the registry domain of the ``outlet``."""
    if table is None:
        return features
    given = features["domain"] if "domain" in features.columns else pd.Series(pd.NA, index=features.index)
    urls = features["url"] if "url" in features.columns else pd.Series(pd.NA, index=features.index)
    domains = [d if isinstance(d, str) and d else article_domain(u if isinstance(u, str) else None, o) or ""
               for d, u, o in zip(given, urls, features["outlet"])]
    return join_ratings(features.assign(domain=domains), table)


# ---------------------------------------------------------------------------------------------
# Views (lists of objects for IPython's display)


def attribution_table(item: ArticleAnnotations) -> pd.DataFrame:
    """The attributions of an article, numbered as the highlighted text numbers them."""
    return pd.DataFrame([{
        "#": n, "source": a.source or "(unnamed)", "resolved": a.resolved or "(unnamed)", "type": a.source_type,
        "cue": a.cue, "kind": getattr(a, "cue_kind", ""), "direct quote": a.direct, "via": " → ".join(a.via), "chain": chain_text(a.chain),
        "content": (a.content or "")[:160]} for n, a in enumerate(item.attributions, start=1)],
        columns=["#", "source", "resolved", "type", "cue", "kind", "direct quote", "via", "chain", "content"])


def hedge_table(item: ArticleAnnotations) -> pd.DataFrame:
    """The hedges of an article with where they stand."""
    return pd.DataFrame([{"hedge": h.text, "category": h.category, "voice": getattr(h, "voice", ""),
                          "offset": h.start} for h in item.hedges],
                        columns=["hedge", "category", "voice", "offset"])


def sourcing_table(item: ArticleAnnotations) -> pd.DataFrame:
    """The article's sourcing profile (measure, value), with each share of speech attributions
    read back as a count of the numbered attributions of kind ``speech`` in the table
    ("7 of 16 speech attributions"). The measures are those :func:`annotate` computed from the
    article's one parse (``item.sourcing``); only annotations made without them (by hand) are
    parsed here."""
    profile = item.sourcing if item.sourcing is not None else sourcing_profile(item.text, outlet=item.outlet)
    total = profile.get("src_attributions")
    per_attribution = {name for name in profile if name.endswith("_share")} - {
        "src_relayed_direct_share", "src_attributed_sentence_share"}

    def reading(name: str, value: float) -> str:
        if name in per_attribution and total and value == value:
            return f"{round(value * total)} of {int(total)} speech attributions"
        return ""

    return pd.DataFrame({"measure": list(profile), "value": list(profile.values()),
                         "read as": [reading(k, v) for k, v in profile.items()]})


def article_spans(item: ArticleAnnotations) -> list[highlight.Span]:
    """Every highlight of an article: hedges, attributions (source, cue, relay outlets, content),
    loaded words."""
    return (highlight.hedge_spans(item.hedges) + highlight.attribution_spans(item.attributions)
            + highlight.relay_spans(item.attributions) + highlight.loaded_spans(item.loaded))


def article_view(item: ArticleAnnotations, *, interactive: bool = True) -> list[object]:
    """One article dissected: highlighted text, its attributions, hedges, chain graph and
    sourcing profile."""
    views: list[object] = [
        widgets.HTML(f"<h3>{html.escape(item.label)}</h3>"),
        widgets.HTML(highlight.highlight_html(item.text, article_spans(item))),
        widgets.table(attribution_table(item), caption="Attributions (numbers as in the text)",
                     interactive=interactive),
        widgets.table(hedge_table(item), caption="Hedges", interactive=interactive),
    ]
    if item.attributions:
        views.append(widgets.Figure(charts.chain_graph([a.chain for a in item.attributions],
                                                      title=f"Relay chains of {item.outlet or 'this article'}")))
    views.append(widgets.table(sourcing_table(item), caption="Sourcing profile", interactive=False))
    return views


def annotate_frame(articles: pd.DataFrame) -> list[ArticleAnnotations]:
    """:func:`analysis.compare.annotate` over a frame with ``label``, ``text``, ``outlet``."""
    outlets = articles["outlet_canonical"].fillna(articles["outlet"]) if "outlet_canonical" in articles else articles["outlet"]
    return annotate(articles["text"].tolist(), articles["label"].tolist(), outlets.tolist())


# ---------------------------------------------------------------------------------------------
# One story across outlets


def _outlet(item: ArticleAnnotations) -> str:
    return item.outlet or "(unknown outlet)"


def article_list(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles of a story page: story group, outlet, date, title, words."""
    outlets = articles["outlet_canonical"].fillna(articles["outlet"]) if "outlet_canonical" in articles else articles["outlet"]
    titles = articles["title"] if "title" in articles else pd.Series(pd.NA, index=articles.index)
    return pd.DataFrame({
        "story": articles["story"] if "story" in articles else pd.NA, "outlet": outlets,
        "date": pd.to_datetime(articles["published"], errors="coerce").dt.strftime("%Y-%m-%d"),
        "title": titles.fillna("(no title)"),
        "words": articles["text"].fillna("").str.split().str.len(),
        "article_id": articles["article_id"]}).sort_values(["date", "outlet"], na_position="last")


def relayed_chains(annotated: list[ArticleAnnotations]) -> list[tuple[str, ...]]:
    """The chains of every attribution that names a relay outlet (``via``)."""
    return [a.chain for item in annotated for a in item.attributions if a.via]


def source_counts(annotated: list[ArticleAnnotations]) -> pd.DataFrame:
    """How often each publishing outlet cites each source, and through which relays."""
    rows = [{"publishing outlet": _outlet(item), "source": a.resolved or "(unnamed)", "type": a.source_type,
             "via": " → ".join(a.via) or "(direct)"} for item in annotated for a in item.attributions]
    columns = ["publishing outlet", "source", "type", "via"]
    if not rows:
        return pd.DataFrame(columns=columns + ["attributions"])
    frame = pd.DataFrame(rows, columns=columns)
    return (frame.groupby(columns).size().rename("attributions").reset_index()
            .sort_values(["attributions", "publishing outlet"], ascending=[False, True]))


def hedge_rates(annotated: list[ArticleAnnotations]) -> pd.DataFrame:
    """Hedges per 100 words by publishing outlet and hedge category (words and hedges summed
    over the outlet's articles), with the number of articles behind each."""
    words: dict[str, int] = {}
    articles: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for item in annotated:
        outlet = _outlet(item)
        words[outlet] = words.get(outlet, 0) + len(item.text.split())
        articles[outlet] = articles.get(outlet, 0) + 1
        for hedge in item.hedges:
            counts[(outlet, hedge.category)] = counts.get((outlet, hedge.category), 0) + 1
    rows = [{"outlet": outlet, "category": category, "hedges": n, "articles": articles[outlet],
             "per_100_words": 100.0 * n / words[outlet] if words[outlet] else float("nan")}
            for (outlet, category), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["outlet", "category", "hedges", "articles", "per_100_words"])


def hedging_chart(annotated: list[ArticleAnnotations]) -> widgets.Figure:
    """:func:`hedge_rates` as stacked bars."""
    return widgets.Figure(charts.rate_chart(hedge_rates(annotated)))


def most_similar(annotated: list[ArticleAnnotations], pivot: ArticleAnnotations) -> list[ArticleAnnotations]:
    """The other articles, most similar to ``pivot`` first (TF-IDF cosine of their texts)."""
    others = [item for item in annotated if item.label != pivot.label]
    order = similarity_ranking(pivot.text, [item.text for item in others])
    return [others[i] for i in order]


def alignment_view(first: ArticleAnnotations, second: ArticleAnnotations) -> list[object]:
    """Two articles side by side: their shared claims (table) and every claim (map)."""
    shared = align_claims([first, second], shared_only=True)
    views: list[object] = []
    if shared.empty:
        views.append(widgets.HTML(highlight.note_html("These two articles share no claim at the alignment threshold.")))
    else:
        views.append(widgets.HTML(highlight.claims_table_html(shared, [first.label, second.label])))
    views.append(widgets.Figure(charts.claim_map(align_claims([first, second]))))
    return views


# ---------------------------------------------------------------------------------------------
# Outlet profiles


def default_measure(measures: list[str]) -> str | None:
    """The measure a page shows first: the overall hedging rate (the shortest ``hedge_`` name
    with "per" or "rate" in it, e.g. ``hedge_per_100w``), else the first hedging measure."""
    rates = [m for m in measures if m.startswith("hedge_") and ("per" in m or "rate" in m)]
    if rates:
        return min(rates, key=len)
    hedging = [m for m in measures if m.startswith("hedge_")]
    return (hedging or measures or [None])[0]


def outlet_summary(features: pd.DataFrame, *, min_articles: int) -> pd.DataFrame:
    """One row per outlet: articles, whether they are too few, the outlet's ratings where known,
    and its error count."""
    frame = features.assign(outlet=features["outlet"].astype("string").fillna("(unknown)"))
    grouped = frame.groupby("outlet")
    summary = pd.DataFrame({"articles": grouped.size()})
    if "error" in frame.columns:
        summary["with error"] = grouped["error"].agg(lambda s: int(s.notna().sum()))
    summary["too few articles"] = summary["articles"] < min_articles
    for column in ("domain", "label_bias", "allsides_bias", "mbfc_factual", "baly2018_factuality"):
        if column in frame.columns:
            summary[column] = grouped[column].agg(lambda s: s.dropna().iloc[0] if s.notna().any() else pd.NA)
    return summary.reset_index().sort_values("articles", ascending=False)


def chart_outlets(profiles: pd.DataFrame, *, limit: int = 40) -> list[str]:
    """The outlets a profile chart shows: all when there are at most ``limit``, else the
    ``limit`` with the most articles."""
    counts = profiles.groupby("outlet")["n"].max().sort_values(ascending=False)
    return list(counts.index[:limit])


def profile_view(features: pd.DataFrame, profiles: pd.DataFrame, measure: str, *, interactive: bool = True,
                 limit: int = 40) -> list[object]:
    """One measure across outlets: means with CIs (chart), differences as effect sizes (chart),
    and every outlet's numbers (table)."""
    shown = chart_outlets(profiles, limit=limit)
    rows = profiles[profiles["measure"] == measure]
    total = rows["outlet"].nunique()
    views: list[object] = []
    if total > len(shown):
        hidden = rows[~rows["outlet"].isin(shown)]
        views.append(widgets.HTML(highlight.note_html(
            f"The charts show the {len(shown)} outlets with the most articles; the other {total - len(shown)} "
            f"({int(hidden['too_few'].sum())} of them with too few articles) are in the table below.")))
    views.append(widgets.Figure(charts.profile_chart(rows[rows["outlet"].isin(shown)], measure)))
    effects = effect_sizes(features, measure, groups=shown)
    views.append(widgets.Figure(charts.effect_chart(
        effects.dropna(subset=["g"]), title=f"{measure}: each outlet against all other articles")))
    views.append(widgets.table(rows.drop(columns=["measure"]).sort_values("n", ascending=False),
                              caption=f"{measure} by outlet (n = articles with a value; too_few: n below the minimum)",
                              interactive=interactive))
    return views


def group_effects_view(features: pd.DataFrame, measure: str, column: str) -> list[object]:
    """Effect sizes of ``measure`` between the groups of a rating column (e.g. left, center,
    right), each against the rest."""
    if column not in features.columns or features[column].notna().sum() == 0:
        return [widgets.HTML(highlight.note_html(f"No {column} values: no group comparison."))]
    rated = features[features[column].notna()]
    effects = effect_sizes(rated, measure, group_column=column)
    return [widgets.Figure(charts.effect_chart(effects.dropna(subset=["g"]),
                                              title=f"{measure}: each {column} group against the others"))]


# ---------------------------------------------------------------------------------------------
# Reliability signals

def rating_targets(features: pd.DataFrame) -> dict[str, pd.Series]:
    """The ratings to predict, as 3 classes per article, where the table has them:
    ``factuality`` (MBFC factual reporting or the Baly 2018 labels) and ``bias`` (the AllSides
    rating of the outlet or the corpus's ``label_bias``), whichever covers more articles."""
    targets: dict[str, pd.Series] = {}
    for name, columns in (("factuality", ("mbfc_factual", "baly2018_factuality")),
                          ("bias", ("allsides_bias", "label_bias"))):
        present = [c for c in columns if c in features.columns and features[c].notna().any()]
        if present:  # the rating that covers the most articles
            column = max(present, key=lambda c: int(features[c].notna().sum()))
            targets[name] = rating_classes(features[column], name)
            targets[name].attrs["column"] = column
    return targets


def signal_results(features: pd.DataFrame, targets: dict[str, pd.Series], *, levels=("article", "outlet")
                   ) -> tuple[pd.DataFrame, dict[tuple[str, str], SignalResult], list[str]]:
    """Cross-validated macro-F1 (0..100) per target and level beside the majority baseline, the
    fitted results, and the reasons any combination could not be run."""
    rows, results, problems = [], {}, []
    for name, target in targets.items():
        frame = features.assign(_target=target)
        for level in levels:
            try:
                result = reliability_signals(frame, "_target", level=level)
            except ValueError as error:
                problems.append(f"{name} ({level} level): {error}")
                continue
            results[(name, level)] = result
            rows.append({"rating": name, "from column": target.attrs.get("column", ""), "level": level,
                         "classes": ", ".join(result.classes), "samples": result.n_samples,
                         "outlets": result.n_outlets, "folds (by outlet)": result.n_splits,
                         "macro-F1": round(100 * result.macro_f1, 1),
                         "majority baseline": round(100 * result.baseline_f1, 1)})
    columns = ["rating", "from column", "level", "classes", "samples", "outlets", "folds (by outlet)",
               "macro-F1", "majority baseline"]
    return pd.DataFrame(rows, columns=columns), results, problems


def correlation_table(features: pd.DataFrame) -> pd.DataFrame | None:
    """Pearson r of every measure with the ordinal factuality rating (MBFC, very low 0 … very
    high 5), over articles and over outlet means; ``None`` without MBFC ratings."""
    if "mbfc_factual" not in features.columns or features["mbfc_factual"].notna().sum() == 0:
        return None
    ordinal = features["mbfc_factual"].astype("string").str.lower().map(FACTUALITY_ORDER)
    table = rating_correlations(features, ordinal)
    return table.sort_values("r_outlets", key=lambda s: s.abs(), ascending=False)


# ---------------------------------------------------------------------------------------------
# Method validation


def flatten_figures(figures: dict, prefix: str = "") -> list[tuple[str, object]]:
    """Nested figures as ``(path, value)`` pairs: ``{"a": {"b": 1}}`` gives ``[("a / b", 1)]``."""
    pairs: list[tuple[str, object]] = []
    for key, value in figures.items():
        path = f"{prefix} / {key}" if prefix else str(key)
        if isinstance(value, dict):
            pairs.extend(flatten_figures(value, path))
        else:
            pairs.append((path, value))
    return pairs


def recorded_figures(*, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every figure recorded by the ``evaluate`` commands in ``data/eval_figures.json`` (scorers
    in ``exclude`` left out): one row per scorer and figure, with when it was measured."""
    rows = []
    for scorer, figures in read_figures().items():
        if scorer in exclude:
            continue
        when = figures.get("measured_at", "") if isinstance(figures, dict) else ""
        body = {k: v for k, v in figures.items() if k != "measured_at"} if isinstance(figures, dict) else {"value": figures}
        for path, value in flatten_figures(body):
            rows.append({"scorer": scorer, "figure": path, "value": value, "measured": when})
    return pd.DataFrame(rows, columns=["scorer", "figure", "value", "measured"])


def published_figures() -> pd.DataFrame:
    """Published figures to set ours beside (``data/published_figures.csv``)."""
    return pd.read_csv(PUBLISHED_FIGURES)


STORY_COLUMNS = ["half", "setting", "precision", "recall", "f1", "articles", "stories", "predicted_stories"]


def story_figures() -> tuple[pd.DataFrame, str]:
    """Story grouping precision/recall on the triplets: measured now when ``../shared`` is
    present (about ten seconds), else as recorded in ``data/eval_figures.json``; and a note
    saying which."""
    try:
        frame = load_triplets()
    except SharedDataMissing:
        recorded = read_figures().get("stories")
        if not recorded:
            return pd.DataFrame(columns=STORY_COLUMNS), ("The gold sets (../shared) are absent and no story "
                                                         "figures are recorded.")
        rows = [{"half": key.split(" / ")[0], "setting": key.split(" / ")[1], **values}
                for key, values in recorded["results"].items()]
        return (pd.DataFrame(rows).reindex(columns=STORY_COLUMNS),
                f"The gold sets (../shared) are absent on this machine: these are the figures recorded by "
                f"python -m analysis evaluate stories --record on {recorded.get('measured_at', 'an earlier run')}.")
    rows = []
    for half, part in split_stories(frame).items():
        for setting, window in ((f"date window {STORY_WINDOW_DAYS} d", STORY_WINDOW_DAYS), ("text alone", NO_WINDOW_DAYS)):
            result = evaluate_stories(part, threshold=STORY_THRESHOLD, window_days=window)
            rows.append({"half": half, "setting": setting, **result})
    return pd.DataFrame(rows).reindex(columns=STORY_COLUMNS), "Measured now on ../shared/" + TRIPLETS + "."


def chain_figures() -> pd.DataFrame:
    """Attribution chains against the project's corrected gold (``data/gold``, shipped): the
    seeds' attributions and the chain cases, measured now (a few seconds)."""
    rows = []
    for label, name, scorer in (("the two seeds", "seed_attributions.jsonl", score_seed_gold),
                                ("chain cases", "chain_cases.jsonl", score_chain_cases)):
        path = DATA_DIR / "gold" / name
        if not path.exists():
            continue
        score = scorer(path)
        rows.append({"gold": label, "gold attributions": score.gold, "sources found": score.found,
                     "relay outlets exactly right": score.via_exact,
                     "no-relay traps": score.traps, "false relays on them": score.false_relays,
                     "negative cases": score.negatives, "attributions invented": score.invented})
    return pd.DataFrame(rows)


def hedging_fact(correlations: pd.DataFrame | None) -> str:
    """One sentence on the hedging rate against factuality, as measured on ``correlations``
    (:func:`correlation_table`)."""
    if correlations is None or correlations.empty:
        return "No factuality ratings: the hedging rate cannot be set against them here."
    measure = default_measure(list(correlations["measure"]))
    row = correlations.set_index("measure").loc[measure]

    def r(value: float) -> str:
        return "not computable" if pd.isna(value) else f"{value:+.2f}"

    return (f"{measure} against MBFC factuality: r = {r(row['r_articles'])} over {int(row['n_articles'])} "
            f"articles, r = {r(row['r_outlets'])} over the means of {int(row['n_outlets'])} outlets.")
