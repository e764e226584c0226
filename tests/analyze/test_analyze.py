"""analyze, train, templates and archive import, driven through the CLI on real workspaces."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from jianbao.analyze.model import analyze
from jianbao.analyze.regions import locate
from jianbao.cli import cli
from jianbao.settings import builtin_template, init_workspace, load_workspace
from tests.conftest import FIXTURES

SEED_001 = next((FIXTURES / "archive").glob("001_*.txt"))
SEED_000 = next((FIXTURES / "archive").glob("000_*.txt"))

# A newspaper page (tests/fixtures/analyze/README.md): one AI-policy story, then factory,
# tourism, railway, energy and farm stories, in that order.
NEWSPAPER_PAGE = [
    json.loads(line)
    for line in (FIXTURES / "analyze" / "newspaper_page.jsonl").read_text("utf-8").splitlines()
]


def _run(root: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--workspace", str(root), *args], input=input, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def _jsonl(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with 001 imported as `monthly` and 000 as the new template `weekly`, trained."""
    root = init_workspace(tmp_path_factory.mktemp("ws") / "ws").root
    assert _run(root, "archive", "import", str(SEED_001), "--template", "monthly")[0] == 0
    assert _run(root, "archive", "import", str(SEED_000), "--template", "weekly")[0] == 0
    assert _run(root, "train", "--template", "monthly")[0] == 0
    assert _run(root, "train", "--template", "weekly")[0] == 0
    return root


def _analyze(root: Path, template: str, records: list[dict[str, str]]) -> list[dict[str, object]]:
    code, stdout, _ = _run(root, "analyze", "--template", template, input=_jsonl(records))
    assert code == 0
    return [json.loads(x) for x in stdout.splitlines()]


@pytest.mark.parametrize("template", ["default", "monthly"])
def test_analyze_newspaper_page_only_the_ai_policy_story_is_relevant(
    trained: Path, template: str
) -> None:
    results = _analyze(trained, template, NEWSPAPER_PAGE)
    assert [r["relevant"] for r in results] == [True, False, False, False, False, False]
    assert results[0]["relevance"] > max(r["relevance"] for r in results[1:]) + 0.3


def test_analyze_default_template_works_with_zero_examples(workspace_root: Path) -> None:
    results = _analyze(workspace_root, "default", NEWSPAPER_PAGE[:1])
    result = results[0]
    sections = [s.name for s in builtin_template("default").sections]
    assert result["section"] == "政策资讯"
    assert set(result["section_scores"]) == set(sections)
    assert abs(sum(result["section_scores"].values()) - 1) < 1e-3
    assert result["region"] == "全国"
    assert result["model"] is None
    assert "人工智能+" in result["tags"]
    assert result["reason"]
    assert result["title"] == NEWSPAPER_PAGE[0]["title"]  # the record comes back whole


@pytest.fixture
def workspace_root(tmp_path: Path) -> Path:
    return init_workspace(tmp_path / "fresh").root


def test_analyze_malformed_lines_give_error_records_and_keep_order(workspace_root: Path) -> None:
    good = json.dumps(NEWSPAPER_PAGE[0], ensure_ascii=False)
    stdin = f'{good}\nnot json\n[1, 2]\n{{"title": 5}}\n\n{{"title": "", "text": ""}}\n{good}\n'
    code, stdout, stderr = _run(workspace_root, "analyze", input=stdin)
    assert code == 0
    lines = [json.loads(x) for x in stdout.splitlines()]
    assert len(lines) == 7
    assert [x.get("error", {}).get("code") for x in lines] == [
        None, "E521", "E521", "E521", "E521", None, None,
    ]  # fmt: skip
    assert [x.get("line") for x in lines[1:5]] == [2, 3, 4, 5]
    empty = lines[5]
    assert empty["relevance"] < 0.2
    assert empty["relevant"] is False
    assert "4 line(s)" in stderr


def test_train_saves_versioned_model_with_manifest(trained: Path) -> None:
    manifest_path = trained / "data" / "models" / "monthly" / "v1" / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    assert manifest["version"] == 1
    assert manifest["examples"] == 40
    assert len(manifest["data_hash"]) == 64
    assert 0.5 < manifest["metrics"]["cv_section_accuracy"] <= 1.0


