"""A gov-portal-style web site on 127.0.0.1 for the tests, the benchmark and ``jianbao demo``.

``with serve_fixture_site() as site:`` starts a real HTTP server (stdlib ThreadingHTTPServer,
ephemeral port) and yields ``FixtureSite(url, log)``; ``log`` lists every request path in the
order it arrived, so a test can prove what was (never) requested. The content is built from the
bundled sample articles (``jianbao.demo.sample_articles()``):

- ``/xwdt/index.html``, ``index_1.html``, ``index_2.html``: a paginated UTF-8 list, linking also
  to every failure case below and to a path robots.txt disallows;
- ``/tzgg/index.html``: a list section and its articles in GBK (``charset=gb2312`` in a meta tag,
  none in the header); ``/api/list.json?page=N``: a JSON list endpoint;
- ``/rss.xml`` (RSS 2.0), ``/sitemap.xml`` (a sitemap index) and ``/bad-feed.xml`` (a feed cut
  off mid-item, with an unescaped ``&``);
- ``/zcfb/policy.html``: a policy notice with a PDF and a DOCX attachment;
- failures: ``/xwdt/missing.html`` 404, ``/xwdt/flaky.html`` 500 once then the page,
  ``/xwdt/slow.html`` answers after ``slow_seconds``, ``/loop/a.html`` redirects in a loop,
  ``/xwdt/huge.html`` is 10 MB, ``/xwdt/truncated.html`` is shorter than its Content-Length,
  ``/gone/index.html`` (a whole source) is 404; ``/private/`` is disallowed by robots.txt.

Every page has an ETag and a Last-Modified and answers 304 to a matching conditional GET.
``files/sources.toml`` holds the matching ``[[source]]`` entries (``{base}`` placeholders).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, select_autoescape

__all__ = [
    "FixtureSite",
    "build_site",
    "fixture_sources_toml",
    "serve_fixture_site",
    "write_fixture_sources",
]

HUGE_BYTES = 10 * 1024 * 1024  # the "10 MB page"
LAST_MODIFIED = "Mon, 16 Dec 2024 02:00:00 GMT"
PER_PAGE = 10
SITE = "示例工业和信息化门户"
# Which sample articles go where (indexes into sample_articles(), 104 of them).
GOV_NEWS = range(0, 30)  # /xwdt/ three list pages
FLAKY = 30  # served at /xwdt/flaky.html: 500 on the first request
GBK_NOTICES = range(31, 46)  # /tzgg/ in GBK
JSON_LIST = range(46, 66)  # /api/list.json
RSS = range(66, 81)  # /rss.xml
SITEMAP_ONLY = range(81, 103)  # only in the sitemap (which also repeats GOV_NEWS[:10])
POLICY = 103  # /zcfb/policy.html with attachments
BAD_FEED_ITEMS = 3  # well-formed items before /bad-feed.xml breaks


@dataclass(slots=True)
class Response:
    """A prepared response."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class FixtureSite:
    """A running fixture site: its base URL and the log of request paths it received."""

    url: str
    log: list[str]
    pages: dict[str, Response]
    agents: list[str]  # the User-Agent of each request, in the order of ``log``
    article_paths: dict[str, str]  # sample id -> path of its article page

    def requested(self, path: str) -> int:
        """How many times ``path`` (with its query) was requested."""
        return sum(1 for p in self.log if p == path)


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(autoescape=select_autoescape(default=True))


def _template(name: str) -> Any:
    text = resources.files(__name__).joinpath("files", name).read_text("utf-8")
    return _env().from_string(text)


def _file(name: str) -> bytes:
    return resources.files(__name__).joinpath("files", name).read_bytes()


def _compiled(article: dict[str, Any]) -> str:
    from jianbao.demo import COMPILED

    return COMPILED.get(str(article.get("seed")), "")


def _article_path(section: str, article: dict[str, Any]) -> str:
    published = article.get("published") or ""
    if published:
        day = published[:10].replace("-", "")
        return f"/{section}/{day[:6]}/t{day}_{article['id']}.html"
    return f"/{section}/art/{article['id']}.html"


