"""Write the extraction fixtures in tests/fixtures/files/ (reproducible; outputs are committed).

Usage: .venv/bin/python scripts/make_fixtures.py [--out tests/fixtures/files]

Every HTML fixture starts with an HTML comment saying what it is and what extraction must find;
the binary and plain-text fixtures are described in tests/fixtures/files/README.md. The texts are
real-style Chinese ICT-industry news and notices. Needs fpdf2 (dev dependency) and a CJK font
from Debian's fonts-wqy-microhei or fonts-wqy-zenhei.
"""

from __future__ import annotations

import argparse
import io
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)

NOTICE_TITLE = "工业和信息化部关于推进5G轻量化（RedCap）技术演进和应用创新发展的通知"
NOTICE_PARAGRAPHS = (
    "各省、自治区、直辖市及计划单列市、新疆生产建设兵团工业和信息化主管部门，各省、自治区、"
    "直辖市通信管理局，中国电信集团有限公司、中国移动通信集团有限公司、中国联合网络通信集团有限公司：",
    "为贯彻落实党中央、国务院关于加快建设网络强国、数字中国的决策部署，推动5G轻量化技术演进和"
    "应用创新发展，现就有关事项通知如下。",
    "一、加快5G RedCap网络建设。到2025年，5G RedCap产业综合能力显著提升，新产品、新模式不断涌现，"
    "融合应用规模上量，安全能力同步增强。",
    "二、推动工业互联网融合应用。预计2024年工业互联网核心产业规模达1.35万亿元，"
    "各地要培育一批5G工厂和典型应用场景。",
)
PDF_TITLE = "关于推进5G轻量化技术演进和应用创新发展的通知"
NEWS_TITLE = "国常会推动人工智能赋能新型工业化"
NEWS_PARAGRAPHS = (
    "国务院常务会议12月18日召开，会议研究推动人工智能赋能新型工业化有关工作。",
    "会议指出，要以人工智能和制造业深度融合为主线，以智能制造为主攻方向，以场景应用为牵引，"
    "加快重点行业智能升级，大力发展智能产品，高水平赋能工业制造体系。",
    "业内专家认为，此举或将成为制造业转型升级的助推器，工业软件、工业机器人和算力基础设施"
    "将迎来新的发展机遇。",
)
TW_TITLE = "河南完成全球首個5G-A智能基站規模試商用部署"
TW_PARAGRAPHS = (
    "河南移動聯合華為在鄭州完成全球首個5G-A智能基站規模試商用部署，網絡下行峰值速率突破10Gbps。",
    "業內人士表示，5G-A將為工業互聯網、車聯網和低空經濟提供更強的網絡能力。",
)

GOV_NAV = """
<div class="top">
  <a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/zwfw/">政务服务</a> |
  <a href="/hdjl/">互动交流</a> | <a href="/english/">English</a>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
"""
GOV_FOOTER = """
<div class="tools">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】
  <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="footer">
  <p>主办单位：中华人民共和国工业和信息化部</p>
  <p>版权所有：中华人民共和国工业和信息化部 京ICP备04000001号</p>
</div>
"""


def _paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def gov_notice_page(header: str, head_extra: str = "", title_suffix: str = "") -> str:
    """A government-portal notice page with navigation, tool bar and footer furniture."""
    return f"""<!-- {header} -->
<html>
<head>
{head_extra}<title>{NOTICE_TITLE}{title_suffix}</title>
<link rel="stylesheet" href="/css/main.css">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
{GOV_NAV}
<div class="article">
  <h1>{NOTICE_TITLE}</h1>
  <div class="info">来源：工业和信息化部 &nbsp; 发布时间：2024-12-16 &nbsp; 浏览次数：1024</div>
  <div class="content">
{_paragraphs_html(NOTICE_PARAGRAPHS)}
<p>附件：<a href="/cms_files/2024/12/16/5G轻量化发展指南.pdf">
5G轻量化技术演进和应用创新发展指南</a></p>
<p style="text-align:right">工业和信息化部</p>
<p style="text-align:right">2024年12月16日</p>
  </div>
  <div class="editor">责任编辑：王小明</div>
</div>
{GOV_FOOTER}
</body>
</html>
"""


