"""Settings: defaults, a full file, and typos that warn instead of crashing."""

from __future__ import annotations

from pathlib import Path

from photogen.core.backend import CLOUD_URL, resolve_backend
from photogen.core.settings import Settings, load_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings, warnings = load_settings(tmp_path / "nope.toml")
    assert warnings == []
    assert settings.backend == "local"
    assert settings.default_export == "mp4"
    assert settings.jpg_quality == 92
    assert settings.download_dir.name == "photogen"
    assert settings.intervals.render_poll_s == 30
    assert settings.intervals.still_working_s == 120


def test_full_file(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text(
        'backend = "http://127.0.0.1:9000"\ndownload_dir = "~/out"\ndefault_export = "PNG"\n'
        'jpg_quality = 80\nimage_protocol = "sixel"\ntheme = "nord"\nstreaming = true\n'
        '[keymap]\nexport-draft = "f5"\n[intervals]\nrender_poll_s = 0.5\nrender_max_polls = 3\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(file)
    assert warnings == []
    assert settings.backend == "http://127.0.0.1:9000"
    assert settings.download_dir == Path("~/out").expanduser()
    assert settings.default_export == "png"
    assert (settings.jpg_quality, settings.image_protocol, settings.theme) == (80, "sixel", "nord")
    assert settings.streaming is True
    assert settings.keymap == {"export-draft": "f5"}
    assert (settings.intervals.render_poll_s, settings.intervals.render_max_polls) == (0.5, 3)


def test_typos_and_bad_values_warn_and_keep_defaults(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text(
        'backnd = "cloud"\njpg_quality = 500\nimage_protocol = "vga"\nstreaming = "yes"\n'
        "[intervals]\nrender_pol_s = 1\nrender_max_polls = 2.5\n",
        encoding="utf-8",
    )
    settings, warnings = load_settings(file)
    assert len(warnings) == 6
    assert any('"backnd"' in w and 'did you mean "backend"' in w for w in warnings)
    assert any('did you mean "render_poll_s"' in w for w in warnings)
    assert settings.backend == "local"
    assert settings.jpg_quality == 92
    assert settings.image_protocol == "auto"
    assert settings.streaming is False
    assert settings.intervals.render_max_polls == 10


def test_broken_toml_warns(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text("backend = \n", encoding="utf-8")
    settings, warnings = load_settings(file)
    assert settings == Settings(config_path=file, download_dir=settings.download_dir)
    assert len(warnings) == 1 and "could not read" in warnings[0]


def test_backend_choice_follows_design_table() -> None:
    local = Settings()
    assert resolve_backend(local, env={}).kind == "local"
    assert resolve_backend(local, cloud=True, env={}).url == CLOUD_URL
    assert resolve_backend(local, env={"NEMO_TOKEN": "t"}).kind == "cloud"
    url = resolve_backend(local, env={"NEMO_API_URL": "http://127.0.0.1:8765/"})
    assert (url.kind, url.url, url.label) == ("url", "http://127.0.0.1:8765", "127.0.0.1:8765")
    assert resolve_backend(Settings(backend="cloud"), env={}).kind == "cloud"
    assert resolve_backend(Settings(backend="http://gpu:1"), env={}).url == "http://gpu:1"


def test_local_backend_polls_fast_unless_the_user_set_the_interval(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[intervals]\nrender_max_polls = 7\n", encoding="utf-8")
    settings, warnings = load_settings(config)
    settings.use_local_intervals()
    assert not warnings
    assert settings.intervals.render_poll_s < 1
    assert settings.intervals.render_max_polls == 7
    assert Settings().intervals.render_poll_s == 30


def test_interval_defaults_are_the_clients() -> None:
    from dataclasses import fields

    from photogen.client.settings import ClientSettings
    from photogen.wire.intervals import Intervals

    for field in fields(Intervals):
        assert field.default == ClientSettings.model_fields[field.name].default, field.name
