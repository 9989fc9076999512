"""The optional diffusers engine, on a tiny randomly initialised Stable Diffusion pipeline.

The test builds the pipeline (UNet, VAE, CLIP text encoder, a tokenizer from a vocabulary
it writes itself, DDIM scheduler), saves it with ``save_pretrained`` and loads it back
through ``DiffusionEngine``: the same code path as a real local model, with no download.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from photogen.engine import diffusion

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
)


def test_model_dir_env_wins_over_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(diffusion.MODEL_ENV, "/models/from-env")
    assert diffusion.model_dir_from_env_or_config("/models/config") == Path("/models/from-env")
    monkeypatch.delenv(diffusion.MODEL_ENV)
    assert diffusion.model_dir_from_env_or_config("/models/config") == Path("/models/config")
    assert diffusion.model_dir_from_env_or_config(None) is None
    assert diffusion.model_dir_from_env_or_config("  ") is None


def test_pick_device_respects_request_and_rejects_unknown() -> None:
    assert diffusion.pick_device("cpu") == "cpu"
    assert diffusion.pick_device("auto") in diffusion.DEVICES
    with pytest.raises(ValueError, match="unknown device"):
        diffusion.pick_device("tpu")


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="model folder not found"):
        diffusion.DiffusionEngine(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="model_index.json"):
        diffusion.DiffusionEngine(tmp_path)


def _byte_symbols() -> list[str]:
    """The 256 printable stand-ins byte-level BPE uses for bytes (as in GPT-2 and CLIP)."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    extra = iter(range(256, 512))
    return [chr(b) if b in printable else chr(next(extra)) for b in range(256)]


def _write_tokenizer_files(folder: Path) -> None:
    symbols = _byte_symbols()
    tokens = ["<|startoftext|>", "<|endoftext|>"] + symbols + [s + "</w>" for s in symbols]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps({t: i for i, t in enumerate(tokens)}))
    (folder / "merges.txt").write_text("#version: 0.2\n")


def _build_tiny_pipeline(folder: Path) -> None:
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(8, 16),
        layers_per_block=1,
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=16,
        attention_head_dim=4,
        norm_num_groups=4,
    )
    vae = AutoencoderKL(
        block_out_channels=(8, 16),
        in_channels=3,
        out_channels=3,
        latent_channels=4,
        down_block_types=("DownEncoderBlock2D",) * 2,
        up_block_types=("UpDecoderBlock2D",) * 2,
        norm_num_groups=4,
    )
    text_config = CLIPTextConfig(
        bos_token_id=0,
        eos_token_id=1,
        pad_token_id=1,
        hidden_size=16,
        intermediate_size=32,
        num_attention_heads=2,
        num_hidden_layers=2,
        vocab_size=600,
        max_position_embeddings=77,
    )
    _write_tokenizer_files(folder / "tokenizer_source")
    tokenizer = CLIPTokenizer.from_pretrained(folder / "tokenizer_source", model_max_length=77)
    pipeline = StableDiffusionPipeline(
        unet=unet,
        vae=vae,
        text_encoder=CLIPTextModel(text_config),
        tokenizer=tokenizer,
        scheduler=DDIMScheduler(beta_schedule="scaled_linear", clip_sample=False),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipeline.save_pretrained(folder / "tiny-sd")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> diffusion.DiffusionEngine:
    pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("models")
    _build_tiny_pipeline(folder)
    return diffusion.DiffusionEngine(folder / "tiny-sd", device="cpu")


def test_available_when_torch_and_diffusers_are_installed(engine) -> None:
    assert diffusion.available()
    assert engine.name == "diffusers:tiny-sd"


def test_text_to_image_is_sized_and_deterministic_by_seed(engine) -> None:
    first = engine.text_to_image("a bottle on white", seed=7, width=64, height=64, steps=2)
    again = engine.text_to_image("a bottle on white", seed=7, width=64, height=64, steps=2)
    other = engine.text_to_image("a bottle on white", seed=8, width=64, height=64, steps=2)
    assert first.size == (64, 64) and first.mode == "RGB"
    assert np.array_equal(np.asarray(first), np.asarray(again))
    assert not np.array_equal(np.asarray(first), np.asarray(other))


def test_text_to_image_rounds_odd_sizes_back_to_the_request(engine) -> None:
    image = engine.text_to_image("山水", seed=1, width=70, height=50, steps=2)
    assert image.size == (70, 50)


def test_image_to_image_keeps_size_and_is_deterministic(engine) -> None:
    from PIL import Image

    source = Image.new("RGB", (64, 64), (200, 120, 40))
    first = engine.image_to_image(source, "make it blue", seed=3, strength=0.6, steps=2)
    again = engine.image_to_image(source, "make it blue", seed=3, strength=0.6, steps=2)
    assert first.size == (64, 64)
    assert np.array_equal(np.asarray(first), np.asarray(again))


def test_working_size_is_the_native_area_at_the_requested_aspect(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert engine.native_side > 0
    monkeypatch.setattr(diffusion.DiffusionEngine, "native_side", property(lambda self: 512))
    width, height = engine.working_size(1080, 1920)
    assert width % 8 == 0 and height % 8 == 0
    assert abs(width * height - 512 * 512) / (512 * 512) < 0.05
    assert abs(width / height - 1080 / 1920) < 0.02
