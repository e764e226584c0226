"""``jianbao extract``: run the extract stage on local files and show what it finds.

Needs no workspace and stores nothing: it is the tool to check a page, and the interface the
extraction benchmark scores (one JSON object per file, one per line).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from jianbao.cli._base import cli, err, handle_errors, out, progress_bar
from jianbao.errors import CollectError, JianbaoError, NotAnArticle
from jianbao.extract import extract as extract_article
from jianbao.extract import readable_suffixes
from jianbao.models import Article, Fetched

# Files larger than this are not read (a page is a few hundred kB; a 10 MB "page" is an error).
MAX_FILE_BYTES = 50 * 1024 * 1024


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--url", metavar="URL", help="The page's URL (one file only): resolves links, dates.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file on stdout.")
@handle_errors
def extract(paths: tuple[str, ...], url: str | None, as_json: bool) -> None:
    """Extract title, date, text, source, author and attachments from local files.

    Takes .html/.htm/.shtml (any encoding), .txt, .md, .docx and .pdf files; folders are
    read recursively. Nothing is stored. With --json each file gives one line
    {"path","url","title","date","text","author","source","attachments","extracted_by"}
    (date in ISO 8601 or null); a file that fails gives {"path","error":{"code","message"}}
    instead (plus "reason" for pages that are not articles) and the others go on. The exit
    code is 1 if any file failed.

    \b
    Example:
      jianbao extract --json pages/ > extracted.jsonl
      jianbao extract page.html --url https://www.miit.gov.cn/a/2024/t20241216_1.html
    """
    files = list(_files(paths))
    if url and len(files) != 1:
        raise click.UsageError("--url needs exactly one file (it is that page's address).")
    failed = 0
    with progress_bar(len(files), "extract", enabled=not as_json) as bar:
        task = bar.add_task("", total=len(files))
        for path in files:
            bar.update(task, advance=1, description=path.name[:40])
            try:
                article = extract_article(_fetched(path, url))
            except JianbaoError as exc:
                failed += 1
                _show_error(path, exc, as_json)
                continue
            if as_json:
                print(json.dumps(article_json(path, article), ensure_ascii=False), flush=True)
            else:
                _show_article(path, article)
    if not as_json and len(files) > 1:
        out.print(f"{len(files) - failed} extracted, {failed} failed")
    if failed:
        raise SystemExit(1)


def article_json(path: Path, article: Article) -> dict[str, Any]:
    """The JSON line ``jianbao extract --json`` prints for one article."""
    return {
        "path": str(path),
        "url": article.url,
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "text": article.text,
        "author": article.author,
        "source": article.source_name,
        "attachments": [{"url": a.url, "title": a.title} for a in article.attachments],
        "extracted_by": article.extracted_by,
    }


def _files(paths: tuple[str, ...]) -> Iterator[Path]:
    suffixes = readable_suffixes()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
            )
        else:
            yield path  # a missing file is reported on its own line, like any other failure


def _fetched(path: Path, url: str | None) -> Fetched:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CollectError(
                f'"{path}" is {size // 1024 // 1024} MB, over the {MAX_FILE_BYTES >> 20} MB limit.',
                code="E103",
                hint="Split the document or extract the part you need.",
            )
        body = path.read_bytes()
    except OSError as exc:
        raise CollectError(
            f'"{path}" cannot be read ({exc.strerror or exc}).',
            code="E101",
            hint="Check the path and its permissions.",
        ) from exc
    page_url = url or path.resolve().as_uri()
    return Fetched(url=page_url, body=body, fetched_at=datetime.now(), path=str(path))


def _show_error(path: Path, exc: JianbaoError, as_json: bool) -> None:
    message = str(exc).split(": ", 1)[-1]
    if as_json:
        error: dict[str, str] = {"code": exc.code, "message": message}
        if isinstance(exc, NotAnArticle):
            error["reason"] = exc.reason
        print(json.dumps({"path": str(path), "error": error}, ensure_ascii=False), flush=True)
    else:
        err.print(f"[bold red]{escape(exc.code)}[/] {escape(str(path))}: {escape(message)}")


def _show_article(path: Path, article: Article) -> None:
    date = article.published.isoformat(sep=" ", timespec="minutes") if article.published else "-"
    out.print(f"[bold]{escape(str(path))}[/]")
    out.print(f"  title     {escape(article.title or '-')}")
    out.print(f"  date      {date}")
    out.print(f"  source    {escape(article.source_name or '-')}")
    out.print(f"  author    {escape(article.author or '-')}")
    out.print(f"  text      {len(article.text)} characters, by {article.extracted_by}")
    for attachment in article.attachments:
        out.print(f"  attached  {escape(attachment.title)} <{escape(attachment.url)}>")
    first = article.text.split("\n", 1)[0]
    out.print(f"  begins    {escape(first[:80])}{'…' if len(first) > 80 else ''}")
    if article.problem:
        out.print(f"  [yellow]problem[/]   {escape(article.problem)}")
