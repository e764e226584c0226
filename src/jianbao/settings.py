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

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

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


class CollectSettings(_Strict):
    """The ``[collect]`` table: how jianbao fetches from the web (see collect/fetch.py)."""

    concurrency_per_host: int = Field(2, ge=1, le=64, description="requests at once per host")
    delay_seconds: float = Field(
        1.0,
        ge=0,
        le=600,
        description="pause between requests to one host (robots Crawl-delay wins)",
    )
    timeout_seconds: float = Field(20.0, gt=0, le=600, description="connect/read timeout")
    retries: int = Field(2, ge=0, le=10, description="extra tries after a timeout or a 5xx")
    backoff_seconds: float = Field(
        1.0, ge=0, le=600, description="first retry pause; doubles on each further try"
    )
    max_bytes: int = Field(
        8 * 1024 * 1024, ge=1024, le=1024**3, description="larger pages are abandoned (too_large)"
    )
    max_attachment_bytes: int = Field(
        32 * 1024 * 1024, ge=1024, le=1024**3, description="larger PDF/DOCX attachments are skipped"
    )
    max_redirects: int = Field(5, ge=0, le=30, description="longer redirect chains are abandoned")
    user_agent: str = Field("", description="empty means jianbao/<version> (+docs URL)")
    allow_private_addresses: bool = Field(
        False, description="allow loopback/private hosts (tests, the demo, intranet portals)"
    )
    fetch_attachments: bool = Field(True, description="fetch PDF/DOCX attachments of articles")


class WebSettings(_Strict):
    """The ``[web]`` table: the editor's desk (``jianbao serve``, see docs/web.md)."""

    session_hours: int = Field(12, ge=1, le=24 * 30, description="sign-in lasts this long")
    secure_cookies: bool = Field(
        False, description="send the session cookie over HTTPS only (set behind a TLS proxy)"
    )
    inbox_candidates: int = Field(
        60, ge=0, le=1000, description="unselected articles the inbox lists for acceptance"
    )


class LlmSettings(_Strict):
    """The ``[llm]`` table: an optional OpenAI-compatible model for 内容 summaries."""

    enabled: bool = Field(False, description="use the LLM for summaries (extractive otherwise)")
    base_url: str = Field(
        "", description="OpenAI-compatible API root, e.g. http://127.0.0.1:8000/v1"
    )
    model: str = Field("", description="model name sent with each request")
    api_key_env: str = Field(
        "JIANBAO_LLM_API_KEY", description="environment variable holding the API key"
    )
    timeout_seconds: float = Field(
        30.0, gt=0, le=600, description="a slower answer falls back to the extractive summary"
    )

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        if value and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL such as http://127.0.0.1:8000/v1")
        return value.rstrip("/")


