"""Typed workspace settings: defaults < jianbao.toml < environment (JIANBAO_*) < CLI flags.

A workspace is a folder with a ``jianbao.toml`` and a ``data/`` folder. Commands find it from
``--workspace DIR``, then ``JIANBAO_HOME``, then the current folder and its parents.
Unknown keys and bad values stop with a ConfigError naming the key, the file, the line and the
fix, never with a pydantic traceback.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jianbao.errors import ConfigError

CONFIG_NAME = "jianbao.toml"
ENV_HOME = "JIANBAO_HOME"
ENV_PREFIX = "JIANBAO_"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Settings(_Strict):
    """The ``[settings]`` table."""

    database_url: str = Field(
        "", description="SQLAlchemy URL of the store; empty means data/jianbao.db in the workspace"
    )
    data_dir: str = Field("data", description="folder for the database and models")
    out_dir: str = Field("out", description="default folder for rendered bulletins")
    timezone: str = Field("Asia/Shanghai", description="time zone of dates without one")
    max_file_mb: int = Field(50, ge=1, le=4096, description="ingest refuses larger files (E103)")
    default_template: str = Field("default", description="template used when none is given")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "warning", description="how much jianbao logs to stderr"
    )

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if value and "://" not in value:
            raise ValueError("must be a SQLAlchemy URL such as sqlite:///path/to/jianbao.db")
        return value

    @field_validator("timezone")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from exc
        return value


Authority = Literal["government", "official_media", "industry_media", "company", "other"]


class SourceConfig(_Strict):
    """One ``[[source]]`` entry: where articles come from."""

    name: str = Field(min_length=1)
    kind: Literal["feed", "listing", "sitemap", "page"]
    url: str
    region: str = "全国"
    authority: Authority = "other"
    section_hint: str | None = None
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value


class SectionConfig(_Strict):
    """One section of a bulletin template."""

    name: str = Field(min_length=1)
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    quota: int = Field(10, ge=0, le=500)


class TemplateConfig(_Strict):
    """One ``[[template]]`` entry: a bulletin's layout and ordered sections."""

    name: str = Field(min_length=1)
    layout: Literal["monthly", "tagged", "digest"] = "digest"
    title: str = "行业信息监测与市场分析"
    organisation: str = ""
    home_region: str | None = None
    numbering: str = "{year}年第{issue}期"
    sections: list[SectionConfig] = Field(default_factory=list, alias="section", min_length=1)


class WorkspaceFile(_Strict):
    """The whole of ``jianbao.toml``."""

    settings: Settings = Field(default_factory=Settings)  # type: ignore[arg-type]
    sources: list[SourceConfig] = Field(default_factory=list, alias="source")
    templates: list[TemplateConfig] = Field(default_factory=list, alias="template")


def builtin_template(name: str = "default") -> TemplateConfig:
    """A template shipped with jianbao (``data/templates/NAME.toml``)."""
    data = (
        resources.files("jianbao")
        .joinpath("data", "templates", f"{name}.toml")
        .read_text(encoding="utf-8")
    )
    return TemplateConfig.model_validate(tomllib.loads(data))


@dataclass(frozen=True, slots=True)
class Workspace:
    """A loaded workspace: its folder, its file and the typed settings in it."""

    root: Path
    config: WorkspaceFile

    @property
    def settings(self) -> Settings:
        """The ``[settings]`` table, with environment overrides applied."""
        return self.config.settings

    @property
    def config_path(self) -> Path:
        """Path of ``jianbao.toml``."""
        return self.root / CONFIG_NAME

    @property
    def data_dir(self) -> Path:
        """The data folder (database, models)."""
        return (self.root / self.settings.data_dir).resolve()

    @property
    def database_url(self) -> str:
        """The store's SQLAlchemy URL."""
        if self.settings.database_url:
            return self.settings.database_url
        return f"sqlite:///{self.data_dir / 'jianbao.db'}"

    def template(self, name: str | None = None) -> TemplateConfig:
        """The template called ``name`` (default: settings.default_template)."""
        name = name or self.settings.default_template
        for template in self.config.templates:
            if template.name == name:
                return template
        if name == "default":
            return builtin_template("default")
        known = ", ".join(sorted({t.name for t in self.config.templates} | {"default"}))
        raise ConfigError(
            f'no bulletin template named "{name}" in {self.config_path}.',
            code="E603",
            hint=f'Known templates: {known}. Add a [[template]] with name = "{name}" or pick one.',
        )


# -- loading -------------------------------------------------------------------------------


