"""Structural evidence editors use to place an article: who acts, where, and what kind of text.

The signals and their phrases live in ``data/analyze/signals.toml``; each fires in the title
or in the lead. ``structure(title, text, region, title_region)`` returns named, explainable
features that the section model combines with the topic (TF-IDF) features, and that the
zero-example fallback compares with what the section descriptions say.

Besides the signals, the headline's *subject*: the first actor it names (a foreign company
or country, a ministry, a province or city, a company, a university, a research firm, 全国).
Editors file by who the story is about: 工信部召集华为、腾讯… is the ministry's story, 腾讯回应
…北京拿地 the company's, 苹果最新AI…曝光 a foreign company's, so it is abroad even though no
country is named. The subject also decides the headline's scope when the gazetteer finds no
place (``Structure.scope``).
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianbao.analyze.regions import spans
from jianbao.models import Region

LEAD_CHARS = 600  # the lead carries who did what; later paragraphs quote others
WHERE = ("home", "province", "national", "abroad")
# The lead's subject is read in its first sentence, up to this many characters: after the
# dateline (12月20日，据《科学》消息，) the actor comes first in the sentence.
LEAD_SUBJECT_CHARS = 120
_GAZETTEER_COUNTRY, _GAZETTEER_PLACE = "gazetteer:country", "gazetteer:place"
# The level a subject stands for when the headline names no place (工信部… is national news).
SUBJECT_SCOPE = {"ministry": "national", "national": "national", "local": "province"}


@dataclass(frozen=True, slots=True)
class Signals:
    """The signal table: phrases and compiled patterns per signal, and their Chinese labels."""

    names: tuple[str, ...]
    phrases: dict[str, tuple[str, ...]]
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    labels: dict[str, str]
    subjects: dict[str, tuple[str, ...]]  # subject -> the signals (and gazetteer kinds) naming it
    object_verbs: tuple[str, ...]  # a name right after one of these is an object, not a subject
    generic: frozenset[str]  # actor words naming no one (公司): never the subject


@lru_cache(maxsize=1)
def signals() -> Signals:
    """The signal table from data/analyze/signals.toml, loaded once."""
    raw = tomllib.loads(
        resources.files("jianbao").joinpath("data", "analyze", "signals.toml").read_text("utf-8")
    )
    phrases = {k: tuple(v) for k, v in raw["phrases"].items()}
    patterns = {k: tuple(re.compile(p) for p in v) for k, v in raw.get("patterns", {}).items()}
    names = tuple(sorted({*phrases, *patterns} - {f"where_{w}" for w in WHERE}, key=lambda n: n))
    subjects = {k: tuple(v) for k, v in raw.get("subjects", {}).items()}
    rules = raw.get("subject_rules", {})
    verbs, generic = tuple(rules.get("object_verbs", ())), frozenset(rules.get("generic", ()))
    return Signals(names, phrases, patterns, dict(raw["labels"]), subjects, verbs, generic)


def feature_names() -> tuple[str, ...]:
    """Names of the structural features, in vector order."""
    names = signals().names
    subjects = tuple(signals().subjects)
    return (
        *(f"title:{n}" for n in names),
        *(f"lead:{n}" for n in names),
        *(f"where:{w}" for w in WHERE),
        *(f"title_where:{w}" for w in WHERE),
        *(f"subject:{s}" for s in subjects),
        *(f"lead_subject:{s}" for s in subjects),
    )


def _hits(name: str, text: str) -> int:
    table = signals()
    count = sum(1 for p in table.phrases.get(name, ()) if p in text)
    count += sum(1 for p in table.patterns.get(name, ()) if p.search(text))
    return count


def _is_object(text: str, at: int) -> bool:
    """Whether the name at ``at`` is a verb's object (收购上海芯超, 召集华为), not the subject."""
    return any(text.endswith(verb, 0, at) for verb in signals().object_verbs)


def _first(name: str, text: str) -> tuple[int, int] | None:
    """Where signal ``name`` first names a subject in ``text``: (start, -length), or None."""
    table = signals()
    best: tuple[int, int] | None = None
    for phrase in table.phrases.get(name, ()):
        if phrase in table.generic:
            continue
        at = text.find(phrase)
        while at >= 0 and _is_object(text, at):
            at = text.find(phrase, at + 1)
        if at >= 0 and (best is None or (at, -len(phrase)) < best):
            best = (at, -len(phrase))
    for pattern in table.patterns.get(name, ()):
        for match in pattern.finditer(text):
            if _is_object(text, match.start()):
                continue
            if best is None or (match.start(), -len(match.group(0))) < best:
                best = (match.start(), -len(match.group(0)))
            break
    return best


