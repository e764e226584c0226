"""Where an article is about: province and city, 全国, or a foreign country.

Data: ``data/gazetteer/divisions.tsv`` (every provincial- and prefecture-level division of
China with the districts and zones news names) and ``data/gazetteer/countries.tsv`` (foreign
countries and blocs in Chinese). Names are found by a longest-match scan, so 新墨西哥州 is
the United States and not 墨西哥, and 河北区 is Tianjin and not 河北.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from jianbao.models import Region

TITLE_WEIGHT = 3  # a place in the headline says more than one in the body
BODY_CHARS = 1000  # the lead and a little more: later paragraphs quote other places
MIN_SCORE = 2  # one passing body mention is not what an article is about
CITY_SUFFIXES = ("市", "地区", "自治州")
# Names that contain a place but are not about it (宁德时代 is a company, 中山大学 is in 广州).
MASKED = (
    "宁德时代",
    "中山大学",
    "中山装",
    "长城汽车",
    "朝阳产业",
    "海南航空",
    "华南理工",
    "新华社",
)
NATIONAL = ("全国", "我国", "国务院", "国家", "工信部", "工业和信息化部", "中央", "国内", "各省")


@dataclass(frozen=True, slots=True)
class Place:
    """What a name points to."""

    province: str | None
    city: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Names by first character, longest first, for a fast longest-match scan."""

    index: dict[str, tuple[tuple[str, Place], ...]]
    provinces: tuple[str, ...]
    countries: tuple[str, ...]


def _read(name: str) -> list[list[str]]:
    data = resources.files("jianbao").joinpath("data", "gazetteer", name)
    rows = []
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append((line.split("\t") + ["", ""])[:3])
    return rows


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once."""
    names: dict[str, Place] = {}
    provinces: list[str] = []
    for province, city, aliases in _read("divisions.tsv"):
        alias_list = [a.strip() for a in aliases.split(",") if len(a.strip()) >= 2]
        if not city:
            provinces.append(province)
            place = Place(province, None, None)
            for name in (province, *alias_list):
                names.setdefault(name, place)
            continue
        if city.endswith(CITY_SUFFIXES):  # written with its suffix: the bare name is ambiguous
            place = Place(province, city, None)
            forms = [city]
        else:
            place = Place(province, city, None)
            forms = [city, *(city + s for s in CITY_SUFFIXES)]
        for name in (*forms, *alias_list):
            # a city named like its province (北京, 吉林市) keeps the province row's meaning
            if name in names and names[name].city is None and name == province:
                names[name] = place
            else:
                names.setdefault(name, place)
    countries: list[str] = []
    for country, aliases, _ in _read("countries.tsv"):
        countries.append(country)
        place = Place(None, None, country)
        for name in (country, *(a.strip() for a in aliases.split(",") if len(a.strip()) >= 2)):
            names.setdefault(name, place)
    index: dict[str, list[tuple[str, Place]]] = {}
    for name, place in names.items():
        index.setdefault(name[0], []).append((name, place))
    frozen = {k: tuple(sorted(v, key=lambda item: -len(item[0]))) for k, v in index.items()}
    return Gazetteer(frozen, tuple(provinces), tuple(countries))


def spans(text: str) -> list[tuple[int, int, Place]]:
    """Every place named in ``text`` with its start and end (longest match, no overlaps)."""
    gaz = gazetteer()
    for masked in MASKED:
        if masked in text:
            text = text.replace(masked, "□" * len(masked))  # same length: positions hold
    found: list[tuple[int, int, Place]] = []
    i, n = 0, len(text)
    index = gaz.index
    while i < n:
        candidates = index.get(text[i])
        if candidates:
            for name, place in candidates:
                if text.startswith(name, i):
                    found.append((i, i + len(name), place))
                    i += len(name)
                    break
            else:
                i += 1
        else:
            i += 1
    return found


def mentions(text: str) -> list[Place]:
    """Every place named in ``text``, in order (longest match, no overlaps)."""
    return [place for _, _, place in spans(text)]


def locate(title: str, text: str, home_region: str | None = None) -> Region:
    """The region an article is about; title mentions weigh TITLE_WEIGHT times the body's."""
    provinces: Counter[str] = Counter()
    cities: Counter[tuple[str, str]] = Counter()
    countries: Counter[str] = Counter()
    for weight, part in ((TITLE_WEIGHT, title), (1, text[:BODY_CHARS])):
        for place in mentions(part):
            if place.country:
                countries[place.country] += weight
            elif place.province:
                provinces[place.province] += weight
                if place.city:
                    cities[(place.province, place.city)] += weight
    best_country, country_score = (countries.most_common(1) or [("", 0)])[0]
    best_province, province_score = (provinces.most_common(1) or [("", 0)])[0]
    national = sum(TITLE_WEIGHT if w in title else 1 for w in NATIONAL if w in title + text[:600])
    if country_score >= MIN_SCORE and country_score > province_score + national:
        return Region("abroad", country=best_country)
    runner_up = provinces.most_common(2)[1][1] if len(provinces) > 1 else 0
    if province_score >= MIN_SCORE and province_score > runner_up:
        in_province = [(c, s) for (p, c), s in cities.items() if p == best_province]
        city = max(in_province, key=lambda cs: cs[1])[0] if in_province else None
        if city == best_province:  # 北京 the city of 北京 the province: say it once
            city = None
        if home_region and best_province == home_region:
            return Region("home", province=best_province, city=city)
        return Region("province", province=best_province, city=city)
    if national or provinces or countries:
        return Region("national")
    return Region("unknown")


def main_province(title: str, text: str) -> str | None:
    """The province an article is mostly about, or None (kept for the v0 callers)."""
    region = locate(title, text)
    return region.province if region.scope in ("home", "province") else None
