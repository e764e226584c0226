"""The ``jianbao`` command line: one group, each command a thin wrapper over a library call.

Commands live in modules of this package by topic and register on the group in ``_base``;
importing this package imports them all.
"""

from __future__ import annotations

from jianbao.cli import commands as commands  # noqa: F401  (registers the core commands)
from jianbao.cli._base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="jianbao")