def news_page(header: str, head_extra: str, title: str, paragraphs: tuple[str, ...]) -> str:
    """A commercial news-portal article with a sidebar of related links."""
    related = "\n".join(
        f'<li><a href="/tech/2024-12-1{i}/doc-{i}.shtml">相关新闻标题第{i}条</a></li>'
        for i in range(1, 9)
    )
    return f"""<!-- {header} -->
<!DOCTYPE html>
<html>
<head>
{head_extra}<title>{title} - 新浪科技</title>
<link rel="canonical" href="https://tech.example.com.cn/roll/2024-12-19/doc-inccqwer.shtml">
</head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/tech/">科技</a> <a href="/mobile/">手机</a></div>
<div class="main">
  <h1 class="main-title">{title}</h1>
  <div class="date-source"><span class="date">2024年12月19日 10:30</span>
    <span class="source">来源：新浪科技</span></div>
  <div class="article">
    <p>本报记者 李明</p>
{_paragraphs_html(paragraphs)}
  </div>
  <p class="show_author">责任编辑：张三</p>
</div>
<div class="side"><h3>相关阅读</h3><ul>{related}</ul></div>
<div class="footer">Copyright &copy; 1996-2024 SINA Corporation, All Rights Reserved
新浪公司 版权所有</div>
</body>
</html>
"""


def tw_page(header: str, head_extra: str) -> str:
    """A traditional-Chinese news page (Taiwan / Hong Kong sites still use Big5)."""
    return f"""<!-- {header} -->
<html>
<head>
{head_extra}<title>{TW_TITLE}｜科技新報</title>
</head>
<body>
<div class="menu"><a href="/">首頁</a> <a href="/tech">科技</a></div>
<h1>{TW_TITLE}</h1>
<div class="meta">發布時間：2024/12/16 09:00</div>
{_paragraphs_html(TW_PARAGRAPHS)}
<div class="copy">版權所有 科技新報</div>
</body>
</html>
"""


def english_page() -> str:
    """An English news page: extraction must not assume Chinese."""
    return """<!-- english.html: an English technology news page (UTF-8, declared).
Expect: title "Chip exports rise as AI demand grows" (site suffix " - Example News" stripped),
published 2024-12-16 from article:published_time, language "en", body phrase
"shipments of AI accelerators", no "Subscribe to our newsletter". -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta property="og:title" content="Chip exports rise as AI demand grows">
<meta property="article:published_time" content="2024-12-16T08:30:00Z">
<title>Chip exports rise as AI demand grows - Example News</title>
</head>
<body>
<nav><a href="/">Home</a> <a href="/tech">Technology</a> <a href="/world">World</a></nav>
<article>
<h1>Chip exports rise as AI demand grows</h1>
<p>Semiconductor exports rose for the fifth month in a row in November, driven by strong
shipments of AI accelerators to data centre operators in North America and Europe.</p>
<p>Analysts said the growth would continue into next year as cloud providers expand capacity,
although export controls remain a risk for manufacturers that depend on overseas markets.</p>
<p>Memory makers also reported higher prices for high-bandwidth memory, which is used alongside
AI processors, and several firms announced new factories.</p>
</article>
<aside><p>Subscribe to our newsletter</p></aside>
<footer>Copyright 2024 Example News</footer>
</body>
</html>
"""


