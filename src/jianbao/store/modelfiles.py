"""Trained models on disk: ``data/models/<template>/v<N>/`` with ``model.pkl`` + manifest.

The manifest (``manifest.json``) records version, trained_at, examples count, the SHA-256 of
the training data and of the model file, and the metrics. Loading checks the file's hash
against the manifest, so a truncated or swapped file is refused (E512) instead of unpickled.
The model file is the workspace's own output; do not load models from untrusted sources
(pickle), see docs/decisions/0006-archive-and-analysis.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
from pathlib import Path
from typing import Any

from jianbao.analyze.model import TemplateModel
from jianbao.errors import ArchiveError

MODEL_FILE = "model.pkl"
MANIFEST_FILE = "manifest.json"
FORMAT = 2  # bump when TemplateModel changes shape; older files then need `jianbao train`
# 2: the structural features gained the headline subject (decision 0006, 2026-12-02)


def template_dir(models_dir: Path, template: str) -> Path:
    """The folder holding a template's model versions (the name made file-system safe)."""
    safe = re.sub(r"[^\w\-]+", "_", template).strip("_") or "template"
    return models_dir / safe


def save_model(model: TemplateModel, models_dir: Path) -> tuple[Path, dict[str, Any]]:
    """Write the model and its manifest into ``vN/``; return the folder and the manifest."""
    folder = template_dir(models_dir, model.template) / f"v{model.version}"
    blob = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
    manifest = {
        "format": FORMAT,
        "template": model.template,
        "version": model.version,
        "trained_at": model.trained_at,
        "examples": model.examples,
        "sections": list(model.sections),
        "data_hash": model.data_hash,
        "model_sha256": hashlib.sha256(blob).hexdigest(),
        "metrics": model.metrics,
        "tags": len(model.vocabulary),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in (
            (MODEL_FILE, blob),
            (MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2).encode()),
        ):
            # write-then-rename: a killed run never leaves half a model behind
            with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, folder / name)
    except OSError as exc:
        raise ArchiveError(f"cannot write the model to {folder}: {exc}.", code="E512") from exc
    return folder, manifest


def latest_version_dir(models_dir: Path, template: str) -> Path | None:
    """The newest ``vN`` folder of a template, or None when it was never trained."""
    base = template_dir(models_dir, template)
    if not base.is_dir():
        return None
    versions = [
        (int(p.name[1:]), p) for p in base.iterdir() if re.fullmatch(r"v\d+", p.name) and p.is_dir()
    ]
    return max(versions)[1] if versions else None


def load_model(models_dir: Path, template: str) -> TemplateModel | None:
    """The newest trained model of ``template``; None when untrained; E512 when damaged."""
    folder = latest_version_dir(models_dir, template)
    if folder is None:
        return None
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text("utf-8"))
        blob = (folder / MODEL_FILE).read_bytes()
    except (OSError, ValueError) as exc:
        raise ArchiveError(
            f"the model in {folder} cannot be read ({exc}).",
            code="E512",
            hint=f"Retrain it: jianbao train --template {template}",
        ) from exc
    if manifest.get("format") != FORMAT or hashlib.sha256(blob).hexdigest() != manifest.get(
        "model_sha256"
    ):
        raise ArchiveError(
            f"the model in {folder} is damaged or from another jianbao version.",
            code="E512",
            hint=f"Retrain it: jianbao train --template {template}",
        )
    try:
        model = pickle.loads(blob)  # noqa: S301 - our own file, hash-checked above
    except Exception as exc:  # noqa: BLE001 - unpickling can fail in many ways
        raise ArchiveError(
            f"the model in {folder} cannot be loaded ({type(exc).__name__}).",
            code="E512",
            hint=f"Retrain it: jianbao train --template {template}",
        ) from exc
    if not isinstance(model, TemplateModel):
        raise ArchiveError(f"{folder / MODEL_FILE} is not a jianbao model.", code="E512")
    return model
