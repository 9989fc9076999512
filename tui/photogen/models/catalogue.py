"""The models ``photogen-tui models pull`` knows: a data table, checked against the hub on pull.

Each entry names a Hugging Face repository, the files to fetch (glob patterns over the
repository's listing, as ``snapshot_download`` takes them), its licence and whether that
licence allows commercial use (the users are marketers: this matters), and how fast it is
expected to run. Sizes are approximate download sizes worked out from parameter counts
and precision; ``pull`` prints the real total from the hub's metadata before it starts.

Speeds say their basis: "estimated" figures come from parameter counts and published
reports, not from a run here (this machine cannot reach the hub); "measured" ones name
the machine and the command that measured them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Task = Literal["text-to-image", "image-to-image", "matting"]
Runtime = Literal["diffusers", "onnx"]

GB = 1_000_000_000
MB = 1_000_000


@dataclass(frozen=True)
class Licence:
    """A model's licence, in plain words.

    Attributes:
        name: the licence's name as its model card gives it.
        url: where its text is.
        commercial: whether it lets a business use the pictures and the model for work
            without a separate agreement.
        note: what a user must know beyond yes or no.
    """

    name: str
    url: str
    commercial: bool
    note: str = ""


@dataclass(frozen=True)
class Speed:
    """Expected time for one picture, and what the figure rests on."""

    text: str
    basis: Literal["measured", "estimated"] = "estimated"


@dataclass(frozen=True)
class DiffusionSettings:
    """How a diffusers model is run.

    Attributes:
        steps: denoising steps per picture (few-step models use 1-4).
        guidance: classifier-free guidance scale (0 for distilled models).
        native_side: the square side it was trained at; pictures are drawn at that area.
        variant: the weight variant to fetch and load (``"fp16"``) or None for the default.
        gpu_dtype: the torch dtype on a GPU (``float16`` or ``bfloat16``); CPUs use float32.
        edit: True for instruction editors (InstructPix2Pix) that take the photo as input.
    """

    steps: int
    guidance: float
    native_side: int
    variant: str | None = None
    gpu_dtype: str = "float16"
    edit: bool = False


@dataclass(frozen=True)
class MattingSettings:
    """How an ONNX matting graph is fed.

    Attributes:
        file: the ONNX file inside the repository.
        input_side: the square side the graph takes.
        mean: per-channel mean subtracted from RGB in 0-1.
        std: per-channel divisor after that.
        activation: ``"sigmoid"`` when the graph outputs logits, ``"none"`` for 0-1 maps.
    """

    file: str
    input_side: int = 1024
    mean: tuple[float, float, float] = (0.485, 0.456, 0.406)
    std: tuple[float, float, float] = (0.229, 0.224, 0.225)
    activation: Literal["sigmoid", "none"] = "sigmoid"


@dataclass(frozen=True)
class ModelSpec:
    """One model of the catalogue.

    Attributes:
        name: the short name users type (``models pull NAME``).
        title: one line for lists.
        tasks: what the app can do with it.
        runtime: ``diffusers`` (a pipeline folder) or ``onnx`` (one graph file).
        repo_id: the Hugging Face repository.
        allow: glob patterns of the files to fetch.
        ignore: glob patterns never fetched, even when ``allow`` matches.
        approx_bytes: expected download size.
        licence: the licence and whether it allows commercial use.
        speed: expected time per picture, with its basis.
        hardware: where it is meant to run: ``cpu`` (any machine) or ``gpu``.
        gated: the hub asks users to accept terms first (then set ``HF_TOKEN``).
        revision: branch, tag or commit to fetch.
        diffusion: settings for ``diffusers`` models.
        matting: settings for ``onnx`` matting models.
    """

    name: str
    title: str
    tasks: tuple[Task, ...]
    runtime: Runtime
    repo_id: str
    allow: tuple[str, ...]
    approx_bytes: int
    licence: Licence
    speed: Speed
    hardware: Literal["cpu", "gpu"]
    ignore: tuple[str, ...] = ()
    gated: bool = False
    revision: str = "main"
    diffusion: DiffusionSettings | None = None
    matting: MattingSettings | None = None

    @property
    def hub_url(self) -> str:
        """The repository's page (for the licence and, if gated, accepting its terms)."""
        return f"https://huggingface.co/{self.repo_id}"


def _pipeline_files(components: tuple[str, ...], weights: str) -> tuple[str, ...]:
    """Patterns for a diffusers folder: the index, every component's configs and weights."""
    patterns = ["model_index.json"]
    for component in components:
        patterns += [f"{component}/*.json", f"{component}/*.txt", f"{component}/*.model"]
        patterns.append(f"{component}/{weights}")
    return tuple(patterns)


_SD_PARTS = ("scheduler", "text_encoder", "tokenizer", "unet", "vae")
_NOT_FP32 = ("*.fp16.*", "*.bin", "*.ckpt", "*.onnx", "*.onnx_data", "*.msgpack", "*.pt")
_CPU_MEASURED = (
    "{total} per 512x512 picture on 2 CPU cores ({steps} at 5 s each, plus 16 s to decode), "
    "measured here with random weights of its architecture (bench/bench_models.py "
    "--architectures); loading the model first adds tens of seconds"
)
_OPENRAIL_NOTE = (
    "Built on Stable Diffusion 1.5: its CreativeML OpenRAIL-M use restrictions "
    "(no unlawful, harmful or deceptive use) come with it."
)