def html_fixtures() -> dict[str, bytes]:
    """Every HTML fixture: name -> bytes exactly as a server would send them."""
    files: dict[str, bytes] = {}
    files["gbk_no_charset.html"] = gov_notice_page(
        "gbk_no_charset.html: a MIIT-style notice page in GBK bytes with no charset anywhere. "
        "Expect: title from h1 (the <title> suffix _通知公告_中华人民共和国工业和信息化部 "
        "stripped), "
        "published 2024-12-16, source_name 工业和信息化部, one PDF attachment, body phrase "
        "5G RedCap产业综合能力显著提升, and none of 字体/打印本页/关闭窗口/责任编辑/版权所有.",
        title_suffix="_通知公告_中华人民共和国工业和信息化部",
    ).encode("gbk")
    files["gbk_declared_utf8.html"] = news_page(
        "gbk_declared_utf8.html: a news page whose meta says UTF-8 but whose bytes are GBK. "
        "Expect: encoding gb18030, title 国常会推动人工智能赋能新型工业化 (suffix - 新浪科技 "
        "stripped), published 2024-12-19 10:30, author 李明, source 新浪科技, canonical URL "
        "from link rel=canonical, no 责任编辑 or 相关新闻 lines.",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n',
        NEWS_TITLE,
        NEWS_PARAGRAPHS,
    ).encode("gbk")
    files["big5.html"] = tw_page(
        "big5.html: a traditional-Chinese page in Big5 bytes with no charset declared. "
        "Expect: encoding big5 (or a superset), title 河南完成全球首個5G-A智能基站規模試商用部署, "
        "published 2024-12-16 09:00, body phrase 網絡下行峰值速率突破10Gbps.",
        "",
    ).encode("big5")
    files["big5_declared.html"] = tw_page(
        "big5_declared.html: the same Big5 page with <meta charset=big5>. Same expectations.",
        '<meta charset="big5">\n',
    ).encode("big5")
    files["utf8_bom.html"] = gov_notice_page(
        "utf8_bom.html: the notice page in UTF-8 with a byte-order mark, a PubDate meta tag and "
        "a title suffix |中华人民共和国工业和信息化部. Expect: encoding utf-8, published "
        "2024-12-16 10:30 (from the meta tag), same title and body as gbk_no_charset.html.",
        head_extra='<meta name="PubDate" content="2024-12-16 10:30">\n',
        title_suffix="|中华人民共和国工业和信息化部",
    ).encode("utf-8-sig")
    damaged = gov_notice_page(
        "invalid_bytes_gbk.html: a GBK page declaring gb2312 with a few invalid bytes (0xFF) in "
        "its first paragraph. Expect: an Article with malformed=True and a problem naming the "
        "replaced characters, and the rest of the text intact (5G RedCap产业综合能力显著提升).",
        head_extra='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n',
    ).encode("gbk")
    marker = "为贯彻落实".encode("gbk")
    files["invalid_bytes_gbk.html"] = damaged.replace(marker, b"\xff" + marker + b"\xff", 1)
    files["empty.html"] = b""
    files["no_body.html"] = (
        "<!-- no_body.html: a page with a title and scripts but no body text "
        "(a JavaScript-only page). Expect: ExtractError E206, reason empty_shell. -->\n"
        "<html><head><meta charset='utf-8'><title>加载中</title>"
        "<script>window.location='/app';</script></head><body><div id='app'></div></body></html>"
    ).encode()
    files["english.html"] = english_page().encode("utf-8")
    return files


