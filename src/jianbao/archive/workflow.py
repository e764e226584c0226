"""Archive I/O around the pure stages: import bulletins as examples, create templates, train.

Templates created by ``archive import`` are appended to ``jianbao.toml`` as a commented
``[[template]]`` block (decision 0003): the editor sees and edits them where every other
template lives. The file is rewritten only after the new text validates, through a
write-then-rename, so a failure never leaves a broken ``jianbao.toml``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jianbao.archive import parse_bulletin, to_examples
from jianbao.errors import ArchiveError, ConfigError
from jianbao.models import Example, ParsedBulletin
from jianbao.settings import BUILTIN_TEMPLATES, Workspace, load_workspace, parse_config
from jianbao.store import Store, modelfiles
from jianbao.store import examples as example_store

if TYPE_CHECKING:
    from jianbao.analyze.model import TemplateModel

KEYWORDS_PER_SECTION = 8
MIN_KEYWORD_COUNT = 2  # a word seen once in a section's titles is not what the section is about
DESCRIPTION_TITLES = 3


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one file did."""

    path: str
    layout: str
    examples: int
    sections: dict[str, int]
    problems: tuple[str, ...]
    template_created: bool


def models_dir(workspace: Workspace) -> Path:
    """Where trained models live: ``data/models``."""
    return workspace.data_dir / "models"


def has_template(workspace: Workspace, name: str) -> bool:
    """Whether ``name`` is a template of the workspace or a built-in one (default, …)."""
    return name in BUILTIN_TEMPLATES or any(t.name == name for t in workspace.config.templates)


def _keywords(examples: Sequence[Example], section: str) -> list[str]:
    from jianbao.analyze.segment import segment

    inside: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for e in examples:
        words = {w for w in segment(e.title) if len(w) >= 2 and not w.isdigit()}
        overall.update(words)
        if e.section == section:
            inside.update(words)
    ranked = sorted(
        (w for w, n in inside.items() if n >= MIN_KEYWORD_COUNT),
        key=lambda w: (-(inside[w] / overall[w]), -inside[w], w),
    )
    return ranked[:KEYWORDS_PER_SECTION]


def template_block(name: str, bulletin: ParsedBulletin, examples: Sequence[Example]) -> str:
    """A commented ``[[template]]`` block for jianbao.toml made from a parsed bulletin."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    source = Path(bulletin.path).name if bulletin.path else "a past bulletin"
    lines = [
        "",
        f"# Template {json.dumps(name, ensure_ascii=False)}: created by `jianbao archive "
        f"import` from {source} on {today}.",
        "# The sections are the bulletin's own; descriptions and keywords were drawn from its",
        "# items. Edit them freely: analyze reads them besides what `jianbao train` learns.",
        "[[template]]",
        f"name = {json.dumps(name, ensure_ascii=False)}",
        f'layout = "{bulletin.layout}"',
    ]
    if bulletin.title:
        lines.append(f"title = {json.dumps(bulletin.title, ensure_ascii=False)}")
    for section in bulletin.sections:
        titles = [e.title for e in examples if e.section == section][:DESCRIPTION_TITLES]
        description = f"往期“{section}”栏目，例如：" + "；".join(titles)
        count = sum(1 for e in examples if e.section == section)
        lines += [
            "",
            "[[template.section]]",
            f"name = {json.dumps(section, ensure_ascii=False)}",
            f"description = {json.dumps(description, ensure_ascii=False)}",
            f"keywords = {json.dumps(_keywords(examples, section), ensure_ascii=False)}",
            f"quota = {max(1, count)}",
        ]
    return "\n".join(lines) + "\n"


def append_template(workspace: Workspace, block: str) -> Workspace:
    """Append a template block to jianbao.toml (validated first, atomically); reload."""
    path = workspace.config_path
    try:
        current = path.read_text("utf-8")
        updated = current.rstrip("\n") + "\n" + block
        parse_config(updated, path)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".toml"
        ) as tmp:
            tmp.write(updated)
        os.replace(tmp.name, path)
    except (OSError, ConfigError) as exc:
        raise ArchiveError(
            f"could not add the template to {path}: {exc}.",
            code="E531",
            hint="Check that jianbao.toml is writable and valid, or write the [[template]] "
            "block by hand (docs/configuration.md).",
        ) from exc
    return load_workspace(workspace.root)


def import_bulletins(
    workspace: Workspace, store: Store, paths: Sequence[Path], template: str
) -> tuple[Workspace, list[ImportResult]]:
    """Parse each file and store its items as examples of ``template`` (one file, one commit).

    A template that does not exist yet is created from the first file's sections and layout.
    A file that cannot be parsed raises; files before it are already stored.
    """
    results: list[ImportResult] = []
    for path in paths:
        bulletin = parse_bulletin(path)
        found = to_examples(bulletin, template, origin=path.name)
        created = False
        if not has_template(workspace, template):
            workspace = append_template(workspace, template_block(template, bulletin, found))
            created = True
        known = {s.name for s in workspace.template(template).sections}
        problems = list(bulletin.problems)
        unknown = sorted({e.section for e in found} - known)
        if unknown:
            problems.append(
                f"sections not in template {template}: {', '.join(unknown)} (stored anyway; "
                "add them to the template to train on them)"
            )
        example_store.replace_examples(store, template, path.name, found)
        results.append(
            ImportResult(
                path=str(path),
                layout=bulletin.layout,
                examples=len(found),
                sections=dict(Counter(e.section for e in found)),
                problems=tuple(problems),
                template_created=created,
            )
        )
    return workspace, results


def train_template(workspace: Workspace, store: Store, name: str) -> dict[str, object]:
    """Train ``name`` on its examples, save it as the next version; return the manifest."""
    from jianbao.analyze.model import train

    template = workspace.template(name)
    found = example_store.examples(store, name)
    version = example_store.next_model_version(store, name)
    model = train(found, template, version=version)
    folder, manifest = modelfiles.save_model(model, models_dir(workspace))
    example_store.record_model(store, manifest, str(folder))
    manifest["path"] = str(folder)
    return manifest


def load_template_model(workspace: Workspace, name: str) -> TemplateModel | None:
    """The newest trained model of template ``name``, or None."""
    return modelfiles.load_model(models_dir(workspace), name)
