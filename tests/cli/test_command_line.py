"""The command line as the README shows it: flags reach the app, help and version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from photogen import cli
from tests.cli.helpers import run_cli


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What ``photogen.ui.app.run_app`` (the app's entry point) was called with."""
    import photogen.ui.app

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(photogen.ui.app, "run_app", lambda **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"cloud": False, "session_id": None}),
        (["--cloud"], {"cloud": True, "session_id": None}),
        (["--session", "4711"], {"cloud": False, "session_id": "4711"}),
        (["--cloud", "--session", "4711"], {"cloud": True, "session_id": "4711"}),
        (["tui"], {"cloud": False, "session_id": None}),
        (["tui", "--cloud"], {"cloud": True, "session_id": None}),
        (["tui", "--session", "4711"], {"cloud": False, "session_id": "4711"}),
        (["--cloud", "tui"], {"cloud": True, "session_id": None}),
        (["--session", "4711", "tui", "--cloud"], {"cloud": True, "session_id": "4711"}),
    ],
)
def test_top_level_and_tui_flags_reach_the_app(
    argv: list[str], expected: dict[str, Any], app_calls: list[dict[str, Any]]
) -> None:
    assert cli.main(argv) == 0
    assert app_calls == [expected]


def test_generate_takes_cloud_before_or_after_the_command() -> None:
    parser = cli.build_parser()
    assert parser.parse_args(["--cloud", "generate", "a mug"]).cloud is True
    assert parser.parse_args(["generate", "a mug", "--cloud"]).cloud is True
    assert parser.parse_args(["generate", "a mug"]).cloud is False


def test_session_with_a_headless_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--session", "4711", "generate", "a mug"])
    assert stop.value.code == 2
    assert "--session is for the app" in capsys.readouterr().err


def test_version_goes_to_stdout(tmp_path: Path) -> None:
    import photogen

    for flag in ("--version", "-V"):
        result = run_cli(tmp_path, flag)
        assert result.returncode == 0
        assert result.stdout == f"photogen-tui {photogen.__version__}\n"
        assert result.stderr == ""


def test_help_ends_with_examples_environment_and_config_path(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    examples, environment, config = (
        text.index("examples:"),
        text.index("environment:"),
        text.index("config file"),
    )
    assert text.index("commands:") < examples < environment < config
    for name in ("NEMO_API_URL", "NEMO_TOKEN", "NEMO_CLIENT_ID", "NEMO_WEB_URL", "PHOTOGEN_MODEL"):
        assert name in text[environment:config]
    for example in ("photogen-tui --cloud", "photogen-tui --session", "--credits-per-image 0"):
        assert example in text[examples:environment]
    config_path = tmp_path / "config" / "photogen-tui" / "config.toml"
    assert text.rstrip().endswith(str(config_path))


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in ("tui", "serve", "generate"):
        result = run_cli(tmp_path, command, "--help")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"usage: photogen-tui {command}")


def test_without_the_engine_only_the_local_backend_is_refused(
    monkeypatch: pytest.MonkeyPatch,
    app_calls: list[dict[str, Any]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import photogen.installed

    monkeypatch.setattr(photogen.installed, "missing_local_modules", lambda: ["numpy"])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for name in ("NEMO_API_URL", "NEMO_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert cli.main([]) == 1
    assert "photogen-tui[local]" in capsys.readouterr().err
    assert cli.main(["--cloud"]) == 0
    monkeypatch.setenv("NEMO_API_URL", "http://127.0.0.1:8765")
    assert cli.main(["--session", "7"]) == 0
    assert app_calls == [
        {"cloud": True, "session_id": None},
        {"cloud": False, "session_id": "7"},
    ]