def non_article_fixtures() -> dict[str, bytes]:
    """Pages that are not articles (E206 with a reason) and articles that look a bit like them."""
    items = "\n".join(
        f'<li><a href="/zwgk/art/2024/art_{n}.html">{t}</a><span>2024-12-{d:02d}</span></li>'
        for n, (t, d) in enumerate(
            [
                ("工业和信息化部关于推进5G轻量化（RedCap）技术演进和应用创新发展的通知", 16),
                ("关于开展2024年工业互联网一体化进园区“百城千园行”活动的通知", 13),
                ("工业和信息化部办公厅关于组织开展2024年未来产业创新任务揭榜挂帅工作的通知", 12),
                ("关于公布2024年5G工厂名录的通知", 11),
                ("工业和信息化部关于印发《工业互联网标识解析体系“贯通”行动计划》的通知", 10),
                ("关于征求《算力基础设施高质量发展行动计划（征求意见稿）》意见的通知", 9),
                ("2024年1-11月通信业经济运行情况", 6),
                ("工业和信息化部关于第二批国家级智能制造示范工厂的公示", 5),
                ("关于做好2025年元旦春节期间通信网络保障工作的通知", 4),
                ("关于进一步加强电信和互联网行业网络安全工作的指导意见", 3),
                ("工业和信息化部等十部门关于印发《5G规模化应用“扬帆”行动升级方案》的通知", 2),
                ("关于2024年度信息通信业“双千兆”网络协同发展情况的通报", 1),
            ],
            start=1,
        )
    )
    list_page = f"""<!-- list_page.html: a gov-portal column page (通知公告) listing 12
notices with dates, pagination and the usual furniture, in GBK.
Expect: ExtractError E206, reason list_page. -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>通知公告_中华人民共和国工业和信息化部</title></head>
<body>
{GOV_NAV}
<div class="column"><h2>通知公告</h2>
<ul class="list">
{items}
</ul>
<div class="page">共 36 条 <a href="index_1.html">首页</a> <a href="index_1.html">上一页</a>
<a href="index_2.html">下一页</a> <a href="index_3.html">尾页</a> 第 1/3 页</div>
</div>
{GOV_FOOTER}
</body></html>
""".encode("gbk")
    login_wall = """<!-- login_wall.html: an industry-media article page whose text is
hidden behind a login form (the teaser is one line).
Expect: ExtractError E206, reason login_wall. -->
<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>运营商2025年算力网络投资展望_会员专享_通信产业网</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/yys/">运营商</a> <a href="/vip/">会员专享</a></div>
<h1>运营商2025年算力网络投资展望</h1>
<div class="info">2024-12-18 09:12 来源：通信产业网</div>
<div class="teaser"><p>本文为会员专享内容。</p></div>
<div class="login-box">
  <p>登录后可阅读全文，还没有账号？<a href="/register">免费注册</a></p>
  <form action="/login" method="post">
    <label>用户名</label><input type="text" name="user">
    <label>密码</label><input type="password" name="pass">
    <button type="submit">会员登录</button>
  </form>
</div>
<div class="footer">版权所有 通信产业网 京ICP备05000000号</div>
</body></html>
""".encode()
    error_page = """<!-- error_404.html: a "page not found" screen served with status 200,
as many CMSs do. Expect: ExtractError E206, reason error_page. -->
<html><head><meta charset="utf-8"><title>404 页面不存在 - 广东省通信管理局</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/xxgk/">信息公开</a>
<a href="/hdjl/">互动交流</a></div>
<div class="error"><h1>抱歉，您访问的页面不存在或已被删除！</h1>
<p>请检查您输入的网址是否正确，或 <a href="/">返回首页</a>。</p>
<p><span id="sec">5</span> 秒后自动跳转……</p></div>
<div class="footer">主办：广东省通信管理局 版权所有 粤ICP备05000000号</div>
</body></html>
""".encode()
    server_error = b"""<!-- error_500.html: a bare server error page (nginx style) with no
site furniture. Expect: ExtractError E206, reason error_page. -->
<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""
    about_login = """<!-- article_mentions_login.html: a real news article about login
pages and 404 errors; it talks about 登录 and 页面不存在 but is long prose.
Expect: an article (never rejected), title
一季度APP个人信息保护专项整治通报28款违规应用, published 2024-04-02 15:20,
source 人民邮电报. -->
<html><head><meta charset="utf-8">
<title>一季度APP个人信息保护专项整治通报28款违规应用_行业动态_人民邮电报</title></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/hydt/">行业动态</a></div>
<div class="article">
<h1>一季度APP个人信息保护专项整治通报28款违规应用</h1>
<div class="info">发布时间：2024-04-02 15:20　来源：人民邮电报　作者：王芳</div>
<p>工业和信息化部信息通信管理局日前通报了一季度APP个人信息保护专项整治的检查结果，28款应用因
强制用户登录、频繁索取权限等问题被责令整改。</p>
<p>检查发现，部分应用在用户未同意隐私政策时即收集设备信息，还有应用要求“请先登录”才能浏览公开内容，
拒绝登录则提示页面不存在或返回404错误，变相强迫用户提供手机号码。</p>
<p>信息通信管理局要求相关企业在7个工作日内完成整改，逾期未整改的将依法依规组织开展下架处置。
专家表示，登录墙和过度索权是当前用户投诉最集中的问题，监管部门将持续开展“回头看”。</p>
</div>
<div class="editor">责任编辑：李强</div>
<div class="footer">版权所有 人民邮电报社</div>
</body></html>
""".encode()
    short_notice = """<!-- notice_with_attachment.html: a gov notice whose page holds one