def test_trained_model_reads_a_later_issue_by_structure(trained: Path) -> None:
    # Stories written for this test (not in 001) in the monthly bulletin's five sections.
    later = [
        ("产业环境", "工信部：前11个月电子信息制造业增加值同比增长9.5%",
         "工业和信息化部12月发布数据，前11个月规模以上电子信息制造业增加值同比增长9.5%，"
         "全国软件业务收入同比增长13%。"),
        ("运营竞争", "浙江杭州加快建设数字经济第一城 核心产业增加值突破5000亿元",
         "杭州市政府近日印发行动方案，提出打造数字经济第一城，全市数字经济核心产业增加值"
         "突破5000亿元，余杭、滨江等区加快建设产业园区。"),
        ("企业情报", "华为发布2023年年报 营收同比增长9.6%",
         "华为投资控股有限公司发布2023年年度报告，公司实现全球销售收入7042亿元，同比增长"
         "9.6%，董事长表示将持续加大研发投入。"),
        ("海外借鉴", "美国商务部宣布新一轮芯片出口管制措施",
         "美国商务部工业与安全局宣布对先进芯片出口实施新限制，日本、荷兰等国也跟进调整政策，"
         "欧盟表示将评估对欧洲半导体产业的影响。"),
    ]  # fmt: skip
    records = [{"title": t, "text": x} for _, t, x in later]
    results = _analyze(trained, "monthly", records)
    got = [r["section"] for r in results]
    assert got == [s for s, _, _ in later], got
    assert all(r["model"] == "monthly/v1" for r in results)


def test_import_creates_the_template_in_jianbao_toml(trained: Path) -> None:
    config = tomllib.loads((trained / "jianbao.toml").read_text("utf-8"))
    weekly = next(t for t in config["template"] if t["name"] == "weekly")
    assert weekly["layout"] == "tagged"
    assert [s["name"] for s in weekly["section"]] == [
        "软件产业", "互联网大厂动态", "集成电路和手机", "国际事件", "国家视点",
    ]  # fmt: skip
    assert load_workspace(trained).template("weekly").relevance_threshold == 0.5
    # monthly is built in: importing into it adds no block
    assert not any(t["name"] == "monthly" for t in config["template"])


def test_templates_lists_sections_and_example_counts(trained: Path) -> None:
    code, stdout, _ = _run(trained, "templates", "--json")
    assert code == 0
    report = {t["name"]: t for t in json.loads(stdout)}
    assert {"default", "monthly", "weekly"} <= set(report)
    monthly = {s["name"]: s["examples"] for s in report["monthly"]["sections"]}
    assert monthly == {"产业环境": 15, "运营竞争": 10, "技术情报": 7, "企业情报": 5, "海外借鉴": 3}
    assert report["monthly"]["model"] == "v1"
    assert all(s["examples"] == 0 for s in report["default"]["sections"])


def test_reimport_replaces_examples_and_tags_are_learned(trained: Path) -> None:
    assert _run(trained, "archive", "import", str(SEED_000), "--template", "weekly")[0] == 0
    code, stdout, _ = _run(trained, "templates", "--json")
    weekly = next(t for t in json.loads(stdout) if t["name"] == "weekly")
    assert sum(s["examples"] for s in weekly["sections"]) == 39
    record = {"title": "OpenAI发布新一代人工智能大模型", "text": "OpenAI发布人工智能大模型。"}
    result = _analyze(trained, "weekly", [record])[0]
    assert result["tags"][0] == "人工智能"  # the editors' own 标签 vocabulary comes first


def test_train_without_examples_is_a_coded_error(workspace_root: Path) -> None:
    code, _, stderr = _run(workspace_root, "train", "--template", "default")
    assert code == 1
    assert "E511" in stderr


