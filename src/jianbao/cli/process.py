"""``jianbao process``: clusters, entities, figures and summaries for new stored articles."""

from __future__ import annotations

import json

import click
from rich.markup import escape

from jianbao.cli._base import cli, current_workspace, handle_errors, open_store, out, progress_bar


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Process at most N.")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 10_000),
    default=200,
    show_default=True,
    help="Articles per transaction (a killed run loses at most one batch).",
)
@click.option(
    "--llm/--no-llm",
    "use_llm",
    default=None,
    help="Use (or not) the [llm] model for summaries; default: [llm] enabled.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@handle_errors
def process(
    ctx: click.Context, limit: int | None, batch_size: int, use_llm: bool | None, as_json: bool
) -> None:
    """Cluster, extract entities and figures, and summarise new articles in the store.

    Articles already processed by this version of jianbao are skipped, so the command is
    resumable and safe to run twice. Summaries use the [llm] model when it is enabled, with
    the extractive summary as the fallback (flagged) on any error, timeout or wrong number.

    \b
    Example:
      jianbao process
      jianbao process --limit 500 --no-llm --json
    """
    from jianbao.process import PROCESS_VERSION, process_store

    workspace = current_workspace(ctx)
    config = workspace.config
    llm = config.llm
    if use_llm is not None:
        llm = llm.model_copy(update={"enabled": use_llm})
    with open_store(workspace) as store:
        total = len(store.pending_analysis(PROCESS_VERSION, limit))
        with progress_bar(total, "process", enabled=not as_json) as bar:
            task = bar.add_task("", total=total)
            report = process_store(
                store,
                config,
                limit=limit,
                batch_size=batch_size,
                llm=llm,
                progress=lambda done, _total: bar.update(task, completed=done),
            )
        clusters = store.clusters(min_size=2)
    data = {
        "pending": report.pending,
        "processed": report.processed,
        "new_clusters": report.new_clusters,
        "joined_existing_story": report.joined,
        "merged_clusters": report.merged,
        "llm_summaries": report.llm_summaries,
        "summary_flags": report.flags,
        "multi_source_stories": len(clusters),
    }
    if as_json:
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    if not report.pending:
        out.print("Nothing to process: every article is up to date.")
        return
    out.print(
        f"Processed [bold]{report.processed}[/] articles: {report.new_clusters} new stories, "
        f"{report.joined} repeated a known story ({len(clusters)} stories told by 2+ articles)."
    )
    if report.llm_summaries:
        out.print(f"  {report.llm_summaries} summaries by the LLM")
    for flag, count in sorted(report.flags.items()):
        out.print(f"  summary flag {escape(flag)}: {count}")
