"""Shared pieces of the command line: the ``jianbao`` group, consoles and error handling.

Only the ``jianbao.cli`` package prints. Errors from the library arrive as JianbaoError and leave
as one coded line on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from jianbao import __version__
from jianbao.errors import JianbaoError, SearchError
from jianbao.settings import Workspace, load_workspace
from jianbao.store import Store

F = TypeVar("F", bound=Callable[..., Any])
PROGRESS_MIN_ITEMS = 20  # show a progress bar only when a run is long enough to need one
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)


def _fail(exc: JianbaoError, exit_code: int = 1) -> None:
    err.print(f"[bold red]{escape(exc.code)}[/]: {escape(str(exc).split(': ', 1)[-1])}")
    sys.exit(exit_code)


def handle_errors(func: F) -> F:
    """Turn JianbaoError into one coded line on stderr and exit code 1 (2 for config)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except JianbaoError as exc:
            _fail(exc, 2 if exc.code.startswith("E0") else 1)
        except KeyboardInterrupt:
            err.print("interrupted; everything reported as stored is in the database.")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


# Libraries of the extraction cascade and the PDF writer warn about what jianbao handles
# itself ("discarding data" when trafilatura gives up and the next step takes over; pypdf on a
# damaged file, which becomes a coded error line): their
# messages are shown only with log_level = "debug".
QUIET_LIBRARIES = (
    "trafilatura",
    "readability",
    "htmldate",
    "courlan",
    "charset_normalizer",
    "weasyprint",
    "fontTools",
    "pypdf",
)


def current_workspace(ctx: click.Context) -> Workspace:
    obj = ctx.find_root().obj or {}
    workspace = load_workspace(obj.get("workspace"))
    level = getattr(logging, workspace.settings.log_level.upper())
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(level if level <= logging.DEBUG else logging.ERROR)
    return workspace


@contextmanager
def open_store(workspace: Workspace) -> Iterator[Store]:
    store = Store.open(workspace.database_url)
    try:
        yield store
    finally:
        store.close()


def parse_date(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise SearchError(
            f'{option} "{value}" is not a date.', code="E402", hint="Write it as YYYY-MM-DD."
        ) from None


def progress_bar(total: int, label: str, *, enabled: bool) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not enabled or total < PROGRESS_MIN_ITEMS,
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False),
    help="Workspace folder (default: $JIANBAO_HOME, else the current folder or a parent).",
)
@click.version_option(__version__, prog_name="jianbao")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None) -> None:
    """jianbao (简报): turn Chinese ICT-industry news into a reviewed bulletin.

    \b
    Start with:   jianbao demo            (a complete run on bundled sample articles)
    Your own:     jianbao init my-bulletin && cd my-bulletin
                  jianbao ingest ~/Downloads/articles/
                  jianbao search 人工智能
                  jianbao build --from 2024-12-01 --to 2024-12-31
    """
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace
