"""Core commands: init, ingest, search, demo (build, bulletins, publish: publish.py)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from pathlib import Path

import click
from rich.markup import escape

from jianbao.cli._base import (
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    cli,
    current_workspace,
    handle_errors,
    open_store,
    out,
    parse_date,
    progress_bar,
)
from jianbao.settings import init_workspace


@cli.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing jianbao.toml.")
@handle_errors
def init(directory: str, force: bool) -> None:
    """Create a workspace: a commented jianbao.toml and a data/ folder.

    \b
    Example:
      jianbao init my-bulletin
    """
    workspace = init_workspace(directory, force=force)
    with open_store(workspace) as store:
        version = store.schema_version()
    out.print(f"Created workspace [bold]{workspace.root}[/]")
    out.print(f"  settings  {workspace.config_path}")
    out.print(f"  database  {workspace.database_url} (schema v{version})")
    out.print("Next: edit jianbao.toml, then `jianbao ingest FILES...`.")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file on stdout.")
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[str, ...], as_json: bool) -> None:
    """Add local files: .html/.htm (any encoding), .txt, .md, .docx, .pdf; folders recursively.

    Each file is stored in its own transaction; a bad file gets one coded error line and the
    others still go in. The exit code is 1 if any file failed.

    \b
    Example:
      jianbao ingest notices/ 简报素材.docx page.html
    """
    from jianbao.ingest import IngestSummary, count_files, ingest_paths

    workspace = current_workspace(ctx)
    max_bytes = workspace.settings.max_file_mb * 1024 * 1024
    summary = IngestSummary()
    total = count_files(paths)
    with open_store(workspace) as store, progress_bar(total, "ingest", enabled=not as_json) as bar:
        task = bar.add_task("", total=total)
        for event in ingest_paths(store, paths, max_bytes=max_bytes):
            summary.add(event)
            bar.update(task, advance=1, description=Path(event.path).name[:40])
            if as_json:
                record = dataclasses.asdict(event)
                print(json.dumps(record, ensure_ascii=False), flush=True)
            elif event.status == "failed":
                bar.console.print(f"[red]{escape(event.message or event.path)}[/]")
    if not as_json:
        counts = summary.counts
        out.print(
            f"ingest: [green]{counts['added']} added[/], {counts['updated']} updated, "
            f"{counts['skipped']} skipped, [red]{counts['failed']} failed[/]"
        )
        for reason, n in sorted(summary.reasons.items()):
            out.print(f"  {reason}: {n}")
    if not summary.ok:
        sys.exit(1)


def _highlight(snippet: str) -> str:
    return escape(snippet).replace(SNIPPET_OPEN, "[bold yellow]").replace(SNIPPET_CLOSE, "[/]")


@cli.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit on stdout.")
@click.option("--since", metavar="DATE", help="Only articles published on or after YYYY-MM-DD.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.pass_context
@handle_errors
def search(ctx: click.Context, query: str, as_json: bool, since: str | None, limit: int) -> None:
    """Full-text search over titles and texts, best and newest first.

    \b
    Example:
      jianbao search 人工智能 --since 2024-12-01
      jianbao search "华为 昇思" --json
    """
    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        hits = store.search(query, since=parse_date(since, "--since"), limit=limit)
    if as_json:
        for hit in hits:
            print(
                json.dumps(
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "url": hit.url,
                        "published": hit.published.isoformat() if hit.published else None,
                        "source": hit.source_name,
                        "score": round(hit.score, 4),
                        "snippet": hit.snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, ""),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
        return
    if not hits:
        out.print(f"No article matches {query!r}.")
        return
    for n, hit in enumerate(hits, 1):
        date = f"{hit.published:%Y-%m-%d}" if hit.published else "----------"
        out.print(f"[bold]{n:>2}. {escape(hit.title)}[/]  [dim]{date} {hit.id}[/]")
        out.print(f"    {_highlight(hit.snippet)}")
        out.print(f"    [dim]{escape(hit.url)}[/]")


@cli.command()
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for the demo workspace and the bulletin.",
)
@handle_errors
def demo(out_dir: str) -> None:
    """Run everything on bundled sample content and write bulletins into --out.

    Builds a fresh workspace in OUT/workspace; starts a local fixture portal (on 127.0.0.1)
    serving real Chinese ICT articles shipped with jianbao and collects it (feeds, list pages
    in UTF-8 and GBK, a JSON endpoint, a sitemap, attachments, and the failures real portals
    have); ingests an inbox of local files; searches; and renders the latest month's bulletins
    in every format.

    \b
    Example:
      jianbao demo --out out
    """
    from jianbao.demo import run_demo

    report = run_demo(Path(out_dir), log=lambda line: out.print(line))
    out.print("")
    out.print("[bold green]Demo finished.[/] Files:")
    for fmt, path in report.files.items():
        out.print(f"  {fmt:<13} {path}")
    installed = Path(sys.executable).with_name("jianbao")  # `make demo` runs .venv/bin/jianbao
    command = "jianbao" if shutil.which("jianbao") else str(installed)
    ws = f"{command} -w {report.workspace}"
    out.print(f"Workspace: {report.workspace}")
    out.print(f"  try: {ws} search 5G")
    out.print(f"       {ws} sources")
    out.print("Editor's desk on the demo workspace (review, edit, build, publish in a browser):")
    out.print(f"  {ws} serve --port 8000")
    out.print(f"  then open http://127.0.0.1:8000{report.desk_inbox}")
    out.print(
        f"  and sign in as [bold]{report.desk_user}[/] with password "
        f"[bold]{escape(report.desk_password)}[/] (new on every demo run; reset it with "
        f"`{ws} user add {report.desk_user} --role admin --replace`)"
    )
