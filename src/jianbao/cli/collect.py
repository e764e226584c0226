"""Collecting from the web: ``jianbao sources`` (with ``check``) and ``jianbao collect``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from jianbao.cli._base import (
    PROGRESS_MIN_ITEMS,
    cli,
    current_workspace,
    err,
    handle_errors,
    open_store,
    out,
    parse_date,
    progress_bar,
)
from jianbao.collect import CollectEvent, CollectReport, SourceReport, collect
from jianbao.store.crawl import SourceHealth, source_health, sync_sources

# Reasons that mean "looked at, nothing to fetch": they do not move the progress bar.
_NOT_FETCHED = frozenset({"already_stored", "duplicate_in_run", "older_than_since", "would_fetch"})


def _health_json(health: SourceHealth) -> dict[str, Any]:
    return {
        "name": health.name,
        "kind": health.kind,
        "url": health.url,
        "enabled": health.enabled,
        "region": health.region,
        "authority": health.authority,
        "last_success": health.last_success,
        "last_error": health.last_error,
        "last_error_at": health.last_error_at,
        "consecutive_failures": health.consecutive_failures,
        "items_last_run": health.items_last_run,
        "last_run_at": health.last_run_at,
        "last_run": health.last_run,
        "malformed": health.malformed,
        "problem": health.problem,
    }


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source on stdout.")
@click.pass_context
@handle_errors
def sources(ctx: click.Context, as_json: bool) -> None:
    """List the [[source]] entries of jianbao.toml with their health.

    Health comes from the last `jianbao collect` runs: last success, last error, consecutive
    failures, articles stored by the last run, and a flag for a malformed feed or list.

    \b
    Example:
      jianbao sources
      jianbao sources check miit-news
    """
    if ctx.invoked_subcommand is not None:
        return
    workspace = current_workspace(ctx)
    configured = workspace.config.sources
    with open_store(workspace) as store:
        sync_sources(store, configured)
        health = {h.name: h for h in source_health(store, [s.name for s in configured])}
    rows = [health[s.name] for s in configured if s.name in health]
    if as_json:
        for row in rows:
            print(json.dumps(_health_json(row), ensure_ascii=False))
        return
    if not rows:
        out.print("No sources in jianbao.toml yet: add a [[source]] (see docs/configuration.md).")
        return
    table = Table(title="Sources", show_lines=False)
    # The error goes last and takes what the terminal has left, folded over lines: it is the
    # column a failing source is looked up for, so it must never be squeezed away.
    for column in ("name", "kind", "on", "last success", "fails", "items"):
        table.add_column(
            column, justify="right" if column in ("fails", "items") else "left", no_wrap=True
        )
    table.add_column("last error", ratio=1, min_width=24, overflow="fold")
    for row in rows:
        error = ""
        if row.last_error:
            error = f"{_minute(row.last_error_at)} {row.last_error}".strip()[:160]
        if row.malformed and row.problem:
            error = (error + " | " if error else "") + f"malformed: {row.problem}"[:80]
        style = "red" if row.consecutive_failures else ""
        table.add_row(
            escape(row.name),
            row.kind,
            "yes" if row.enabled else "no",
            _minute(row.last_success) or "never",
            f"[{style}]{row.consecutive_failures}[/]" if style else "0",
            "" if row.items_last_run is None else str(row.items_last_run),
            escape(error),
        )
    out.print(table)


def _minute(stamp: str | None) -> str:
    """An ISO time stamp to the minute (2026-12-02 18:12), for narrow tables."""
    return stamp[:16].replace("T", " ") if stamp else ""


@sources.command("check")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per discovered URL.")
@click.pass_context
@handle_errors
def sources_check(ctx: click.Context, name: str, as_json: bool) -> None:
    """Try one source and show what it would collect (nothing is stored).

    Reads the source's feed, list pages or sitemap and lists the item URLs found, with the
    date the list shows and whether each is new or already stored. Exit code 1 when the
    source cannot be read.

    \b
    Example:
      jianbao sources check miit-news
    """
    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        report = collect(
            store, workspace.config.sources, workspace.config.collect, names=[name], dry_run=True
        )
    source = report.sources[0]
    if as_json:
        for event in source.events:
            print(json.dumps(_event_json(event), ensure_ascii=False))
    else:
        _print_check(source)
    if not source.ok:
        sys.exit(1)


def _event_json(event: CollectEvent) -> dict[str, Any]:
    return {
        "source": event.source,
        "url": event.url,
        "reason": event.reason,
        "title": event.title,
        "published": event.published.isoformat() if event.published else None,
        "article_id": event.article_id,
        "message": event.message,
    }


def _print_check(source: SourceReport) -> None:
    table = Table(title=f"{source.name} ({source.kind}): {len(source.discovered)} item links")
    for column in ("date", "status", "title", "url"):
        table.add_column(column)
    for event in source.events:
        table.add_row(
            f"{event.published:%Y-%m-%d}" if event.published else "",
            "new" if event.reason == "would_fetch" else event.reason,
            escape((event.title or "")[:40]),
            escape(event.url),
        )
    out.print(table)
    if source.problem:
        out.print(f"[yellow]flagged: {escape(source.problem)}[/]")
    if source.error:
        err.print(f"[red]{escape(source.error)}[/]")


@cli.command("collect")
@click.option(
    "--source", "names", multiple=True, metavar="NAME", help="Only this source (repeatable)."
)
@click.option("--since", metavar="DATE", help="Skip items listed as published before YYYY-MM-DD.")
@click.option(
    "--dry-run", is_flag=True, help="Discover and list what would be fetched; store nothing."
)
@click.option(
    "--json", "as_json", is_flag=True, help="The run report as one JSON object on stdout."
)
@click.pass_context
@handle_errors
def collect_command(
    ctx: click.Context, names: tuple[str, ...], since: str | None, dry_run: bool, as_json: bool
) -> None:
    """Fetch new articles from the [[source]] entries of jianbao.toml and store them.

    Feeds, list pages (HTML or JSON), sitemaps and single pages are read politely (robots.txt,
    per-host delay and concurrency from [collect]); URLs already stored are not fetched again
    and pages fetched before are asked for conditionally. The run ends with counts per source
    and per reason. Exit code 0 when at least one source could be collected, 1 when every
    source failed, 2 for a configuration error.

    \b
    Example:
      jianbao collect
      jianbao collect --source miit-news --since 2024-12-01 --dry-run
    """
    workspace = current_workspace(ctx)
    since_date = parse_date(since, "--since")
    configured = workspace.config.sources
    if not configured:
        err.print("No sources in jianbao.toml: add a [[source]] (see docs/configuration.md).")
        return
    with (
        open_store(workspace) as store,
        progress_bar(PROGRESS_MIN_ITEMS, "collect", enabled=not as_json) as bar,
    ):
        task = bar.add_task("discovering", total=None)
        expected = 0

        def on_total(count: int) -> None:
            nonlocal expected
            expected += count
            bar.update(task, total=expected)

        def on_event(event: CollectEvent) -> None:
            if event.reason not in _NOT_FETCHED:
                bar.update(task, advance=1, description=escape(event.source[:30]))

        report = collect(
            store,
            configured,
            workspace.config.collect,
            names=names or None,
            since=since_date,
            dry_run=dry_run,
            on_event=on_event,
            on_total=on_total,
        )
    if as_json:
        print(json.dumps(report_json(report), ensure_ascii=False))
    else:
        _print_report(report)
    if report.all_failed:
        sys.exit(1)


def report_json(report: CollectReport) -> dict[str, Any]:
    """The run report as plain JSON-able data."""
    return {
        "run_id": report.run_id,
        "dry_run": report.dry_run,
        "seconds": round(report.seconds, 3),
        "requests": report.requests,
        "stored": report.stored,
        "all_failed": report.all_failed,
        "totals": dict(sorted(report.totals.items())),
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "ok": s.ok,
                "stored": s.stored,
                "discovered": len(s.discovered),
                "counts": dict(sorted(s.counts.items())),
                "error": s.error,
                "problem": s.problem,
                "failures": s.failures,
                "items": [_event_json(e) for e in s.events] if report.dry_run else [],
            }
            for s in report.sources
        ],
    }


def _print_report(report: CollectReport) -> None:
    if report.dry_run:
        for source in report.sources:
            _print_check(source)
    table = Table(title="Collected" if not report.dry_run else "Would collect")
    for column in ("source", "state", "links", "added", "updated", "skipped", "failed"):
        table.add_column(column, justify="left" if column in ("source", "state") else "right")
    for source in report.sources:
        skipped = sum(
            source.counts[r]
            for r in ("unchanged", "not_modified", "already_stored", "duplicate_in_run")
        )
        state = "[green]ok[/]" if source.ok else "[red]failed[/]"
        if source.problem:
            state += " [yellow]malformed[/]"
        table.add_row(
            escape(source.name),
            state,
            str(len(source.discovered)),
            str(source.counts["added"]),
            str(source.counts["updated"]),
            str(skipped),
            str(source.failed_items),
        )
    out.print(table)
    totals: Counter[str] = report.totals
    reasons = Table(title="By reason")
    reasons.add_column("reason")
    reasons.add_column("count", justify="right")
    for reason, count in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        reasons.add_row(reason, str(count))
    out.print(reasons)
    for source in report.sources:
        if source.error:
            err.print(f"[red]{escape(source.name)}: {escape(source.error)}[/]")
        elif source.failures:
            err.print(f"[yellow]{escape(source.name)}: {escape(source.summary_error() or '')}[/]")
    if report.dry_run:
        out.print(f"Dry run: {totals['would_fetch']} URL(s) would be fetched; nothing stored.")
    elif report.stored == 0:
        out.print(
            f"Nothing new: {totals['already_stored']} already stored, "
            f"{totals['not_modified']} not modified, {totals['unchanged']} unchanged "
            f"({report.requests} requests, {report.seconds:.1f} s)."
        )
    else:
        out.print(
            f"Stored {totals['added']} new and {totals['updated']} updated article(s) from "
            f"{sum(1 for s in report.sources if s.ok)}/{len(report.sources)} source(s) "
            f"({report.requests} requests, {report.seconds:.1f} s)."
        )
