"""The docs stay honest: every command, option, setting and error code is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from jianbao.cli import cli
from jianbao.errors import CODES
from jianbao.settings import (
    CollectSettings,
    SectionConfig,
    Settings,
    SourceConfig,
    TemplateConfig,
)

DOCS = Path(__file__).parent.parent / "docs"


def test_every_error_code_is_documented_and_vice_versa() -> None:
    documented = set(re.findall(r"^\| (E\d{3}) \|", (DOCS / "errors.md").read_text("utf-8"), re.M))
    assert documented == set(CODES)


def test_every_error_code_used_in_code_is_registered() -> None:
    src = Path(__file__).parent.parent / "src" / "jianbao"
    used = set()
    for path in src.rglob("*.py"):
        used |= set(re.findall(r'code="(E\d{3})"', path.read_text("utf-8")))
    assert used <= set(CODES), f"unregistered codes: {used - set(CODES)}"


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(cli, click.Group)
    return sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands())
def test_every_command_and_option_is_in_cli_md(name: str, command: click.Command) -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    assert f"## `jianbao {name}" in text
    section = text.split(f"## `jianbao {name}", 1)[1].split("\n## ", 1)[0]
    for param in command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in section, f"{opt} of `jianbao {name}` is not documented"
    assert "Example:" in (command.help or ""), f"`jianbao {name} --help` has no example"


@pytest.mark.parametrize(
    "model", [Settings, CollectSettings, SourceConfig, TemplateConfig, SectionConfig]
)
def test_every_setting_is_in_configuration_md(model: type) -> None:
    text = (DOCS / "configuration.md").read_text("utf-8")
    for name, field in model.model_fields.items():
        key = field.alias or name
        assert f"| `{key}` |" in text, f"{model.__name__}.{key} is not documented"
