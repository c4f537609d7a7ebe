"""Outlet ratings: factuality and bias labels of outlets from the rating sets of
``../shared/labels`` (or the shipped ``data/outlet_ratings.csv``), joined to articles by domain.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.outlets.registry import find_outlet, normalize_domain, registry
from analysis.paths import DATA_DIR, shared_dir

RATING_SOURCES: dict[str, str] = {
    "mbfc_factual": "Media Bias/Fact Check factual reporting (very low … very high), "
                    "idiap_mbfc_2024.csv, scraped 2024",
    "mbfc_bias": "Media Bias/Fact Check bias (left … right, plus conspiracy/pro-science labels), "
                 "idiap_mbfc_2024.csv, scraped 2024",
    "mbfc_credibility": "Media Bias/Fact Check credibility rating, idiap_mbfc_2024.csv, 2024",
    "allsides_bias": "AllSides media bias rating (Left … Right), allsides_ratings_mbg_2023-11.csv, "
                     "taken November 2023",
    "opensources_type": "OpenSources domain type (fake, conspiracy, bias, reliable, …), "
                        "fakenewscorpus_websites.csv, 2017",
    "baly2018_factuality": "Baly et al. (EMNLP 2018) outlet factuality (low/mixed/high), from MBFC "
                           "in 2018, baly2018_emnlp18_corpus.tsv",
}


RATING_COLUMNS = tuple(RATING_SOURCES)


SHIPPED_RATINGS = DATA_DIR / "outlet_ratings.csv"
"""Ratings of the registry's outlets, exported from the label files by :func:`export_ratings`
so that a fresh clone without ``../shared`` still has them (facts about outlets, sources above)."""


def _read_domains(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].astype("string").fillna("").map(normalize_domain)


def load_ratings(label_dir: str | Path | None = None) -> pd.DataFrame:
    """Outlet ratings by normalized domain (index ``domain``), columns :data:`RATING_COLUMNS`.

    ``label_dir`` defaults to ``../shared/labels``, and where that is absent to the ratings the
    project ships (:data:`SHIPPED_RATINGS`); a rating whose file is absent is a column of missing
    values. Raises ``FileNotFoundError`` naming the folder when it does not exist.
    """
    if label_dir is None:
        base = shared_dir()
        if base is None:
            if not SHIPPED_RATINGS.exists():
                raise FileNotFoundError("no label folder given, ../shared/labels is absent and "
                                        f"{SHIPPED_RATINGS} has not been exported")
            return pd.read_csv(SHIPPED_RATINGS, dtype="string").set_index("domain").reindex(
                columns=list(RATING_COLUMNS))
        label_dir = base / "labels"
    label_dir = Path(label_dir)
    if not label_dir.is_dir():
        raise FileNotFoundError(f"label folder {label_dir} does not exist")
    parts: list[pd.Series] = []

    mbfc_path = label_dir / "idiap_mbfc_2024.csv"
    if mbfc_path.exists():
        mbfc = pd.read_csv(mbfc_path, dtype="string")
        mbfc["domain"] = _read_domains(mbfc, "source")
        mbfc = mbfc[mbfc.domain != ""].drop_duplicates("domain").set_index("domain")
        parts += [mbfc["factual_reporting"].rename("mbfc_factual"), mbfc["bias"].rename("mbfc_bias"),
                  mbfc["mbfc_credibility_rating"].rename("mbfc_credibility")]
    allsides_path = label_dir / "allsides_ratings_mbg_2023-11.csv"
    if allsides_path.exists():
        allsides = pd.read_csv(allsides_path, dtype="string")
        allsides["domain"] = _read_domains(allsides, "news_link")
        # author pages share their outlet's domain: keep the outlet's own row, i.e. a link to the site root
        root = allsides.news_link.fillna("").str.replace(r"^https?://[^/]+/?$", "", regex=True) == ""
        allsides = allsides[root & (allsides.domain != "")].drop_duplicates("domain").set_index("domain")
        parts.append(allsides["bias_rating"].rename("allsides_bias"))
    opensources_path = label_dir / "fakenewscorpus_websites.csv"
    if opensources_path.exists():
        opensources = pd.read_csv(opensources_path, dtype="string")
        opensources["domain"] = _read_domains(opensources, "url")
        opensources = opensources[opensources.domain != ""].drop_duplicates("domain").set_index("domain")
        parts.append(opensources["type"].rename("opensources_type"))
    baly_path = label_dir / "baly2018_emnlp18_corpus.tsv"
    if baly_path.exists():
        baly = pd.read_csv(baly_path, sep="\t", dtype="string")
        baly["domain"] = _read_domains(baly, "source_url_normalized")
        baly = baly[baly.domain != ""].drop_duplicates("domain").set_index("domain")
        parts.append(baly["fact"].rename("baly2018_factuality"))
    ratings = pd.concat(parts, axis=1) if parts else pd.DataFrame()
    ratings.index.name = "domain"
    return ratings.reindex(columns=list(RATING_COLUMNS))


def article_domain(url: object = None, outlet: object = None) -> str | None:
    """The domain to join ratings on: the URL's host, else the registry domain of the outlet."""
    if isinstance(url, str) and url.strip():
        host = normalize_domain(url)
        if host:
            return host
    if isinstance(outlet, str):
        found = find_outlet(outlet)
        if found is not None and found.domains:
            return normalize_domain(found.domains[0])
    return None


def join_ratings(articles: pd.DataFrame, ratings: pd.DataFrame | None = None) -> pd.DataFrame:
    """``articles`` with the rating columns added, joined by domain (from a ``domain`` column,
    else ``url``, else the registry domain of ``outlet``; a subdomain falls back to its parent).
    Same index and rows; an article with no rated domain gets missing ratings."""
    if ratings is None:
        ratings = load_ratings()
    if "domain" in articles.columns:
        domains = articles["domain"].map(lambda d: normalize_domain(d) if isinstance(d, str) else None)
    else:
        urls = articles["url"] if "url" in articles.columns else pd.Series(None, index=articles.index)
        outlets = articles["outlet"] if "outlet" in articles.columns else pd.Series(None, index=articles.index)
        domains = pd.Series([article_domain(u, o) for u, o in zip(urls, outlets)], index=articles.index)

    def rated(domain: object) -> str | None:
        if not isinstance(domain, str) or not domain:
            return None
        parts = domain.split(".")
        for i in range(len(parts) - 1):
            candidate = ".".join(parts[i:])
            if candidate in ratings.index:
                return candidate
        return None

    keys = domains.map(rated)
    joined = ratings.reindex(keys.to_numpy())
    joined.index = articles.index
    return pd.concat([articles.drop(columns=[c for c in RATING_COLUMNS if c in articles.columns]), joined], axis=1)


def export_ratings(path: str | Path = SHIPPED_RATINGS, label_dir: str | Path | None = None) -> pd.DataFrame:
    """Write the ratings of the registry's domains (and their parents) to ``path``; return them."""
    ratings = load_ratings(label_dir)
    domains = sorted({normalize_domain(d) for outlet in registry() for d in outlet.domains})
    shipped = ratings[ratings.index.isin(domains)].dropna(how="all").sort_index()
    shipped.to_csv(path)
    return shipped