def subject(text: str) -> str | None:
    """The first actor ``text`` names, as a subject of signals.toml [subjects], or None.

    Ties (国家统计局 and 国家 start together) go to the longer name, then to the subject
    listed first; a name right after an object verb (收购, 召集 …) is skipped.
    """
    table = signals()
    places = [(a, b, p) for a, b, p in spans(text) if not _is_object(text, a)]
    found: list[tuple[tuple[int, int], int, str]] = []
    for order, (name, sources) in enumerate(table.subjects.items()):
        for source in sources:
            if source in (_GAZETTEER_COUNTRY, _GAZETTEER_PLACE):
                want_country = source == _GAZETTEER_COUNTRY
                hit = next(
                    ((a, a - b) for a, b, p in places if bool(p.country) == want_country), None
                )
            else:
                hit = _first(source, text)
            if hit is not None:
                found.append((hit, order, name))
    return min(found)[2] if found else None


def subjects_named(text: str) -> frozenset[str]:
    """Every subject ``text`` names anywhere (a section description: 国务院、工信部… ministry).

    Phrases and the gazetteer only: the name patterns are for unseen names in headlines, and
    would read a description's common nouns (跨国公司) as a company.
    """
    table = signals()
    found: list[tuple[int, int, str]] = []  # start, end, subject
    for a, b, place in spans(text):
        found.append((a, b, "foreign" if place.country else "local"))
    for name, sources in table.subjects.items():
        for source in sources:
            for phrase in table.phrases.get(source, ()):
                if phrase in table.generic:
                    continue
                at = text.find(phrase)
                while at >= 0:
                    found.append((at, at + len(phrase), name))
                    at = text.find(phrase, at + 1)
    # a name inside a longer one is part of it: 中国 in 中国移动 names no 全国
    return frozenset(
        name
        for a, b, name in found
        if not any(x <= a and b <= y and y - x > b - a for x, y, _ in found)
    )


def _first_sentence(text: str) -> str:
    head = text[:LEAD_SUBJECT_CHARS]
    end = min((i for i in (head.find("。"), head.find("\n")) if i > 0), default=len(head))
    return head[:end]


@dataclass(frozen=True, slots=True)
class Structure:
    """Structural features of one article, and the strongest of them in words."""

    values: tuple[float, ...]
    fired: tuple[str, ...]  # signal names that fired in the title, strongest first
    subject: str | None = None  # who the headline is about (signals.toml [subjects])
    scope: str = "unknown"  # where the headline is: the gazetteer's answer, else the subject's

    def describe(self, limit: int = 3) -> str:
        """The fired title signals in Chinese, e.g. 政策文件、中央部委."""
        labels = signals().labels
        return "、".join(labels.get(name, name) for name in self.fired[:limit])


def headline_scope(title_region: Region, who: str | None) -> str:
    """Where the headline is: the Chinese place it names; else abroad for a foreign subject
    (苹果…, OpenAI… name no country); else the gazetteer's answer, else the subject's level."""
    if title_region.scope in ("home", "province"):
        return title_region.scope
    if who == "foreign":
        return "abroad"
    if title_region.scope != "unknown":
        return title_region.scope
    return SUBJECT_SCOPE.get(who or "", "unknown")


def structure(title: str, text: str, region: Region, title_region: Region) -> Structure:
    """Structural features of an article (title and lead signals, subject, where it happens).

    ``region`` is where the whole article is about, ``title_region`` what its headline names:
    editors file by the headline's place first (朝阳数字经济核心区怎么建 is regional news).
    """
    names = signals().names
    lead = text[:LEAD_CHARS]
    title_vals: list[float] = []
    lead_vals: list[float] = []
    fired: list[tuple[int, str]] = []
    for name in names:
        t = _hits(name, title)
        title_vals.append(min(t, 2) / 2)
        lead_vals.append(min(math.log1p(_hits(name, lead)) / math.log(6), 1.0))
        if t:
            fired.append((t, name))
    who = subject(title)
    lead_who = subject(_first_sentence(text)) if text else None
    scope = headline_scope(title_region, who)
    body_scope = region.scope
    if body_scope == "unknown" and lead_who == "foreign":
        body_scope = "abroad"  # 据外媒，苹果公司发布了…: no country named, still abroad
    where = [1.0 if body_scope == w else 0.0 for w in WHERE]
    where += [1.0 if scope == w else 0.0 for w in WHERE]
    subjects = tuple(signals().subjects)
    who_vals = [1.0 if who == s else 0.0 for s in subjects]
    who_vals += [1.0 if lead_who == s else 0.0 for s in subjects]
    if scope in ("home", "province", "abroad"):
        fired.append((2, f"where_{scope}"))
    if who is not None:
        fired.append((3, f"subject_{who}"))  # who the story is about comes first
    fired.sort(key=lambda item: -item[0])
    return Structure(
        tuple(title_vals + lead_vals + where + who_vals),
        tuple(dict.fromkeys(n for _, n in fired)),
        subject=who,
        scope=scope,
    )
