"""The registry of news outlets, and outlet ratings joined to articles by domain.

The registry (``analysis/registry/outlets.csv``) is data written for this project: one row per
outlet with its canonical ``name``, ``aliases`` and ``domains`` (``|``-separated), ``kind`` and
``country`` (ISO 3166 alpha-2, blank where unknown), and a ``note`` on where the row comes from.

``kind`` is one of: ``wire`` (news agency), ``newspaper``, ``broadcaster``, ``state_media``
(state-funded or state-run), ``digital`` (online-only), ``magazine``, ``aggregator``, and
``organization`` (think tanks and advocacy groups that rating services list beside outlets: they
are sources, not relays).

Ratings are read from the label files the user points at (``../shared/labels`` by default);
:data:`RATING_SOURCES` says where each column comes from and when it was taken.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from analysis.paths import DATA_DIR, REGISTRY_DIR, shared_dir

OUTLET_KINDS = ("wire", "newspaper", "broadcaster", "state_media", "digital", "magazine",
                "aggregator", "organization")

# Names that are ordinary words or initials in running text: found by find_outlet (a lookup
# of a name the user gives) but never matched by outlet_mentions inside article text.
AMBIGUOUS_IN_TEXT = frozenset({
    "AA", "PA", "Time", "TIME", "Reason", "Fortune", "Variety", "Deadline", "Insider", "Mirror",
    "The Mirror", "Independent", "The Sun", "Salon", "Slate", "Wired", "WIRED", "the Post",
    "the Journal", "the Monitor", "Daily News", "Yahoo", "Forbes", "RIA", "Guardian", "Economist",
    "Drudge", "Vox", "Telegraph", "Spiegel", "Asahi", "Dow Jones", "Intercept", "Townhall",
    "CBS", "NBC", "ABC", "Tass", "Interfax", "Anadolu", "Kyodo", "Yonhap", "CNN Politics",
})

_HOST_PREFIX = re.compile(r"^(?:www\d*|m|mobile|amp|edition|beta)\.")


@dataclass(frozen=True)
class Outlet:
    """A news outlet of the registry."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    kind: str
    country: str

    @property
    def is_news_outlet(self) -> bool:
        """False for organizations listed beside outlets (think tanks, advocacy groups)."""
        return self.kind != "organization"


