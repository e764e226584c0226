"""The ``jianbao`` command line: one group, each command a thin wrapper over a library call.

Commands live in modules of this package by topic and register on the group in ``_base``;
importing this package imports them all.
"""

from __future__ import annotations

from jianbao.cli import archive as archive  # noqa: F401  (archive, templates, train, analyze)
from jianbao.cli import collect as collect  # noqa: F401  (sources, collect)
from jianbao.cli import commands as commands  # noqa: F401  (registers the core commands)
from jianbao.cli import extract as extract  # noqa: F401  (jianbao extract)
from jianbao.cli import process as process  # noqa: F401  (jianbao process)
from jianbao.cli import publish as publish  # noqa: F401  (build, bulletins, publish)
from jianbao.cli import web as web  # noqa: F401  (serve, user)
from jianbao.cli._base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="jianbao")
