"""Fixtures: a fake hub on a free loopback port serving tiny models under real catalogue repos.

``hub`` serves, for each test, fresh copies of:

- ``SimianLuo/LCM_Dreamshaper_v7`` (catalogue ``lcm-dreamshaper``): a tiny random SD
  pipeline, plus decoys a pull must skip (a root checkpoint, pickles, fp16 weights,
  a safety checker);
- ``stabilityai/sd-turbo`` (``sd-turbo``): the same pipeline saved as the fp16 variant;
- ``onnx-community/BiRefNet_lite-ONNX`` (``birefnet-lite``): a tiny ONNX matting graph;
- ``black-forest-labs/FLUX.1-schnell`` (``flux-schnell``): gated, token ``good-token``;
- ``timbrooks/instruct-pix2pix`` (``instruct-pix2pix``): a tiny InstructPix2Pix pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from photogen.models.store import ModelStore
from tests.models.fakehub import FakeHub, FakeRepo, start_fake_hub

DECOYS = {
    "lcm_dreamshaper_v7_4k.safetensors": b"root checkpoint: never fetched" * 10,
    "unet/diffusion_pytorch_model.bin": b"pickle: never fetched",
    "unet/diffusion_pytorch_model.fp16.safetensors": b"fp16 variant: never fetched",
    "safety_checker/model.safetensors": b"safety checker: never fetched",
}


@pytest.fixture(scope="session")
def tiny_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tiny models, built once per run."""
    pytest.importorskip("huggingface_hub")
    from tests.models.tiny import build_tiny_matting_graph, build_tiny_pipeline

    root = tmp_path_factory.mktemp("tiny-models")
    folders = {"matting": build_tiny_matting_graph(root / "matting" / "onnx" / "model.onnx")}
    if _has_diffusers():
        folders["sd"] = build_tiny_pipeline(root / "sd")
        folders["sd-fp16"] = build_tiny_pipeline(root / "sd-fp16", variant="fp16")
        folders["ip2p"] = build_tiny_pipeline(root / "ip2p", editor=True)
    return folders


def _has_diffusers() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("torch", "diffusers", "transformers"))


@pytest.fixture
def hub(tiny_folders: dict[str, Path]) -> Iterator[FakeHub]:
    """A fake hub for one test, with its own faults and request log."""
    fake = FakeHub()
    matting = tiny_folders["matting"].parent.parent
    fake.repos["onnx-community/BiRefNet_lite-ONNX"] = FakeRepo.from_folder(
        matting, "a" * 40, extra={"onnx/model_fp16.onnx": b"fp16 graph: never fetched"}
    )
    if "sd" in tiny_folders:
        fake.repos["SimianLuo/LCM_Dreamshaper_v7"] = FakeRepo.from_folder(
            tiny_folders["sd"], "b" * 40, extra=DECOYS
        )
        fake.repos["stabilityai/sd-turbo"] = FakeRepo.from_folder(tiny_folders["sd-fp16"], "c" * 40)
        fake.repos["timbrooks/instruct-pix2pix"] = FakeRepo.from_folder(
            tiny_folders["ip2p"], "f" * 40
        )
        fake.repos["black-forest-labs/FLUX.1-schnell"] = FakeRepo.from_folder(
            tiny_folders["sd"], "d" * 40, gated_token="good-token"
        )
    server, thread = start_fake_hub(fake)
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _no_local_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local model paths from the developer's environment never win over what a test pulls."""
    monkeypatch.delenv("PHOTOGEN_MODEL", raising=False)
    monkeypatch.delenv("PHOTOGEN_MATTING_MODEL", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    """An empty models folder."""
    return ModelStore(tmp_path / "models")


@pytest.fixture
def needs_diffusers() -> None:
    """Skips a test where torch, diffusers or transformers is missing."""
    for module in ("torch", "diffusers", "transformers"):
        pytest.importorskip(module)