@dataclass(frozen=True)
class OutletMention:
    """A registry name or alias found in running text; ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    outlet: Outlet


def normalize_domain(url_or_domain: str) -> str:
    """The bare host of a URL or domain, lower-cased, without ``www.``/``m.``/``mobile.``/``amp.``
    and without port: ``"https://m.CNN.com:443/x"`` gives ``"cnn.com"``."""
    value = url_or_domain.strip().lower()
    if "//" not in value:
        value = "//" + value
    host = urlparse(value).hostname or ""
    while _HOST_PREFIX.match(host):
        host = _HOST_PREFIX.sub("", host, count=1)
    return host


@cache
def registry() -> tuple[Outlet, ...]:
    """All outlets of the registry, in file order (loaded once)."""
    with open(REGISTRY_DIR / "outlets.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    def split(value: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in value.split("|") if part.strip())

    return tuple(
        Outlet(row["name"], split(row["aliases"]), split(row["domains"]), row["kind"], row["country"])
        for row in rows
    )


@cache
def _by_domain() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in registry():
        for domain in outlet.domains:
            table.setdefault(normalize_domain(domain), outlet)
    return table


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower().replace("’", "'"))


@cache
def _by_name() -> dict[str, Outlet]:
    table: dict[str, Outlet] = {}
    for outlet in registry():
        for name in (outlet.name, *outlet.aliases):
            table.setdefault(_name_key(name), outlet)
    for outlet in registry():  # "New York Times" for "The New York Times"
        for name in (outlet.name, *outlet.aliases):
            key = _name_key(name)
            if key.startswith("the "):
                table.setdefault(key[4:], outlet)
    return table


def find_outlet_by_domain(url_or_domain: str) -> Outlet | None:
    """The outlet whose domain is the host of ``url_or_domain`` or a parent of it
    (``politicalticker.blogs.cnn.com`` gives CNN), else ``None``."""
    host = normalize_domain(url_or_domain)
    parts = host.split(".")
    for i in range(len(parts) - 1):
        outlet = _by_domain().get(".".join(parts[i:]))
        if outlet is not None:
            return outlet
    return None


def find_outlet(name_or_domain: str) -> Outlet | None:
    """The registry outlet for a name, alias (``"NYT"``, ``"the Times"``), domain or URL, else
    ``None``. Names are matched without regard to case or a leading "the"."""
    if not isinstance(name_or_domain, str) or not name_or_domain.strip():
        return None
    key = _name_key(name_or_domain)
    outlet = _by_name().get(key) or _by_name().get(key[4:] if key.startswith("the ") else key)
    if outlet is not None:
        return outlet
    if " " not in key and ("." in key or "/" in key):
        return find_outlet_by_domain(key)
    return None


_NAME_TOKEN = re.compile(r"[A-Zt](?<![\w'’].)(?:(?<=[A-Z])[\w&.'’/-]*|(?<=t)he(?= [A-Z]))")
"""A capitalised word, or "the" before one, not after a word character or apostrophe: the
matches of ``(?<![\\w'’])(?:[A-Z][\\w&.'’/-]*|the(?= [A-Z]))``, written to start with a character
class so that ``re`` skips to the candidate characters instead of trying every position."""


@lru_cache(maxsize=1 << 16)
def _token_key(token: str) -> str:
    """The key a name is indexed under: its first word, without possessive or trailing dots."""
    return re.split(r"['’]", token, maxsplit=1)[0].rstrip(".-/&")


@cache
def _mention_index() -> dict[str, tuple[tuple[str, Outlet], ...]]:
    """Registry names usable in running text, indexed by first word, longest first."""
    surface: dict[str, Outlet] = {}
    for outlet in registry():
        if not outlet.is_news_outlet:
            continue
        for name in (outlet.name, *outlet.aliases):
            if name in AMBIGUOUS_IN_TEXT or not name[:1].isupper() and not name.startswith("the "):
                continue
            if "." in name and " " not in name and name.lower() == name:
                continue  # a bare domain is no name in running text
            surface.setdefault(name, outlet)
            if name.startswith("The "):
                surface.setdefault("the " + name[4:], outlet)
    index: dict[str, list[tuple[str, Outlet]]] = {}
    for name, outlet in surface.items():
        first = _NAME_TOKEN.match(name)
        if first is not None:
            index.setdefault(_token_key(first.group()), []).append((name, outlet))
    return {key: _NameChoice.of(sorted(names, key=lambda item: -len(item[0]))) for key, names in index.items()}


@dataclass(frozen=True)
class _NameChoice:
    """The names sharing a first word, longest first: ``regex`` matches at a position the first
    of them written there and followed by no word character (one capturing group per name, so
    ``lastindex - 1`` is its place in ``outlets``)."""

    regex: re.Pattern[str]
    names: tuple[str, ...]
    outlets: tuple[Outlet, ...]

    @classmethod
    def of(cls, names: list[tuple[str, Outlet]]) -> _NameChoice:
        alternation = "|".join(f"({re.escape(name)})(?!\\w)" for name, _ in names)
        return cls(re.compile(alternation), tuple(n for n, _ in names), tuple(o for _, o in names))


def outlet_mentions(text: str) -> list[OutletMention]:
    """Registry outlets named in ``text``, longest match first, case-sensitive, in order.

    Organizations and names that are ordinary words (:data:`AMBIGUOUS_IN_TEXT`) are not matched.
    Capitalised words are looked up by their first word, so the cost is linear in the text.
    """
    if not text:
        return []
    index = _mention_index()
    mentions: list[OutletMention] = []
    covered_to = 0
    for token in _NAME_TOKEN.finditer(text):
        start = token.start()
        if start < covered_to:
            continue
        choice = index.get(_token_key(token.group()))
        found = choice.regex.match(text, start) if choice is not None else None
        if found is not None:
            which = found.lastindex - 1
            mentions.append(OutletMention(start, found.end(), choice.names[which], choice.outlets[which]))
            covered_to = found.end()
    return mentions


# ---------------------------------------------------------------------------------------------
# Ratings

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