def test_damaged_model_is_refused(trained: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(trained, copy)
    model = copy / "data" / "models" / "monthly" / "v1" / "model.pkl"
    model.write_bytes(model.read_bytes()[:100])
    code, _, stderr = _run(copy, "analyze", "--template", "monthly", input="{}\n")
    assert code == 1
    assert "E512" in stderr


def test_regions_gazetteer() -> None:
    assert locate("深圳市工信局印发措施", "", "广东").label == "广东·深圳"
    assert locate("深圳市工信局印发措施", "", "广东").scope == "home"
    assert locate("西部数据交易中心落户江北区", "重庆江北区").province == "重庆"
    assert locate("英特尔在新墨西哥州量产", "英特尔在美国新墨西哥州工厂").country == "美国"
    assert locate("宁德时代发布新电池", "宁德时代表示").scope != "province"
    assert locate("我国5G基站总数达414万个", "工信部数据显示，全国").label == "全国"
    assert locate("荣光不再 日本半导体产业谋振兴", "日本政府").country == "日本"


def test_analyze_library_call_on_english_text_does_not_break() -> None:
    result = analyze("Apple unveils new chip", "Apple said on Monday ...", builtin_template())
    assert result.section in {s.name for s in builtin_template().sections}
    assert 0 <= result.relevance <= 1


def test_english_tags_are_names_not_function_words() -> None:
    text = "Apple announced the M5 chip on Tuesday in Cupertino. The chip will power the MacBook."
    tags = analyze("Apple unveils new chip", text, builtin_template()).tags
    assert "Apple" in tags
    assert not {"the", "on", "in", "will", "announced", "unveils", "new"} & set(tags)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("苹果最新AI技术曝光", "foreign"),  # a foreign company: no country needed
        ("砸百亿美元 印度眼红半导体", "foreign"),
        ("工信部召集华为、腾讯、百度起草元宇宙标准", "ministry"),  # the first actor named
        ("国家统计局将加强数字经济统计", "ministry"),  # the longer name wins a tie
        ("腾讯回应64亿北京海淀拿地", "company"),
        ("收购上海芯超尚处前期 华嵘控股收上交所监管函", "company"),  # 上海 is 收购's object
        ("重庆将建设国家级区块链发展先导区", "local"),
        ("上万名艺术家对AI公司发起集体诉讼", None),  # 公司 names no one
        ("台积电或确定新厂选址", "company"),  # Taiwan is a province in the gazetteer
    ],
)
def test_subject_is_the_first_actor_the_headline_names(title: str, expected: str | None) -> None:
    from jianbao.analyze.features import subject

    assert subject(title) == expected


def test_structure_foreign_subject_puts_the_headline_abroad() -> None:
    from jianbao.analyze.document import prepare

    doc = prepare("谷歌发布新AI模型", "谷歌近日正式发布其最新的人工智能模型。")
    assert doc.structure.scope == "abroad"
    assert doc.region.scope == "unknown"  # the reported region stays the gazetteer's
    assert doc.structure.fired[0] == "subject_foreign"
    # a Chinese place in the headline wins over a foreign actor
    assert prepare("英特尔在成都投资建厂", "").structure.scope == "province"


def test_zero_shot_profile_reads_who_and_where_from_descriptions() -> None:
    from jianbao.analyze.classify import profile

    template = builtin_template("monthly")
    profiles = {s.name: profile(s, template.home_region) for s in template.sections}
    assert profiles["海外借鉴"].where == {"abroad"}
    assert profiles["海外借鉴"].subjects == {"foreign"}
    assert profiles["运营竞争"].where == {"province"}
    assert "local" in profiles["运营竞争"].subjects
    assert profiles["企业情报"].subjects == {"company"}  # 中国 inside 中国移动 is no 全国
    assert {"ministry", "national"} <= profiles["产业环境"].subjects


def test_monthly_heldout_labels_name_sample_articles_and_monthly_sections() -> None:
    root = Path(__file__).resolve().parents[2]
    articles = (root / "src" / "jianbao" / "data" / "sample" / "articles.jsonl").read_text("utf-8")
    sample = {json.loads(line)["id"]: json.loads(line) for line in articles.splitlines()}
    heldout = (root / "benchmarks" / "data" / "monthly_heldout.jsonl").read_text("utf-8")
    labels = [json.loads(line) for line in heldout.splitlines()]
    sections = {s.name for s in builtin_template("monthly").sections}
    assert len(labels) == len({x["id"] for x in labels}) == 64
    for label in labels:
        article = sample[label["id"]]
        assert article["seed"] != "001"  # never in the training bulletin
        assert label["title"] == article["title"]
        assert label["section"] in sections
        assert label["reason"]