CATALOGUE: tuple[ModelSpec, ...] = (
    ModelSpec(
        name="lcm-dreamshaper",
        title="LCM Dreamshaper v7: 4-step text to image for CPUs",
        tasks=("text-to-image", "image-to-image"),
        runtime="diffusers",
        repo_id="SimianLuo/LCM_Dreamshaper_v7",
        allow=_pipeline_files(_SD_PARTS, "*.safetensors"),
        ignore=_NOT_FP32,
        approx_bytes=4_300 * MB,
        licence=Licence(
            "MIT", "https://huggingface.co/SimianLuo/LCM_Dreamshaper_v7", True, _OPENRAIL_NOTE
        ),
        speed=Speed(_CPU_MEASURED.format(total="about 35-40 s", steps="4 steps"), "measured"),
        hardware="cpu",
        diffusion=DiffusionSettings(steps=4, guidance=8.0, native_side=512),
    ),
    ModelSpec(
        name="sd-turbo",
        title="SD-Turbo: 1-4 step text to image for CPUs (non-commercial)",
        tasks=("text-to-image", "image-to-image"),
        runtime="diffusers",
        repo_id="stabilityai/sd-turbo",
        allow=_pipeline_files(_SD_PARTS, "*.fp16.safetensors"),
        approx_bytes=2_600 * MB,
        licence=Licence(
            "Stability AI Non-Commercial Research Community License",
            "https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE",
            False,
            "Commercial use needs a separate licence from Stability AI "
            "(https://stability.ai/license).",
        ),
        speed=Speed(_CPU_MEASURED.format(total="about 20-26 s", steps="1-2 steps"), "measured"),
        hardware="cpu",
        diffusion=DiffusionSettings(steps=2, guidance=0.0, native_side=512, variant="fp16"),
    ),
    ModelSpec(
        name="flux-schnell",
        title="FLUX.1 [schnell]: 4-step text to image for GPUs (12B, Apache-2.0)",
        tasks=("text-to-image",),
        runtime="diffusers",
        repo_id="black-forest-labs/FLUX.1-schnell",
        allow=_pipeline_files(
            (
                "scheduler",
                "text_encoder",
                "text_encoder_2",
                "tokenizer",
                "tokenizer_2",
                "transformer",
                "vae",
            ),
            "*.safetensors",
        ),
        approx_bytes=33_700 * MB,
        licence=Licence(
            "Apache-2.0", "https://huggingface.co/black-forest-labs/FLUX.1-schnell", True
        ),
        speed=Speed(
            "about 1-3 s per 1024x1024 photo on one H100/H200-class GPU (4 steps); "
            "needs about 35 GB of GPU memory; not usable on a 24 GB CPU machine"
        ),
        hardware="gpu",
        gated=True,
        diffusion=DiffusionSettings(steps=4, guidance=0.0, native_side=1024, gpu_dtype="bfloat16"),
    ),
    ModelSpec(
        name="instruct-pix2pix",
        title="InstructPix2Pix: 'make it ...' edits of your own photos",
        tasks=("image-to-image",),
        runtime="diffusers",
        repo_id="timbrooks/instruct-pix2pix",
        allow=_pipeline_files(_SD_PARTS, "*.safetensors"),
        ignore=_NOT_FP32,
        approx_bytes=4_300 * MB,
        licence=Licence(
            "MIT", "https://huggingface.co/timbrooks/instruct-pix2pix", True, _OPENRAIL_NOTE
        ),
        speed=Speed(
            _CPU_MEASURED.format(total="about 3 min", steps="10 steps of 3 passes"), "measured"
        ),
        hardware="cpu",
        diffusion=DiffusionSettings(steps=10, guidance=7.5, native_side=512, edit=True),
    ),
    ModelSpec(
        name="birefnet-lite",
        title="BiRefNet lite: subject cut-outs (matting) for CPUs",
        tasks=("matting",),
        runtime="onnx",
        repo_id="onnx-community/BiRefNet_lite-ONNX",
        allow=("onnx/model.onnx",),
        approx_bytes=224 * MB,
        licence=Licence("MIT", "https://huggingface.co/ZhengPeng7/BiRefNet_lite", True),
        speed=Speed(
            "about 10-25 s per photo on a 2-core CPU (1024x1024 input, several GB "
            "of memory while it runs); well under 1 s on a GPU"
        ),
        hardware="cpu",
        matting=MattingSettings(file="onnx/model.onnx"),
    ),
    ModelSpec(
        name="birefnet",
        title="BiRefNet: finest subject cut-outs (matting), best on a GPU",
        tasks=("matting",),
        runtime="onnx",
        repo_id="onnx-community/BiRefNet-ONNX",
        allow=("onnx/model.onnx",),
        approx_bytes=970 * MB,
        licence=Licence("MIT", "https://huggingface.co/ZhengPeng7/BiRefNet", True),
        speed=Speed(
            "about 1 s per photo on a GPU with onnxruntime-gpu; a minute or more on a 2-core CPU"
        ),
        hardware="gpu",
        matting=MattingSettings(file="onnx/model.onnx"),
    ),
)


def find_spec(name: str) -> ModelSpec | None:
    """The catalogue entry called ``name`` (case-insensitive), or None."""
    wanted = name.strip().lower()
    return next((spec for spec in CATALOGUE if spec.name == wanted), None)


def names() -> list[str]:
    """Every catalogue name, in catalogue order."""
    return [spec.name for spec in CATALOGUE]
