"""Which model serves which task: local paths first, then installed models fit for the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from photogen.models.choose import choose
from photogen.models.store import FileRecord, ModelStore


def _install(store: ModelStore, *names: str) -> None:
    for name in names:
        store.folder(name).mkdir(parents=True)
        store.write_manifest(name, f"repo/{name}", "e" * 40, {"a": FileRecord(1)})


def test_nothing_installed_means_the_studio_engine(store: ModelStore) -> None:
    assert choose("text-to-image", store, gpu=False) is None
    assert choose("matting", store, gpu=True) is None


def test_a_cpu_skips_models_too_big_for_it(store: ModelStore) -> None:
    _install(store, "flux-schnell")
    assert choose("text-to-image", store, gpu=False) is None
    picked = choose("text-to-image", store, gpu=True)
    assert picked is not None and picked.name == "flux-schnell"


def test_a_gpu_prefers_gpu_models_and_a_cpu_cpu_ones(store: ModelStore) -> None:
    _install(store, "lcm-dreamshaper", "flux-schnell", "birefnet", "birefnet-lite")
    assert choose("text-to-image", store, gpu=True).name == "flux-schnell"  # type: ignore[union-attr]
    assert choose("text-to-image", store, gpu=False).name == "lcm-dreamshaper"  # type: ignore[union-attr]
    assert choose("matting", store, gpu=True).name == "birefnet"  # type: ignore[union-attr]
    lite = choose("matting", store, gpu=False)
    assert lite is not None and lite.name == "birefnet-lite"
    assert lite.path == store.folder("birefnet-lite") / "onnx" / "model.onnx"


def test_edits_prefer_the_instruction_editor_and_it_never_draws_from_text(
    store: ModelStore,
) -> None:
    _install(store, "sd-turbo", "instruct-pix2pix")
    assert choose("image-to-image", store, gpu=False).name == "instruct-pix2pix"  # type: ignore[union-attr]
    assert choose("text-to-image", store, gpu=False).name == "sd-turbo"  # type: ignore[union-attr]


def test_local_paths_win_and_say_where_they_came_from(
    store: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(store, "lcm-dreamshaper", "birefnet-lite")
    picked = choose("text-to-image", store, gpu=False, model_dir=str(tmp_path / "cfg"))
    assert picked is not None and (picked.source, picked.spec) == ("model_dir", None)
    monkeypatch.setenv("PHOTOGEN_MODEL", str(tmp_path / "env"))
    monkeypatch.setenv("PHOTOGEN_MATTING_MODEL", str(tmp_path / "m.onnx"))
    assert choose("text-to-image", store, gpu=False, model_dir="x").path == tmp_path / "env"  # type: ignore[union-attr]
    assert choose("matting", store, gpu=False).source == "PHOTOGEN_MATTING_MODEL"  # type: ignore[union-attr]


def test_the_words_for_what_is_in_use_follow_what_is_installed(store: ModelStore) -> None:
    from photogen.models.summary import in_use

    photos = "Photos: the studio engine (`photogen-tui models pull lcm-dreamshaper`)"
    assert in_use(store) == [
        photos,
        '"make it ..." edits: classical grades',
        "Cut-outs: classical (GrabCut)",
    ]
    _install(store, "lcm-dreamshaper")
    assert in_use(store)[1] == '"make it ..." edits: classical grades', "it redraws, not edits"
    _install(store, "instruct-pix2pix", "birefnet-lite")
    assert in_use(store) == [
        "Photos: lcm-dreamshaper (installed)",
        '"make it ..." edits: instruct-pix2pix (installed)',
        "Cut-outs: birefnet-lite (installed)",
    ]
