"""Past bulletins and analysis: archive parse/import, templates, train, analyze."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from jianbao.analyze.story import enrich
from jianbao.cli._base import cli, current_workspace, err, handle_errors, open_store, out

ANALYZE_BATCH = 64  # articles analysed together: the vectorizers cost per call, not per item


@cli.group()
def archive() -> None:
    """Read past bulletins (.txt, .docx, .pdf) and learn from them.

    \b
    Example:
      jianbao archive parse 2024年12月简报.pdf
      jianbao archive import 往期/*.pdf --template monthly
    """


@archive.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per item on stdout.")
@handle_errors
def archive_parse(file: Path, as_json: bool) -> None:
    """Print the items of a past bulletin, detecting its layout (monthly / tagged / digest).

    With --json: first a metadata line {"bulletin": {...}}, then one line per item with
    section, subsection, title, tag, text, summary and source (null where the layout has
    no such field). Exit code 1 when the file is no bulletin.

    \b
    Example:
      jianbao archive parse 行业信息监测与市场分析2021年12月.pdf --json
    """
    from jianbao.archive import parse_bulletin

    bulletin = parse_bulletin(file)
    if as_json:
        meta = {
            "layout": bulletin.layout,
            "title": bulletin.title,
            "issue": bulletin.issue,
            "date": bulletin.date,
            "sections": list(bulletin.sections),
            "items": len(bulletin.items),
            "problems": list(bulletin.problems),
        }
        print(json.dumps({"bulletin": meta}, ensure_ascii=False))
        for item in bulletin.items:
            print(json.dumps(asdict(item), ensure_ascii=False))
        return
    out.print(
        f"[bold]{escape(str(file))}[/]: {bulletin.layout} layout, {len(bulletin.items)} items"
        + (f", {escape(bulletin.title)}" if bulletin.title else "")
        + (f" {escape(bulletin.issue)}" if bulletin.issue else "")
    )
    section = None
    for n, item in enumerate(bulletin.items, 1):
        if item.section != section:
            section = item.section
            out.print(f"\n[bold]{escape(section)}[/]")
        extra = f"  [dim]标签：{escape(item.tag)}[/]" if item.tag else ""
        sub = f"[dim]{escape(item.subsection)} · [/]" if item.subsection else ""
        out.print(f"  {n:>3}. {sub}{escape(item.title)}{extra}")
    for problem in bulletin.problems:
        err.print(f"[yellow]warning[/]: {escape(problem)}")


@archive.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", "-t", "template", required=True, help="Template the items belong to.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file on stdout.")
@click.pass_context
@handle_errors
def archive_import(
    ctx: click.Context, files: tuple[Path, ...], template: str, as_json: bool
) -> None:
    """Store the items of past bulletins as labelled examples of a template.

    A template not yet in jianbao.toml is created from the first bulletin's sections and
    layout (appended as a commented [[template]] block). Re-importing a file replaces its
    examples. Then run `jianbao train --template NAME`.

    \b
    Example:
      jianbao archive import 2021-12.pdf 2022-01.pdf --template monthly
    """
    from jianbao.archive.workflow import import_bulletins

    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        _, results = import_bulletins(workspace, store, list(files), template)
    for result in results:
        if as_json:
            print(json.dumps(asdict(result), ensure_ascii=False))
            continue
        created = " (template created in jianbao.toml)" if result.template_created else ""
        out.print(
            f"{escape(result.path)}: {result.examples} examples ({result.layout}) -> "
            f"template [bold]{escape(template)}[/]{created}"
        )
        for problem in result.problems:
            err.print(f"[yellow]warning[/]: {escape(problem)}")
    if not as_json:
        out.print(f"Next: jianbao train --template {template}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Templates as JSON on stdout.")
@click.pass_context
@handle_errors
def templates(ctx: click.Context, as_json: bool) -> None:
    """List templates, their sections and how many examples each section has.

    \b
    Example:
      jianbao templates
    """
    from jianbao.archive.workflow import models_dir
    from jianbao.settings import BUILTIN_TEMPLATES
    from jianbao.store import examples as example_store
    from jianbao.store.modelfiles import latest_version_dir

    workspace = current_workspace(ctx)
    with open_store(workspace) as store:
        counts = example_store.example_counts(store)
    names = [t.name for t in workspace.config.templates]
    names += sorted(BUILTIN_TEMPLATES - set(names))
    report: list[dict[str, Any]] = []
    for name in names:
        template = workspace.template(name)
        model_dir = latest_version_dir(models_dir(workspace), name)
        report.append(
            {
                "name": name,
                "layout": template.layout,
                "home_region": template.home_region,
                "relevance_threshold": template.relevance_threshold,
                "model": model_dir.name if model_dir else None,
                "sections": [
                    {"name": s.name, "examples": counts.get(name, {}).get(s.name, 0)}
                    for s in template.sections
                ],
            }
        )
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for entry in report:
        table = Table(
            title=f"{entry['name']} ({entry['layout']}, model: {entry['model'] or 'untrained'})",
            title_justify="left",
        )
        table.add_column("section")
        table.add_column("examples", justify="right")
        for section in entry["sections"]:
            table.add_row(escape(section["name"]), str(section["examples"]))
        out.print(table)


@cli.command()
@click.option("--template", "-t", "template", default=None, help="Template to train.")
@click.option("--json", "as_json", is_flag=True, help="The saved model's manifest as JSON.")
@click.pass_context
@handle_errors
def train(ctx: click.Context, template: str | None, as_json: bool) -> None:
    """Learn a template's sections and tags from its examples; save it as a new version.

    The model is saved under data/models/<template>/vN/ with a manifest (version, date,
    example count, training-data hash, cross-validated accuracy).

    \b
    Example:
      jianbao train --template monthly
    """
    from jianbao.archive.workflow import train_template

    workspace = current_workspace(ctx)
    name = template or workspace.settings.default_template
    with open_store(workspace) as store:
        manifest = train_template(workspace, store, name)
    if as_json:
        print(json.dumps(manifest, ensure_ascii=False))
        return
    metrics = manifest.get("metrics") or {}
    accuracy = metrics.get("cv_section_accuracy") if isinstance(metrics, dict) else None
    shown = f", cross-validated section accuracy {accuracy:.0%}" if accuracy is not None else ""
    out.print(
        f"Trained [bold]{escape(name)}[/] v{manifest['version']} on {manifest['examples']} "
        f"examples{shown}\n  {escape(str(manifest['path']))}"
    )


def _error_record(line_number: int, message: str) -> dict[str, Any]:
    return {"line": line_number, "error": {"code": "E521", "message": message}}


@cli.command()
@click.option("--template", "-t", "template", default=None, help="Template to analyze for.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Relevance threshold (default: the template's relevance_threshold).",
)
@click.pass_context
@handle_errors
def analyze(ctx: click.Context, template: str | None, threshold: float | None) -> None:
    """Read JSONL articles on stdin, write each back with its analysis, in order.

    Input lines: {"title", "text", "url"?, "source"?, "published"?}. Output adds section,
    section_scores (every section, summing to 1), tags, region, relevance (0-1), relevant
    and reason. A malformed line gives {"line": N, "error": {...}} and the rest go on.

    \b
    Example:
      jianbao analyze --template monthly < articles.jsonl > analysed.jsonl
    """
    from jianbao.analyze.model import analyze_many
    from jianbao.archive.workflow import load_template_model

    workspace = current_workspace(ctx)
    config = workspace.template(template)
    model = load_template_model(workspace, config.name)
    pending: list[dict[str, Any]] = []  # records and error records, in input order
    batch: list[dict[str, Any]] = []  # the records of ``pending`` still to analyse
    failed = 0

    def flush() -> None:
        results = analyze_many(
            [(r.get("title") or "", r.get("text") or "") for r in batch],
            config,
            model,
            threshold=threshold,
        )
        for record, result in zip(batch, results, strict=True):
            region = result.region
            record.update(
                {
                    "section": result.section,
                    "section_scores": result.section_scores,
                    "tags": list(result.tags),
                    "region": region.label or None,
                    "region_detail": {
                        "scope": region.scope,
                        "province": region.province,
                        "city": region.city,
                        "country": region.country,
                    },
                    "relevance": result.relevance,
                    "relevant": result.relevant,
                    "reason": result.reason,
                    "model": result.model_version,
                }
            )
        # clusters (within the batch), entities, figures, summary and summary_flags
        enrich(
            batch,
            sources={src.name: src.authority for src in workspace.config.sources},
            llm=workspace.config.llm,
        )
        for record in pending:
            print(json.dumps(record, ensure_ascii=False))
        sys.stdout.flush()
        pending.clear()
        batch.clear()

    for number, raw in enumerate(sys.stdin.buffer, 1):
        problem = None
        record: Any = None
        try:
            line = raw.decode("utf-8").strip()
            record = json.loads(line) if line else None
            if record is None:
                problem = "empty line"
            elif not isinstance(record, dict):
                problem = "not a JSON object"
            elif not isinstance(record.get("title") or "", str) or not isinstance(
                record.get("text") or "", str
            ):
                problem = '"title" and "text" must be strings'
        except UnicodeDecodeError:
            problem = "line is not UTF-8"
        except json.JSONDecodeError as exc:
            problem = f"not JSON ({exc.msg} at column {exc.colno})"
        if problem:
            failed += 1
            pending.append(_error_record(number, problem))
            continue
        pending.append(record)
        batch.append(record)
        if len(batch) >= ANALYZE_BATCH:
            flush()
    flush()
    if failed:
        err.print(f"{failed} line(s) could not be analysed (E521 records in the output)")