def _article_html(
    article: dict[str, Any],
    url: str,
    column: str,
    *,
    charset: str = "utf-8",
    attachments: list[tuple[str, str]] | None = None,
) -> str:
    return str(
        _template("article.html.j2").render(
            charset=charset,
            title=article["title"],
            column=column,
            site=SITE,
            url=url,
            # A portal shows some date on every page: for a sample article whose own date is
            # unknown, the week its bulletin was compiled (demo.COMPILED).
            published=article.get("published") or _compiled(article),
            source=article.get("source_name") or SITE,
            paragraphs=[p for p in article["text"].split("\n") if p.strip()],
            attachments=attachments or [],
        )
    )


def _list_html(
    column: str,
    items: list[dict[str, str]],
    *,
    charset: str = "utf-8",
    list_class: str = "list",
    date_class: str = "date",
    prev: str | None = None,
    next_: str | None = None,
    pages: int = 1,
) -> str:
    return str(
        _template("list.html.j2").render(
            charset=charset,
            column=column,
            site=SITE,
            items=items,
            list_class=list_class,
            date_class=date_class,
            prev=prev,
            next=next_,
            pages=pages,
        )
    )


def _item(article: dict[str, Any], href: str) -> dict[str, str]:
    return {"href": href, "title": article["title"], "date": article.get("published") or ""}


