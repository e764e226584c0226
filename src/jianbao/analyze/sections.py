"""Keyword evidence for sections: the classifier used before a template has been trained.

Each section scores the template's keywords found in the title (weight TITLE_WEIGHT) and the
lead (weight 1); the home-region section wins when the article is mostly about the template's
home province. Scores are normalised to sum to 1 and the strongest evidence is kept as the
reason, so an editor can see why.
"""

from __future__ import annotations

from dataclasses import dataclass

from jianbao.analyze.regions import main_province
from jianbao.settings import TemplateConfig

TITLE_WEIGHT = 3.0  # a keyword in the title says more than one in the body
LEAD_CHARS = 600  # the lead carries the who-did-what; later paragraphs add noise
HOME_REGION_BONUS = 6.0  # outweighs a handful of generic keywords (我国, 发布) when home is named
HOME_SECTION_NAMES = ("省内资讯", "省内动态", "本地资讯")


@dataclass(frozen=True, slots=True)
class SectionChoice:
    """The chosen section, the score of every section, and why."""

    section: str
    scores: dict[str, float]
    reason: str


def choose_section(title: str, text: str, template: TemplateConfig) -> SectionChoice:
    """Pick a section of ``template`` for an article by keyword and region evidence."""
    lead = text[:LEAD_CHARS]
    raw: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    for section in template.sections:
        score = 0.0
        found: list[str] = []
        for keyword in section.keywords:
            # presence, not frequency: a generic word repeated ten times is still one clue
            hits = TITLE_WEIGHT if keyword in title else 1.0 if keyword in lead else 0.0
            if hits:
                score += hits
                found.append(keyword)
        raw[section.name] = score
        evidence[section.name] = found
    home = template.home_region
    province = main_province(title, lead)
    if home and province == home:
        for name in HOME_SECTION_NAMES:
            if name in raw:
                raw[name] += HOME_REGION_BONUS
                evidence[name].insert(0, f"地区：{home}")
    elif province and province != home:
        # another province's news is national news for this editor
        for name in HOME_SECTION_NAMES:
            raw.pop(name, None)
    order = [s.name for s in template.sections if s.name in raw]
    best = max(order, key=lambda name: (raw[name], -order.index(name)))
    if raw[best] == 0:
        best = order[0] if len(order) == 1 else _fallback(order)
    total = sum(raw.values()) + 0.1 * len(template.sections)
    scores = {s.name: (raw.get(s.name, 0.0) + 0.1) / total for s in template.sections}
    reason = "、".join(evidence.get(best, [])[:4]) or "无明显关键词，归入默认栏目"
    return SectionChoice(best, scores, reason)


def _fallback(order: list[str]) -> str:
    """With no evidence at all, general national news is the safest home."""
    for name in ("国内资讯", "行业资讯"):
        if name in order:
            return name
    return order[-1]
