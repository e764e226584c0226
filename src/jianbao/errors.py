"""One exception tree for jianbao, with coded messages.

::

    JianbaoError                 every error jianbao raises on purpose (code, message, hint)
    ├── ConfigError      E0xx    workspace and jianbao.toml problems
    ├── CollectError     E1xx    reading files, fetching URLs
    ├── ExtractError     E2xx    turning bytes into an article
    ├── StoreError       E3xx    the database
    ├── SearchError      E4xx    search queries
    └── RenderError      E6xx    writing bulletins

Every message says what happened, where, and what to do. Third-party exceptions are translated
at the boundary (``raise ExtractError(...) from exc``) so callers catch one tree.
"""

from __future__ import annotations


class JianbaoError(Exception):
    """Base of every error jianbao raises on purpose."""

    code: str = "E000"

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.code}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class ConfigError(JianbaoError):
    """Workspace or jianbao.toml problem (E0xx)."""

    code = "E001"


class CollectError(JianbaoError):
    """A file or URL could not be read (E1xx)."""

    code = "E101"


class ExtractError(JianbaoError):
    """Bytes could not be turned into an article (E2xx)."""

    code = "E201"


class StoreError(JianbaoError):
    """The database could not be opened or written (E3xx)."""

    code = "E301"


class SearchError(JianbaoError):
    """A search query could not be run (E4xx)."""

    code = "E401"


class RenderError(JianbaoError):
    """A bulletin could not be written (E6xx)."""

    code = "E601"


# The codes in use, one place to look them up (docs/errors.md is generated from this table
# by tests/test_docs.py, which fails when the two disagree).
CODES: dict[str, str] = {
    "E001": "jianbao.toml is not valid TOML",
    "E002": "unknown setting in jianbao.toml",
    "E003": "bad value for a setting",
    "E004": "no workspace found",
    "E005": "workspace already exists",
    "E101": "file not found or not readable",
    "E102": "unsupported file type",
    "E103": "file too large",
    "E201": "empty file",
    "E202": "text could not be decoded",
    "E203": "corrupt or unreadable DOCX",
    "E204": "corrupt or unreadable PDF",
    "E205": "no text found in the document",
    "E206": "page is not an article",
    "E207": "unsupported or unrecognised content type",
    "E301": "database could not be opened",
    "E302": "database schema is newer than this jianbao",
    "E303": "database write failed",
    "E401": "empty or invalid search query",
    "E402": "bad date",
    "E601": "output folder cannot be written",
    "E602": "nothing to put in the bulletin",
    "E603": "unknown bulletin template",
    "E604": "unknown output format",
}
