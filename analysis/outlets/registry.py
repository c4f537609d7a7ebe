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
from urllib.parse import urlparse

from analysis.paths import REGISTRY_DIR

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
