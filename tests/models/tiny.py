"""Tiny models the tests build themselves: no download, same loading code as real ones.

- :func:`build_tiny_pipeline`: a randomly initialised Stable Diffusion pipeline (UNet,
  VAE, CLIP text encoder, a tokenizer from a vocabulary written here, DDIM scheduler)
  saved with ``save_pretrained``, optionally as the ``fp16`` variant;
- :func:`build_tiny_matting_graph`: an ONNX graph made with ``onnx.helper`` whose alpha
  is "red minus blue": red pixels are the subject, blue ones the background.
"""

from __future__ import annotations

import json
from pathlib import Path


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


def build_tiny_pipeline(folder: Path, variant: str | None = None, editor: bool = False) -> Path:
    """Saves a tiny random Stable Diffusion pipeline to ``folder``; returns ``folder``.

    ``editor``: an InstructPix2Pix pipeline instead (its UNet also reads the photo's latents).
    """
    import torch
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionInstructPix2PixPipeline,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTokenizer

    torch.manual_seed(0)
    unet = UNet2DConditionModel(
        block_out_channels=(8, 16),
        layers_per_block=1,
        sample_size=8,
        in_channels=8 if editor else 4,
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
    source = folder.parent / f"{folder.name}-tokenizer-source"
    _write_tokenizer_files(source)
    tokenizer = CLIPTokenizer.from_pretrained(source, model_max_length=77)
    kind = StableDiffusionInstructPix2PixPipeline if editor else StableDiffusionPipeline
    pipeline = kind(
        unet=unet,
        vae=vae,
        text_encoder=CLIPTextModel(text_config),
        tokenizer=tokenizer,
        scheduler=DDIMScheduler(beta_schedule="scaled_linear", clip_sample=False, steps_offset=1),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    if variant == "fp16":
        pipeline = pipeline.to(torch.float16)
    pipeline.save_pretrained(folder, variant=variant)
    return folder


def build_tiny_matting_graph(path: Path, side: int = 32) -> Path:
    """Writes a ``1x3xSxS -> 1x1xSxS`` logits graph: 10 * (red - blue) after normalising."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = numpy_helper.from_array(
        np.array([10.0, 0.0, -10.0], np.float32).reshape(1, 3, 1, 1), "weights"
    )
    bias = numpy_helper.from_array(np.zeros(1, np.float32), "bias")
    graph = helper.make_graph(
        [helper.make_node("Conv", ["input_image", "weights", "bias"], ["logits"])],
        "tiny-matting",
        [helper.make_tensor_value_info("input_image", TensorProto.FLOAT, [1, 3, side, side])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1, side, side])],
        [weights, bias],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path
