"""What discovery yields: item links with the date and title the list showed, and list dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

__all__ = ["Discovered", "Discovery", "parse_list_date"]

SITE_ZONE = ZoneInfo("Asia/Shanghai")  # the zone our sources print their dates in


@dataclass(frozen=True, slots=True)
class Discovered:
    """One item link found on a feed, list page, JSON endpoint or sitemap."""

    url: str  # canonical
    published: datetime | None = None  # as the list showed it (naive, local time of the site)
    title: str | None = None
    found_on: str | None = None  # the list page, feed or sitemap it was found on


@dataclass(frozen=True, slots=True)
class Discovery:
    """What one list page, feed or sitemap gave: items, further pages, and any damage."""

    items: tuple[Discovered, ...] = ()
    more: tuple[str, ...] = ()  # further pages to read (child sitemaps)
    malformed: bool = False
    problem: str | None = None


# Dates as list pages print them: 2024-12-16, 2024/12/16, 2024.12.16, 2024年12月16日, optionally
# followed by a time; also [12-16] without a year is too vague and is ignored on purpose.
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*日?(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)


def parse_list_date(value: object) -> datetime | None:
    """A date from a list page, feed or JSON field (text, ISO 8601, RFC 822, epoch), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) / 1000 if value > 10**11 else float(value)  # ms or s epoch
        try:
            return datetime.fromtimestamp(seconds, SITE_ZONE).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if text.isdigit() and len(text) in (10, 13):
        return parse_list_date(int(text))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.replace(tzinfo=None) if parsed.tzinfo is None else _local(parsed)
    except ValueError:
        pass
    match = _DATE.search(text)
    if match:
        try:
            return datetime(
                int(match["y"]),
                int(match["m"]),
                int(match["d"]),
                int(match["H"] or 0),
                int(match["M"] or 0),
                int(match["S"] or 0),
            )
        except ValueError:
            return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=None) if parsed.tzinfo is None else _local(parsed)


def _local(value: datetime) -> datetime:
    # Dates are kept naive in the sites' own time (what their pages print); a date with an
    # explicit zone (RSS in GMT) is moved to China time first so that its day is the site's.
    return value.astimezone(SITE_ZONE).replace(tzinfo=None)
