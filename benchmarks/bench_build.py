"""Seconds to render a 60-item bulletin in each format, for each layout, against pinned ceilings.

The items are the bundled sample articles (real texts of the three seed bulletins), cycled to
60 and spread over the template's sections, so the monthly and tagged bulletins carry 60 full
texts (the worst case: 60-100 PDF pages) and the digest one 60 summaries. Each format is
rendered ``--repeat`` times and the best time is kept (the machine is shared).

    .venv/bin/python benchmarks/bench_build.py
    .venv/bin/python benchmarks/bench_build.py --layout monthly --repeat 1

Exit code 1 when a format is slower than its ceiling. Ceilings only go down.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from importlib import resources

from jianbao.analyze.summarize import lead_summary
from jianbao.bulletin.build import style_for
from jianbao.bulletin.render import FORMATS, _renderer
from jianbao.bulletin.select import arrange
from jianbao.models import Bulletin, BulletinItem
from jianbao.settings import builtin_template

ITEMS = 60
TEMPLATES = {"digest": "default", "tagged": "tagged", "monthly": "monthly"}
# Seconds for one 60-item bulletin on the 2-core development machine (measured 2026-11 with
# WeasyPrint 70 + HarfBuzz subsetting, Noto CJK fonts; ceilings are ~2x the measurement).
CEILINGS = {
    ("digest", "docx"): 1.0, ("digest", "pdf"): 9.0,
    ("digest", "html"): 0.5, ("digest", "md"): 0.2,
    ("tagged", "docx"): 1.5, ("tagged", "pdf"): 14.0,
    ("tagged", "html"): 0.5, ("tagged", "md"): 0.2,
    ("monthly", "docx"): 2.5, ("monthly", "pdf"): 24.0,
    ("monthly", "html"): 0.5, ("monthly", "md"): 0.2,
}  # fmt: skip


def sample_bulletin(layout: str) -> Bulletin:
    """A 60-item bulletin of ``layout`` made from the bundled sample articles."""
    path = resources.files("jianbao").joinpath("data", "sample", "articles.jsonl")
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    own = [r for r in rows if r["layout"] == layout] or rows
    template = builtin_template(TEMPLATES[layout])
    names = [s.name for s in template.sections]
    items = []
    for n in range(ITEMS):
        row = own[n % len(own)]
        items.append(
            BulletinItem(
                article_id=f"{row['id']}-{n}",
                section=names[n % len(names)],
                title=row["title"] + ("" if n < len(own) else f"（{n // len(own) + 1}）"),
                summary=row.get("summary") or lead_summary(row["text"]),
                url=row["url"],
                text=row["text"],
                position=n + 1,
            )
        )
    items.sort(key=lambda i: names.index(i.section))
    bulletin = Bulletin(
        template=template.name,
        title=template.title,
        period_start=datetime(2024, 12, 1),
        period_end=datetime(2024, 12, 31),
        items=tuple(items),
        sections=tuple(names),
        issue_label="2024年第12期",
        organisation=template.organisation,
        layout=template.layout,
        total_label="总第56期",
        style=style_for(template),
    )
    big = template.model_copy(
        update={
            "sections": [
                s.model_copy(
                    update={
                        "subsections": [
                            u.model_copy(update={"quota": ITEMS}) for u in s.subsections
                        ]
                    }
                )
                for s in template.sections
            ]
        }
    )
    arranged, _ = arrange(bulletin, big)
    return arranged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--layout", choices=sorted(TEMPLATES), action="append")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    failed = False
    print(f"{'layout':<8} {'format':<6} {'seconds':>8} {'ceiling':>8}  size")
    for layout in args.layout or ["digest", "tagged", "monthly"]:
        bulletin = sample_bulletin(layout)
        assert len(bulletin.items) == ITEMS, len(bulletin.items)
        for fmt in FORMATS:
            renderer = _renderer(fmt)
            best = float("inf")
            size = 0
            for _ in range(max(1, args.repeat)):
                start = time.perf_counter()
                content = renderer(bulletin)
                best = min(best, time.perf_counter() - start)
                size = len(content if isinstance(content, bytes) else content.encode("utf-8"))
            ceiling = CEILINGS[(layout, fmt)]
            flag = "" if best <= ceiling else "  SLOWER THAN CEILING"
            failed |= best > ceiling
            print(
                f"{layout:<8} {fmt:<6} {best:>8.2f} {ceiling:>8.1f}  {size / 1024:,.0f} KiB{flag}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
