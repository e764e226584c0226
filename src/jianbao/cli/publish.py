"""Publishing commands: build an issue, list issues, publish (freeze) one."""

from __future__ import annotations

import getpass
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from jianbao.cli._base import cli, current_workspace, handle_errors, open_store, out, parse_date

DEFAULT_FORMATS = "docx,pdf,html,md"


@cli.command()
@click.option("--template", "-t", "template_name", help="Bulletin template (default: settings).")
@click.option(
    "--from", "start", metavar="DATE", help="First day, YYYY-MM-DD (default: 30 days ago)."
)
@click.option("--to", "end", metavar="DATE", help="Last day, YYYY-MM-DD (default: today).")
@click.option(
    "--issue",
    type=click.IntRange(1, 9999),
    help="Issue number for the 期号 line (default: last published + 1, else the month).",
)
@click.option(
    "--format",
    "formats",
    default=DEFAULT_FORMATS,
    show_default=True,
    help="Comma-separated: docx, pdf, html, md.",
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Output folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.pass_context
@handle_errors
def build(
    ctx: click.Context,
    template_name: str | None,
    start: str | None,
    end: str | None,
    issue: int | None,
    formats: str,
    out_dir: str | None,
    as_json: bool,
) -> None:
    """Select the period's best items into the template's sections, save the draft, render it.

    One item per story, ranked by relevance, source authority, story size, recency and text
    quality; items of earlier published issues are not selected again. Rebuilding the same
    期号 rewrites its draft; a published issue is frozen.

    \b
    Example:
      jianbao build --template monthly --from 2024-12-01 --to 2024-12-31 --issue 12
      jianbao build --from 2024-12-16 --to 2024-12-22 --format docx,pdf --out out/
    """
    from jianbao.bulletin.build import DROP_REASONS, build_issue
    from jianbao.bulletin.render import parse_formats

    workspace = current_workspace(ctx)
    chosen = parse_formats(formats)
    last = parse_date(end, "--to") or datetime.now().replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    first = parse_date(start, "--from") or last - timedelta(days=30)
    with open_store(workspace) as store:
        result = build_issue(
            store,
            workspace,
            template_name,
            first,
            last,
            issue=issue,
            formats=chosen,
            out_dir=Path(out_dir) if out_dir else None,
        )
    bulletin = result.bulletin
    if as_json:
        print(
            json.dumps(
                {
                    "id": result.bulletin_id,
                    "template": bulletin.template,
                    "issue_label": bulletin.issue_label,
                    "total_label": bulletin.total_label,
                    "items": len(bulletin.items),
                    "sections": list(bulletin.sections),
                    "candidates": result.candidates,
                    "dropped": result.dropped,
                    "replaced": result.replaced,
                    "files": {k: str(v) for k, v in result.files.items()},
                },
                ensure_ascii=False,
            )
        )
        return
    verb = "rebuilt" if result.replaced else "saved"
    numbering = " ".join(x for x in (bulletin.issue_label, bulletin.total_label) if x)
    out.print(
        f"Bulletin #{result.bulletin_id} [bold]{escape(bulletin.title)}[/] {escape(numbering)} "
        f"({verb} as draft): {len(bulletin.items)} items in {len(bulletin.sections)} sections, "
        f"from {result.candidates} articles"
    )
    for reason, n in sorted(result.dropped.items()):
        out.print(f"  left out: {n} ({DROP_REASONS.get(reason, reason)})")
    for fmt, path in result.files.items():
        out.print(f"  {fmt:<5} {path}")
    out.print(f"Publish it with: jianbao publish {result.bulletin_id}")


def _row_json(row: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "template", "title", "issue_label", "total_label", "issue_number", "total_number",
        "period_start", "period_end", "status", "approved_by", "published_at", "created_at",
        "items", "files",
    )  # fmt: skip
    return {"id": row["pk"], **{k: row.get(k) for k in keys}}


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per bulletin on stdout.")
@click.pass_context
@handle_errors
def bulletins(ctx: click.Context, as_json: bool) -> None:
    """List drafts and published issues, newest first.

    \b
    Example:
      jianbao bulletins
      jianbao bulletins --json
    """
    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        rows = store.bulletins()
    if as_json:
        for row in rows:
            print(json.dumps(_row_json(row), ensure_ascii=False), flush=True)
        return
    if not rows:
        out.print("No bulletins yet: run `jianbao build`.")
        return
    table = Table("id", "template", "期号", "period", "items", "status")
    for row in rows:
        numbering = "\n".join(x for x in (row["issue_label"], row.get("total_label")) if x)
        status = row["status"]
        if status == "published":
            status = (
                f"[green]published[/]\n{(row['published_at'] or '')[:10]} "
                f"{escape(row['approved_by'] or '')}"
            )
        table.add_row(
            str(row["pk"]),
            escape(row["template"]),
            escape(numbering),
            f"{row['period_start'][:10]}\n{row['period_end'][:10]}",
            str(row["items"]),
            status,
        )
    out.print(table)


@cli.command()
@click.argument("bulletin_id", type=int)
@click.option("--by", "approved_by", help="Who approves it (default: the current OS user).")
@click.pass_context
@handle_errors
def publish(ctx: click.Context, bulletin_id: int, approved_by: str | None) -> None:
    """Publish (freeze) a draft: it can no longer be rebuilt or changed.

    Its items are then left out of later issues, and it counts in the running number
    (总第N期) of the issues after it.

    \b
    Example:
      jianbao publish 3 --by 张编辑
    """
    from jianbao.bulletin.build import publish_issue

    workspace = current_workspace(ctx)
    who = approved_by or getpass.getuser()
    with open_store(workspace) as store:
        row = publish_issue(store, bulletin_id, who)
    out.print(
        f"Bulletin #{row['pk']} {escape(row['template'])} {escape(row['issue_label'] or '')} "
        f"published by {escape(row['approved_by'])} at {row['published_at']}."
    )