def _line_of(source: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _known_keys(model: type[BaseModel]) -> str:
    return ", ".join((f.alias or n) for n, f in model.model_fields.items())


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel]:
    """The model that owns the key at ``loc`` (for listing the known keys)."""
    model: type[BaseModel] = WorkspaceFile
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if part in (n, f.alias)), None)
        if field is None:
            break
        annotation: Any = field.annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return model


def _describe(error: Any, path: Path, source: str) -> tuple[str, str]:
    loc: tuple[int | str, ...] = tuple(error["loc"])
    dotted = ""
    for part in loc:
        dotted += f"[{part}]" if isinstance(part, int) else (f".{part}" if dotted else str(part))
    key = str(next((p for p in reversed(loc) if isinstance(p, str)), dotted))
    line = _line_of(source, key)
    where = f"{path}" + (f", line {line}" if line else "")
    if error["type"] == "extra_forbidden":
        known = _known_keys(_model_at(loc))
        return "E002", (
            f'unknown setting "{dotted}" in {where}. Fix: remove it or correct the spelling; '
            f"the keys allowed there are: {known}."
        )
    value = error.get("input")
    shown = f" = {value!r}" if value is not None and not isinstance(value, dict | list) else ""
    return "E003", (
        f'bad value for "{dotted}"{shown} in {where}: {error["msg"]}. '
        f"Fix: change it in {path.name} (see docs/configuration.md)."
    )


def parse_config(text: str, path: Path) -> WorkspaceFile:
    """Validate the text of a ``jianbao.toml``; raise ConfigError naming key, file and fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML: {exc}.", code="E001", hint="Fix the syntax at that line."
        ) from exc
    return validate_config(data, path, text)


def validate_config(data: dict[str, Any], path: Path, text: str = "") -> WorkspaceFile:
    """Validate already-parsed settings (``text`` is used only to find line numbers)."""
    try:
        return WorkspaceFile.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(e, path, text) for e in exc.errors()]
        code = problems[0][0]
        message = problems[0][1]
        if len(problems) > 1:
            message += "".join(f"\n  {p[0]}: {p[1]}" for p in problems[1:])
        raise ConfigError(message, code=code) from None


def _apply_env(data: dict[str, Any], environ: dict[str, str] | os._Environ[str]) -> None:
    settings = data.setdefault("settings", {})
    if not isinstance(settings, dict):
        return
    for name in Settings.model_fields:
        value = environ.get(ENV_PREFIX + name.upper())
        if value is not None:
            settings[name] = value


def find_root(workspace: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The workspace folder: ``--workspace``, else $JIANBAO_HOME, else cwd and its parents."""
    if workspace:
        root = Path(workspace).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise ConfigError(
                f"{root} is not a jianbao workspace (no {CONFIG_NAME} in it).",
                code="E004",
                hint=f"Create one with: jianbao init {root}",
            )
        return root.resolve()
    home = os.environ.get(ENV_HOME)
    if home:
        root = Path(home).expanduser()
        if not (root / CONFIG_NAME).is_file():
            raise ConfigError(
                f"{ENV_HOME}={home} is not a jianbao workspace (no {CONFIG_NAME} in it).",
                code="E004",
                hint=f"Create one with: jianbao init {home}, or unset {ENV_HOME}.",
            )
        return root.resolve()
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise ConfigError(
        f"no jianbao workspace here ({start} and its parents have no {CONFIG_NAME}).",
        code="E004",
        hint="Create one with `jianbao init DIR`, or pass --workspace DIR, or set JIANBAO_HOME.",
    )


def load_workspace(workspace: str | Path | None = None, cwd: Path | None = None) -> Workspace:
    """Find and load the workspace, applying JIANBAO_* environment overrides."""
    root = find_root(workspace, cwd)
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}.", code="E001") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path} is not valid TOML: {exc}.", code="E001", hint="Fix the syntax at that line."
        ) from exc
    _apply_env(data, os.environ)
    return Workspace(root=root, config=validate_config(data, path, text))


def init_workspace(directory: str | Path, *, force: bool = False) -> Workspace:
    """Write a commented ``jianbao.toml`` and ``data/`` into ``directory``; return it loaded."""
    root = Path(directory).expanduser()
    path = root / CONFIG_NAME
    if path.exists() and not force:
        raise ConfigError(
            f"{path} already exists.", code="E005", hint="Use --force to overwrite it."
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
        template = resources.files("jianbao").joinpath("settings_template.toml")
        path.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        (root / "data").mkdir(exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create a workspace in {root}: {exc}.", code="E001") from exc
    return Workspace(root=root.resolve(), config=parse_config(path.read_text("utf-8"), path))
