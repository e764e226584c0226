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

# A newspaper page: one AI-policy story among factory, tourism, railway, energy and farm news.
NEWSPAPER_PAGE = [
    {
        "title": "国务院印发《关于深入实施“人工智能+”行动的意见》",
        "text": "近日，国务院印发《关于深入实施“人工智能+”行动的意见》，提出加快人工智能与经济"
        "社会各领域深度融合，推动大模型、算力基础设施和数据要素市场建设，到2027年新一代智能终端"
        "、智能体等应用普及率超过70%。工业和信息化部表示，将加强算力统筹和开源生态建设。",
    },
    {
        "title": "我市纺织厂新厂房投产 年产能提升三成",
        "text": "昨日，位于城东工业园的一家纺织厂新厂房正式投产。新生产线投产后，工厂年产能将提升"
        "三成，可新增就业岗位200个。厂长介绍，今年订单已排到明年三月，产品主要销往华东地区的服装企业。",
    },
    {
        "title": "春节假期景区游客接待量创新高",
        "text": "春节假期，全市各大景区共接待游客120万人次，同比增长15%。旅游收入达8亿元，酒店入住率"
        "超过九成，美食街和民俗演出吸引了大量外地游客。",
    },
    {
        "title": "新建铁路线路开通运营 高铁直达省城",
        "text": "今天上午，新建铁路正式开通运营，首趟列车从新站驶出。高铁开通后，本地到省城的时间缩短"
        "至1小时，春运期间将加开动车组列车。",
    },
    {
        "title": "风电光伏装机容量突破新高 电网保供能力增强",
        "text": "截至去年底，全省风电、光伏发电装机容量达到3000万千瓦，电力供应保障能力明显增强。电网"
        "公司表示，今年将新建特高压线路，保障迎峰度夏用电。",
    },
    {
        "title": "小麦喜获丰收 农民种植积极性高涨",
        "text": "眼下正值夏收，全县50万亩小麦喜获丰收。农业部门介绍，今年粮食种植面积稳定，化肥使用量"
        "减少，农民增收明显。",
    },
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
    assert result["region"] == "全国" and result["model"] is None
    assert "人工智能+" in result["tags"] and result["reason"]
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
    assert empty["relevance"] < 0.2 and empty["relevant"] is False
    assert "4 line(s)" in stderr


def test_train_saves_versioned_model_with_manifest(trained: Path) -> None:
    manifest_path = trained / "data" / "models" / "monthly" / "v1" / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    assert manifest["version"] == 1 and manifest["examples"] == 40
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
    assert code == 1 and "E511" in stderr


def test_damaged_model_is_refused(trained: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(trained, copy)
    model = copy / "data" / "models" / "monthly" / "v1" / "model.pkl"
    model.write_bytes(model.read_bytes()[:100])
    code, _, stderr = _run(copy, "analyze", "--template", "monthly", input="{}\n")
    assert code == 1 and "E512" in stderr


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