def _rss(base: str, entries: list[tuple[dict[str, Any], str]], *, broken: bool = False) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{SITE} RSS</title><link>{base}/</link><description>示例订阅</description>",
    ]
    for article, path in entries:
        date = ""
        if article.get("published"):
            y, m, d = (int(x) for x in article["published"][:10].split("-"))
            stamp = time.strftime("%a, %d %b %Y 08:00:00 +0800", (y, m, d, 8, 0, 0, 0, 1, 0))
            date = f"<pubDate>{stamp}</pubDate>"
        parts.append(
            f"<item><title>{escape(article['title'])}</title><link>{base}{path}</link>"
            f"<guid>{base}{path}</guid>{date}</item>"
        )
    if broken:
        # An unescaped ampersand, an unclosed tag, and the file cut off mid-item: what a CMS
        # that builds XML by string concatenation and a dropped connection produce.
        parts.append("<item><title>工信部 & 通信管理局联合通知<description><p>未闭合")
        parts.append("<item><title>被截断的条目")
        return "\n".join(parts).encode("utf-8")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def build_site(base: str) -> tuple[dict[str, Response], dict[str, str]]:
    """All static pages of the site for ``base`` (path -> response), and article paths by id."""
    from jianbao.demo import sample_articles

    articles = sample_articles()
    pages: dict[str, Response] = {}
    paths: dict[str, str] = {}

    def page(path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        pages[path] = Response(data, content_type)

    def article_page(index: int, section: str, column: str, path: str | None = None) -> str:
        article = articles[index]
        path = path or _article_path(section, article)
        page(path, _article_html(article, base + path, column))
        paths[article["id"]] = path
        return path

    # -- /xwdt/: the paginated UTF-8 list, with every failure case linked from page one.
    news = [(articles[i], article_page(i, "xwdt", "新闻动态")) for i in GOV_NEWS]
    flaky = article_page(FLAKY, "xwdt", "新闻动态", "/xwdt/flaky.html")
    failures = [
        {"href": "/private/internal-notice.html", "title": "内部通知：机关内部办公事项安排"},
        {"href": "/xwdt/missing.html", "title": "已删除的新闻：页面不存在的示例"},
        {"href": flaky, "title": articles[FLAKY]["title"], "date": ""},
        {"href": "/xwdt/slow.html", "title": "响应很慢的页面：服务器超时示例"},
        {"href": "/loop/a.html", "title": "循环跳转的页面：重定向死循环示例"},
        {"href": "/xwdt/huge.html", "title": "超大页面：十兆字节的示例页面"},
        {"href": "/xwdt/truncated.html", "title": "被截断的页面：内容长度不符示例"},
    ]
    count = (len(news) + PER_PAGE - 1) // PER_PAGE
    for number in range(count):
        chunk = news[number * PER_PAGE : (number + 1) * PER_PAGE]
        items = [_item(a, p) for a, p in chunk]
        if number == 0:
            items = items[:3] + failures + items[3:]
            # the same article again, reached through a share link with tracking parameters
            items.append(
                _item(chunk[0][0], chunk[0][1] + "?utm_source=wechat&spm=a2c4.1&from=timeline")
            )
        if number == 1:
            items.append(_item(news[0][0], news[0][1]))  # listed again on page two
        name = "index.html" if number == 0 else f"index_{number}.html"
        prev = (
            None if number == 0 else ("index.html" if number == 1 else f"index_{number - 1}.html")
        )
        next_ = f"index_{number + 1}.html" if number + 1 < count else None
        page(
            f"/xwdt/{name}",
            _list_html("新闻动态", items, list_class="list", prev=prev, next_=next_, pages=count),
        )

    # -- /tzgg/: list and articles in GBK, declared only in a meta tag (as gb2312).
    gbk_items = []
    for i in GBK_NOTICES:
        article = articles[i]
        path = _article_path("tzgg", article)
        html = _article_html(article, base + path, "通知公告", charset="gb2312")
        pages[path] = Response(html.encode("gb18030"), "text/html")
        paths[article["id"]] = path
        gbk_items.append(_item(article, path))
    gbk_list = _list_html("通知公告", gbk_items, charset="gb2312", date_class="time")
    pages["/tzgg/index.html"] = Response(gbk_list.encode("gb18030"), "text/html")

    # -- /api/list.json?page=N: the JSON endpoint behind a modern list page.
    rows = []
    for i in JSON_LIST:
        article = articles[i]
        path = article_page(i, "dt", "动态")
        when = article.get("published")
        rows.append(
            {"title": article["title"], "url": path, "pubDate": f"{when} 10:00:00" if when else ""}
        )
    total_pages = (len(rows) + PER_PAGE - 1) // PER_PAGE
    for number in range(1, total_pages + 2):  # one page past the end: an empty list
        rows_page = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
        payload = {
            "code": 0,
            "msg": "success",
            "data": {"total": len(rows), "page": number, "list": rows_page},
        }
        page(
            f"/api/list.json?page={number}",
            json.dumps(payload, ensure_ascii=False),
            "application/json; charset=utf-8",
        )

    # -- /rss.xml and the malformed /bad-feed.xml
    rss_entries = [(articles[i], article_page(i, "hyzx", "行业资讯")) for i in RSS]
    page("/rss.xml", _rss(base, rss_entries), "application/rss+xml; charset=utf-8")
    page(
        "/bad-feed.xml",
        _rss(base, rss_entries[:BAD_FEED_ITEMS], broken=True),
        "application/rss+xml; charset=utf-8",
    )

    # -- /sitemap.xml (an index) -> /sitemap-news.xml
    sitemap_paths = [(articles[i], article_page(i, "qyxx", "企业资讯")) for i in SITEMAP_ONLY]
    sitemap_paths += news[:PER_PAGE]
    urls = "".join(
        f"<url><loc>{base}{p}</loc>"
        + (f"<lastmod>{a['published'][:10]}</lastmod>" if a.get("published") else "")
        + "</url>"
        for a, p in sitemap_paths
    )
    page(
        "/sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/'
        f'schemas/sitemap/0.9"><sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>',
        "application/xml",
    )
    page(
        "/sitemap-news.xml",
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{urls}</urlset>',
        "application/xml",
    )

    # -- /zcfb/policy.html with a PDF and a DOCX attachment
    policy = articles[POLICY]
    attachments = [
        ("附件1：关于推进5G轻量化技术演进和应用创新发展的通知.pdf", "/zcfb/files/policy.pdf"),
        ("附件2：通知全文.docx", "/zcfb/files/notice.docx"),
    ]
    page(
        "/zcfb/policy.html",
        _article_html(policy, base + "/zcfb/policy.html", "政策发布", attachments=attachments),
    )
    paths[policy["id"]] = "/zcfb/policy.html"
    page("/zcfb/files/policy.pdf", _file("policy.pdf"), "application/pdf")
    page(
        "/zcfb/files/notice.docx",
        _file("notice.docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    # -- home, robots.txt, and the page robots.txt forbids (it must never be asked for)
    page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain; charset=utf-8")
    page("/private/internal-notice.html", "<html><body>robots.txt forbids this page</body></html>")
    home_links = "".join(
        f'<li><a href="{href}">{name}</a></li>'
        for href, name in (
            ("/xwdt/index.html", "新闻动态"),
            ("/tzgg/index.html", "通知公告"),
            ("/zcfb/policy.html", "政策发布"),
            ("/rss.xml", "RSS订阅"),
            ("/sitemap.xml", "网站地图"),
        )
    )
    page("/", f"<html><head><title>{SITE}</title></head><body><ul>{home_links}</ul></body></html>")
    page("/index.html", pages["/"].body)
    for response in pages.values():
        digest = hashlib.sha256(response.body).hexdigest()[:20]
        response.headers["ETag"] = f'"{digest}"'
        response.headers["Last-Modified"] = LAST_MODIFIED
    return pages, paths


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the site keeps its own log."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        server = self.server
        server.agents.append(self.headers.get("User-Agent", ""))
        server.log.append(self.path)
        path = self.path
        try:
            special = _SPECIAL.get(urlsplit(path).path)
            if special is not None:
                getattr(self, special)()
                return
            response = server.pages.get(path)
            if response is None:
                self._send(
                    Response(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
                )
                return
            if self.headers.get("If-None-Match") == response.headers.get("ETag"):
                self.send_response(304)
                self.send_header("ETag", response.headers["ETag"])
                self.end_headers()
                return
            self._send(response)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout, size cap): expected for the failure cases

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    # -- failure cases -------------------------------------------------------------------

    def _flaky(self) -> None:
        with self.server.lock:
            self.server.flaky_hits += 1
            first = self.server.flaky_hits == 1
        if first:
            self._send(Response(b"<html><body>500 Internal Server Error</body></html>", status=500))
        else:
            self._send(self.server.pages["/xwdt/flaky.html"])

    def _slow(self) -> None:
        time.sleep(self.server.slow_seconds)
        self._send(Response(b"<html><body><p>finally</p></body></html>"))

    def _loop_a(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/loop/b.html")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _loop_b(self) -> None:
        self.send_response(301)
        self.send_header("Location", "/loop/a.html")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self) -> None:
        # No Content-Length: the body ends when the connection closes, so only a streaming
        # size cap stops the client from reading all of it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = ("<p>" + "大" * 2000 + "</p>\n").encode("utf-8")
        self.wfile.write(b"<html><body>")
        sent = 0
        while sent < HUGE_BYTES:
            self.wfile.write(chunk)
            sent += len(chunk)
        self.wfile.write(b"</body></html>")

    def _truncated(self) -> None:
        body = ("<html><body><h1>被截断的页面</h1><p>" + "内容" * 300).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body) * 10))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


