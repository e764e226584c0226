"""One exception tree for jianbao, with coded messages.

::

    JianbaoError                 every error jianbao raises on purpose (code, message, hint)
    ├── ConfigError      E0xx    workspace and jianbao.toml problems
    ├── CollectError     E1xx    reading files, fetching URLs
    ├── ExtractError     E2xx    turning bytes into an article
    │   └── NotAnArticle E206    a list page, login wall, error page ... (has .reason)
    ├── StoreError       E3xx    the database
    ├── SearchError      E4xx    search queries
    ├── ArchiveError     E5xx    past bulletins, templates, training and analysis
    ├── RenderError      E6xx    writing bulletins
    └── DeskError        E7xx    the editor's desk: users, sign-in, web edits

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


class NotAnArticle(ExtractError):
    """The page is readable but is not an article (E206); ``reason`` says what it is instead.

    Reasons: ``list_page``, ``login_wall``, ``error_page``, ``empty_shell``, ``too_short``.
    """

    code = "E206"

    def __init__(self, message: str, *, reason: str, hint: str | None = None) -> None:
        super().__init__(f"{message} (reason: {reason})", code="E206", hint=hint)
        self.reason = reason


class StoreError(JianbaoError):
    """The database could not be opened or written (E3xx)."""

    code = "E301"


class SearchError(JianbaoError):
    """A search query could not be run (E4xx)."""

    code = "E401"


class ArchiveError(JianbaoError):
    """A past bulletin, a template's examples or its model could not be used (E5xx)."""

    code = "E501"


class RenderError(JianbaoError):
    """A bulletin could not be written (E6xx)."""

    code = "E601"


class DeskError(JianbaoError):
    """The editor's desk refused a user, a sign-in or an edit (E7xx)."""

    code = "E701"


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
    "E104": "a source returned something other than its kind expects",
    "E105": "URL refused: not http(s), or a private/loopback address",
    "E106": "robots.txt disallows the URL",
    "E107": "HTTP error status",
    "E108": "timed out",
    "E109": "response larger than max_bytes",
    "E110": "redirect loop or too many redirects",
    "E111": "connection failed",
    "E112": "response truncated (shorter than its Content-Length)",
    "E113": "unknown source name",
    "E114": "a list page, feed or sitemap gave no item links",
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
    "E501": "file is not a bulletin (no known layout found)",
    "E502": "bulletin layout recognised but no item could be read",
    "E503": "unsupported bulletin file type",
    "E511": "not enough examples to train the template",
    "E512": "saved model missing, corrupt or made for other sections",
    "E521": "malformed input line for analyze",
    "E531": "template could not be written to jianbao.toml",
    "E601": "output folder cannot be written",
    "E602": "nothing to put in the bulletin",
    "E603": "unknown bulletin template",
    "E604": "unknown output format",
    "E605": "bulletin is published and frozen",
    "E606": "no bulletin with that id",
    "E607": "a renderer (PDF, DOCX) is not available or failed",
    "E701": "invalid user name or role",
    "E702": "password missing or too short",
    "E703": "unknown user",
    "E704": "source or item cannot be changed as asked",
}