sentence and the document as a PDF attachment (common on 政府门户).
Expect: an article (not too_short because
of the attachment), title 关于公布2024年5G工厂名录的通知, published 2024-12-11,
one attachment. -->
<html><head><meta charset="utf-8"><title>关于公布2024年5G工厂名录的通知_通知公告_工信部</title>
<meta name="PubDate" content="2024-12-11 16:00"></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/tzgg/">通知公告</a></div>
<h1>关于公布2024年5G工厂名录的通知</h1>
<div class="content"><p>现将2024年5G工厂名录予以公布。</p>
<p>附件：<a href="/cms_files/2024/12/11/5G工厂名录.pdf">2024年5G工厂名录</a></p></div>
<div class="footer">版权所有 工业和信息化部</div>
</body></html>
""".encode()
    return {
        "list_page.html": list_page,
        "login_wall.html": login_wall,
        "error_404.html": error_page,
        "error_500.html": server_error,
        "article_mentions_login.html": about_login,
        "notice_with_attachment.html": short_notice,
    }


def plain_fixtures() -> dict[str, bytes]:
    """The .txt and .md fixtures (described in README.md: a header would become content)."""
    txt = "\n".join(
        [
            NEWS_TITLE,
            "",
            "来源：中国电子报    发布时间：2024年12月18日",
            "",
            *NEWS_PARAGRAPHS,
            "",
        ]
    )
    md = "\n".join(
        [
            f"# {NOTICE_TITLE}",
            "",
            "发布日期：2024-12-16",
            "",
            "> " + NOTICE_PARAGRAPHS[1],
            "",
            "## 主要任务",
            "",
            "- **加快网络建设**：" + NOTICE_PARAGRAPHS[2],
            "- *推动融合应用*：" + NOTICE_PARAGRAPHS[3],
            "",
            "详见[工业和信息化部网站](https://www.miit.gov.cn/)发布的`原文`。",
            "",
        ]
    )
    return {"article.txt": txt.encode("utf-8"), "article.md": md.encode("utf-8")}


def docx_bytes() -> bytes:
    """A good Chinese notice as DOCX: Title style, body paragraphs and a table."""
    from docx import Document

    document = Document()
    document.add_paragraph(NOTICE_TITLE, style="Title")
    for paragraph in NOTICE_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "2025年目标"
    table.cell(1, 0).text = "5G RedCap连接数"
    table.cell(1, 1).text = "超过1亿"
    document.add_paragraph("工业和信息化部办公厅")
    document.core_properties.created = datetime(2024, 12, 16, 9, 0)
    document.core_properties.author = "工业和信息化部"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(font: Path) -> bytes:
    """A two-page Chinese PDF: running header, page numbers, a paragraph wrapped over lines."""
    from fpdf import FPDF

    class Notice(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("wqy", size=9)
            self.cell(0, 8, "工业和信息化部文件", align="C", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("wqy", size=9)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Notice()
    pdf.add_font("wqy", fname=str(font))
    pdf.set_creation_date(datetime(2024, 12, 16, 9, 0))
    pdf.set_title("Microsoft Word - 通知.docx")  # a meaningless title: must be ignored
    pdf.add_page()
    pdf.set_font("wqy", size=16)
    pdf.multi_cell(0, 10, PDF_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("wqy", size=12)
    long_paragraph = "".join(NOTICE_PARAGRAPHS[1:])
    for paragraph in (NOTICE_PARAGRAPHS[0], long_paragraph):
        pdf.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.add_page()
    pdf.multi_cell(0, 8, NEWS_PARAGRAPHS[1], new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 8, "工业和信息化部", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, "2024年12月16日", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF page with only a drawing and no text layer, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2024, 12, 16, 9, 0))
    pdf.add_page()
    pdf.rect(20, 20, 170, 250)
    pdf.line(20, 20, 190, 270)
    return bytes(pdf.output())


def binary_fixtures() -> dict[str, bytes]:
    """DOCX and PDF fixtures, good and damaged."""
    font = next((f for f in FONTS if f.exists()), None)
    if font is None:
        raise SystemExit("no CJK font: apt-get install fonts-wqy-microhei")
    notice = docx_bytes()
    good_pdf = pdf_bytes(font)
    return {
        "notice.docx": notice,
        "truncated.docx": notice[: len(notice) // 2],
        "chinese.pdf": good_pdf,
        "corrupt.pdf": good_pdf[:400] + b"\x00garbage\x00" * 20,
        "scanned.pdf": scanned_pdf_bytes(),
    }


def main() -> None:
    """Write every fixture into the output folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    files = {
        **html_fixtures(),
        **non_article_fixtures(),
        **plain_fixtures(),
        **binary_fixtures(),
    }
    for name, data in sorted(files.items()):
        (args.out / name).write_bytes(data)
        print(f"{name:28} {len(data):7d} bytes")


if __name__ == "__main__":
    main()
