"""Add, edit and disable ``[[source]]`` entries of jianbao.toml from the desk.

jianbao.toml stays the one place sources are defined: the desk edits it with tomlkit (comments
and layout kept), validates the whole new file, writes it through a temporary file and a rename,
then mirrors the sources into the store. A typed URL must be http(s) and, unless
``[collect] allow_private_addresses`` is set, must not point at a private or loopback address
(the collector's own check, ``collect.urls.check_url``).
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from jianbao.collect.urls import check_url
from jianbao.errors import ConfigError, DeskError
from jianbao.settings import Workspace, load_workspace, parse_config
from jianbao.store import Store
from jianbao.store.crawl import sync_sources

EDITABLE = ("kind", "url", "region", "authority", "section_hint", "enabled")


def _write(workspace: Workspace, document: tomlkit.TOMLDocument) -> Workspace:
    path = workspace.config_path
    text = tomlkit.dumps(document)
    parse_config(text, path)  # raises ConfigError (E00x) with the offending key
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".toml"
    ) as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)
    return load_workspace(workspace.root)


def _load(workspace: Workspace) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(workspace.config_path.read_text("utf-8"))
    except (OSError, TOMLKitError) as exc:
        raise ConfigError(f"cannot read {workspace.config_path}: {exc}", code="E001") from exc


def _clean(values: dict[str, Any], workspace: Workspace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in EDITABLE:
        if key not in values:
            continue
        value = values[key]
        if isinstance(value, str):
            value = value.strip()
            if not value and key in ("section_hint",):
                continue
        out[key] = value
    if "url" in out:
        check_url(out["url"], allow_private=workspace.config.collect.allow_private_addresses)
    return out


def add_source(workspace: Workspace, store: Store, name: str, values: dict[str, Any]) -> Workspace:
    """Append a ``[[source]]`` to jianbao.toml (checked URL, validated file); sync the store."""
    name = name.strip()
    if not name or any(s.name == name for s in workspace.config.sources):
        raise DeskError(
            f'a source needs a new, non-empty name; "{name}" is taken or empty.', code="E704"
        )
    entry = tomlkit.table()
    entry["name"] = name
    for key, value in _clean(values, workspace).items():
        entry[key] = value
    document = _load(workspace)
    sources = document.get("source")
    if sources is None:
        sources = tomlkit.aot()
        document["source"] = sources
    sources.append(entry)
    updated = _write(workspace, document)
    sync_sources(store, updated.config.sources)
    return updated


def update_source(
    workspace: Workspace, store: Store, name: str, values: dict[str, Any]
) -> tuple[Workspace, dict[str, Any], dict[str, Any]]:
    """Change fields of source ``name`` in jianbao.toml; return the workspace, before, after."""
    document = _load(workspace)
    entries = document.get("source") or []
    entry = next((e for e in entries if e.get("name") == name), None)
    if entry is None:
        raise DeskError(f'there is no source "{name}" in jianbao.toml.', code="E704")
    cleaned = _clean(values, workspace)
    before = {k: entry.get(k) for k in cleaned}
    for key, value in cleaned.items():
        entry[key] = value
    updated = _write(workspace, document)
    sync_sources(store, updated.config.sources)
    return updated, {k: _plain(v) for k, v in before.items()}, cleaned


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value
