"""Workspace discovery and typed settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from jianbao.errors import ConfigError
from jianbao.settings import (
    CONFIG_NAME,
    builtin_template,
    init_workspace,
    load_workspace,
)


def test_init_writes_commented_config_and_data(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "w")
    text = (tmp_path / "w" / CONFIG_NAME).read_text("utf-8")
    assert text.count("\n#") > 10  # commented for humans
    assert (tmp_path / "w" / "data").is_dir()
    assert ws.database_url.endswith("/w/data/jianbao.db")


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    with pytest.raises(ConfigError) as info:
        init_workspace(tmp_path)
    assert info.value.code == "E005"
    init_workspace(tmp_path, force=True)


def test_find_workspace_from_a_subfolder(tmp_path: Path) -> None:
    init_workspace(tmp_path)
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert load_workspace(cwd=sub).root == tmp_path.resolve()


def test_find_workspace_prefers_flag_then_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    init_workspace(one)
    init_workspace(two)
    monkeypatch.setenv("JIANBAO_HOME", str(two))
    assert load_workspace(cwd=one).root == two.resolve()
    assert load_workspace(one, cwd=tmp_path).root == one.resolve()


def test_no_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_workspace(cwd=tmp_path)
    assert info.value.code == "E004"
    assert "jianbao init" in str(info.value)


def test_unknown_key_names_key_file_line_and_fix(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    text = ws.config_path.read_text("utf-8").replace(
        'out_dir = "out"', 'out_dir = "out"\ndatabse_url = "sqlite:///x.db"'
    )
    ws.config_path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path)
    message = str(info.value)
    assert info.value.code == "E002"
    assert "settings.databse_url" in message
    assert str(ws.config_path) in message
    line = text.splitlines().index('databse_url = "sqlite:///x.db"') + 1
    assert f"line {line}" in message
    assert "database_url" in message  # the fix lists the real key


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("max_file_mb = 50", 'max_file_mb = "lots"', "settings.max_file_mb"),
        ('timezone = "Asia/Shanghai"', 'timezone = "Mars/Base"', "settings.timezone"),
        ('layout = "digest"', 'layout = "weekly"', "template[0].layout"),
        ('database_url = ""', 'database_url = "jianbao.db"', "settings.database_url"),
    ],
)
def test_bad_value_names_key_and_file(tmp_path: Path, old: str, new: str, key: str) -> None:
    ws = init_workspace(tmp_path)
    text = ws.config_path.read_text("utf-8")
    assert old in text
    ws.config_path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path)
    assert info.value.code == "E003"
    assert key in str(info.value)
    assert CONFIG_NAME in str(info.value)


def test_broken_toml_is_e001(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    ws.config_path.write_text("[settings\nx = 1\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path)
    assert info.value.code == "E001"


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init_workspace(tmp_path)
    monkeypatch.setenv("JIANBAO_MAX_FILE_MB", "7")
    monkeypatch.setenv("JIANBAO_DATABASE_URL", f"sqlite:///{tmp_path}/other.db")
    ws = load_workspace(tmp_path)
    assert ws.settings.max_file_mb == 7
    assert ws.database_url == f"sqlite:///{tmp_path}/other.db"
    monkeypatch.setenv("JIANBAO_MAX_FILE_MB", "-3")
    with pytest.raises(ConfigError) as info:
        load_workspace(tmp_path)
    assert info.value.code == "E003"


def test_default_template_matches_the_builtin_one(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    assert ws.template("default") == builtin_template("default")
    names = [s.name for s in ws.template("default").sections]
    assert names == ["政策资讯", "行业资讯", "国内资讯", "省内资讯", "企业资讯"]


def test_unknown_template_lists_known_ones(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path)
    with pytest.raises(ConfigError) as info:
        ws.template("weekly")
    assert info.value.code == "E603"
    assert "default" in str(info.value)


def test_builtin_templates_are_valid_toml() -> None:
    from importlib import resources

    folder = resources.files("jianbao").joinpath("data", "templates")
    names = [p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")]
    assert {"default", "monthly"} <= set(names)
    for name in names:
        tomllib.loads(folder.joinpath(f"{name}.toml").read_text("utf-8"))
        assert builtin_template(name).sections