class SourceConfig(_Strict):
    """One ``[[source]]`` entry: where articles come from."""

    name: str = Field(min_length=1)
    kind: Literal["feed", "listing", "sitemap", "page"]
    url: str
    region: str = "全国"
    authority: Authority = "other"
    section_hint: str | None = None
    enabled: bool = True
    # listing: HTML list pages (selectors) or a JSON list endpoint (field paths)
    format: Literal["auto", "html", "json"] = "auto"
    selector_type: Literal["css", "xpath"] = "css"
    item_selector: str | None = None
    date_selector: str | None = None
    next_page: str | None = None
    first_page: int = Field(1, ge=0, le=1000)
    max_pages: int = Field(5, ge=1, le=1000)
    url_field: str | None = None
    date_field: str | None = None
    title_field: str | None = None
    max_items: int = Field(500, ge=1, le=100_000)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("next_page")
    @classmethod
    def _check_next_page(cls, value: str | None) -> str | None:
        if value is not None and "{n}" not in value:
            raise ValueError('must contain {n}, e.g. "index_{n}.html" or "list.json?page={n}"')
        return value

    @field_validator("url_field", "date_field", "title_field")
    @classmethod
    def _check_path(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[\w-]+(\[\])?(\.[\w-]+(\[\])?)*", value):
            raise ValueError('must be a dotted field path such as "data.list[].url"')
        return value

    @model_validator(mode="after")
    def _check_selectors(self) -> SourceConfig:
        for name in ("item_selector", "date_selector"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                if self.selector_type == "css":
                    from lxml.cssselect import CSSSelector

                    CSSSelector(value)
                else:
                    from lxml import etree

                    etree.XPath(value)
            except Exception as exc:  # cssselect and lxml raise several kinds
                message = f"{name} is not a valid {self.selector_type} selector: {exc}"
                raise ValueError(message) from exc
        if self.date_field and not self.url_field:
            raise ValueError("date_field needs url_field (the JSON list's item URL path)")
        return self


class SubsectionConfig(_Strict):
    """One subsection of a section (the tagged layout's (一) 政策发布, (二) 技术产品, ...)."""

    name: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    quota: int = Field(10, ge=0, le=500)


class SectionConfig(_Strict):
    """One section of a bulletin template."""

    name: str = Field(min_length=1)
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    quota: int = Field(10, ge=0, le=500)
    subsections: list[SubsectionConfig] = Field(default_factory=list, alias="subsection")


ItemField = Literal["tag", "summary", "text", "source", "source_name", "date"]


class FontsConfig(_Strict):
    """Fonts of a template's DOCX, PDF and HTML: names as the reader's system knows them."""

    heading: str = Field("黑体", min_length=1, description="East Asian font of headings")
    body: str = Field("仿宋", min_length=1, description="East Asian font of body text")
    latin: str = Field("Times New Roman", min_length=1, description="font of Latin text")
    size: float = Field(12.0, ge=6, le=36, description="body size in points (12 = 小四)")


class TemplateConfig(_Strict):
    """One ``[[template]]`` entry: a bulletin's layout and ordered sections."""

    name: str = Field(min_length=1)
    layout: Literal["monthly", "tagged", "digest"] = "digest"
    title: str = "行业信息监测与市场分析"
    organisation: str = ""
    home_region: str | None = None
    numbering: str = "{year}年第{issue}期"
    # The running number across years (总第56期): total_start issues came before jianbao.
    total_numbering: str = "总第{total}期"
    total_start: int = Field(0, ge=0)
    fonts: FontsConfig = Field(default_factory=FontsConfig)  # type: ignore[arg-type]
    # What each item shows below its title; empty means the layout's own (LAYOUT_FIELDS).
    fields: list[ItemField] = Field(default_factory=list)
    # Vocabulary for the tagged layout's 标签 line, used when analysis gave an item no tag.
    tags: list[str] = Field(default_factory=list)
    # analyze marks an article relevant when its 0-1 relevance reaches this (docs/archive.md).
    relevance_threshold: float = Field(0.5, ge=0.0, le=1.0)
    sections: list[SectionConfig] = Field(default_factory=list, alias="section", min_length=1)


class WorkspaceFile(_Strict):
    """The whole of ``jianbao.toml``."""

    settings: Settings = Field(default_factory=Settings)  # type: ignore[arg-type]
    collect: CollectSettings = Field(default_factory=CollectSettings)  # type: ignore[arg-type]
    llm: LlmSettings = Field(default_factory=LlmSettings)  # type: ignore[arg-type]
    web: WebSettings = Field(default_factory=WebSettings)  # type: ignore[arg-type]
    sources: list[SourceConfig] = Field(default_factory=list, alias="source")
    templates: list[TemplateConfig] = Field(default_factory=list, alias="template")


# Templates shipped in data/templates/: every workspace can use them without defining them.
BUILTIN_TEMPLATES = frozenset({"default", "monthly", "tagged"})


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
        if name in BUILTIN_TEMPLATES:
            return builtin_template(name)
        known = ", ".join(sorted({t.name for t in self.config.templates} | BUILTIN_TEMPLATES))
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
