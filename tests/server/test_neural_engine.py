"""The optional diffusers engine behind the server: used when a model folder is set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import Api

# diffusers and transformers warn about their own deprecations while loading a pipeline.
pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
)


def _one_photo(url: str, tmp: Path) -> dict[str, Any]:
    api = Api(url)
    try:
        api.login()
        api.new_session()
        api.run("a red mug on a wooden table")
        media = api.state()["generated_media"]
    finally:
        api.close()
    assert len(media) == 1
    return media[0]  # type: ignore[no-any-return]


def test_a_model_folder_that_cannot_load_falls_back_to_studio_and_says_so(
    live_server: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PHOTOGEN_MODEL", raising=False)
    live = live_server(model_dir=str(tmp_path / "no-such-model"))
    photo = _one_photo(live.url, tmp_path)
    assert photo["engine"].startswith("photogen-studio")
    assert any("could not load" in note for note in photo["notes"])


def test_a_local_model_folder_makes_the_photos(
    live_server: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    pytest.importorskip("transformers")
    from tests.models.tiny import build_tiny_pipeline

    build_tiny_pipeline(tmp_path / "tiny-sd")
    monkeypatch.setenv("PHOTOGEN_MODEL", str(tmp_path / "tiny-sd"))
    live = live_server()
    photo = _one_photo(live.url, tmp_path)
    assert photo["engine"] == "diffusers:tiny-sd"
    assert (photo["width"], photo["height"]) == (1080, 1080)