# Paths answered by a handler method instead of a prepared page.
_SPECIAL = {
    "/xwdt/flaky.html": "_flaky",
    "/xwdt/slow.html": "_slow",
    "/loop/a.html": "_loop_a",
    "/loop/b.html": "_loop_b",
    "/xwdt/huge.html": "_huge",
    "/xwdt/truncated.html": "_truncated",
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, slow_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list[str] = []
        self.agents: list[str] = []
        self.pages: dict[str, Response] = {}
        self.lock = threading.Lock()
        self.flaky_hits = 0
        self.slow_seconds = slow_seconds


@contextmanager
def serve_fixture_site(*, slow_seconds: float = 3.0) -> Iterator[FixtureSite]:
    """Serve the fixture site on 127.0.0.1 (ephemeral port) while the block runs."""
    server = _Server(slow_seconds)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.pages, paths = build_site(base)
    thread = threading.Thread(target=server.serve_forever, name="fixture-site", daemon=True)
    thread.start()
    try:
        yield FixtureSite(
            url=base,
            log=server.log,
            pages=server.pages,
            agents=server.agents,
            article_paths=paths,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def fixture_sources_toml(base: str) -> str:
    """The fixture site's ``[[source]]`` entries for a site served at ``base``."""
    return _file("sources.toml").decode("utf-8").replace("{base}", base.rstrip("/"))


# Settings that make collecting the local site quick; `allow_private_addresses` is what lets
# jianbao fetch from 127.0.0.1 at all.
FIXTURE_COLLECT = {
    "allow_private_addresses": "true",
    "concurrency_per_host": "8",
    "delay_seconds": "0",
    "timeout_seconds": "1.0",
    "retries": "1",
    "backoff_seconds": "0.05",
}


def write_fixture_sources(
    workspace_root: str | Path, base: str, collect: dict[str, str] | None = None
) -> None:
    """Append the fixture sources and a ``[collect]`` table to a workspace's jianbao.toml."""
    path = Path(workspace_root) / "jianbao.toml"
    settings = {**FIXTURE_COLLECT, **(collect or {})}
    table = "\n[collect]\n" + "".join(f"{k} = {v}\n" for k, v in settings.items())
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + table + "\n" + fixture_sources_toml(base))
