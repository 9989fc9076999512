"""Bench: the models path on this machine (overhead of the path, not real-model speed).

1. Pull throughput: ``pull`` of one large random file from the loopback fake hub
   (tests/models/fakehub.py), hashing and verifying included, against reading the same
   bytes over the same HTTP server with a plain streaming GET (the floor), alternating.
2. The tiny pipeline (tests/models/tiny.py, at its native size, the default 25 steps, as
   the server runs a local folder): per-step and end-to-end time of the engine call, and
   of one chat turn through the real embedded server (a child process on loopback,
   ``PHOTOGEN_MODEL`` pointing at the tiny pipeline) against the same turn with the
   studio engine, alternating rounds; and the gap between the step-progress events a
   client reads from the turn's stream.
3. Peak memory (max RSS) of a child process that loads the tiny pipeline and draws once,
   against one that only imports torch and diffusers.
4. ``--architectures``: one denoising step and one VAE decode at 512x512 of the real
   SD 1.5 (LCM Dreamshaper, InstructPix2Pix) and SD 2.1 (SD-Turbo) architectures with
   random weights (the arithmetic is the same as with trained ones), and their peak RSS.

Usage: ``python bench/bench_models.py [--rounds 3] [--pull-mb 200] [--architectures]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def bench_pull(rounds: int, megabytes: int) -> None:
    import httpx
    from tests.models.fakehub import FakeHub, FakeRepo, start_fake_hub
    from tests.models.recorder import Recorder

    from photogen.models.catalogue import find_spec
    from photogen.models.pull import pull
    from photogen.models.store import ModelStore

    data = os.urandom(megabytes * 1_000_000)
    hub = FakeHub()
    hub.repos["onnx-community/BiRefNet_lite-ONNX"] = FakeRepo({"onnx/model.onnx": data}, "a" * 40)
    server, _thread = start_fake_hub(hub)
    spec = find_spec("birefnet-lite")
    assert spec is not None
    url = f"{hub.url}/{spec.repo_id}/resolve/main/onnx/model.onnx"
    pulls, floors = [], []
    try:
        for _ in range(rounds):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                pull(spec, ModelStore(Path(tmp)), Recorder(), endpoint=hub.url)
                pulls.append(time.perf_counter() - started)
            started = time.perf_counter()
            with httpx.stream("GET", url) as response:
                for _chunk in response.iter_bytes(1 << 20):
                    pass
            floors.append(time.perf_counter() - started)
    finally:
        server.shutdown()
        server.server_close()
    rate = megabytes / statistics.median(pulls)
    floor = megabytes / statistics.median(floors)
    print(
        f"pull of {megabytes} MB from the loopback hub: {rate:.0f} MB/s "
        f"(plain GET of the same bytes: {floor:.0f} MB/s; pull/GET time "
        f"{statistics.median(pulls) / statistics.median(floors):.2f}x), {rounds} rounds"
    )


def bench_engine(folder: Path, rounds: int) -> float:
    """The engine call the server makes for one 1080x1080 photo from a local folder."""
    from photogen.engine.diffusion import DiffusionEngine

    engine = DiffusionEngine(folder, "cpu")  # a local folder runs with the default settings
    size = engine.working_size(1080, 1080)
    engine.text_to_image("warm up", 0, *size)
    totals, steps = [], []
    for seed in range(rounds):
        marks: list[float] = []
        started = time.perf_counter()
        engine.text_to_image(
            "a red mug on a wooden table",
            seed,
            *size,
            progress=lambda _d, _t, m=marks: m.append(time.perf_counter()),
        )
        totals.append(time.perf_counter() - started)
        steps += [b - a for a, b in zip([started, *marks[:-1]], marks, strict=True)]
    print(
        f"tiny pipeline, engine call ({size[0]}x{size[1]}, {engine.defaults.steps} steps, "
        f"as the server runs it): {median_ms(totals)} end to end, {median_ms(steps)} per step "
        f"(median of {rounds})"
    )
    return statistics.median(totals)


def _server(env: dict[str, str], data_dir: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "photogen.server",
            "--port",
            "0",
            "--data-dir",
            str(data_dir),
            "--credits-per-image",
            "0",
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, line.rsplit(" ", 1)[-1].strip()


def _turn_seconds(api: Any) -> tuple[float, str]:
    api.new_session()
    started = time.perf_counter()
    api.run("a red mug on a wooden table")
    elapsed = time.perf_counter() - started
    return elapsed, str(api.state()["generated_media"][-1]["engine"])


def _progress_gaps(api: Any) -> list[float]:
    """Seconds between the step-progress events one turn's stream brings to a client."""
    import httpx

    api.new_session()
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"parts": [{"text": "a red mug on a wooden table"}]},
    }
    seen: list[float] = []
    with httpx.stream(
        "POST", f"{api.url}/run_sse", json=body, headers=api.auth, timeout=60
    ) as response:
        for line in response.iter_lines():
            if '"status":"running"' in line and '"progress"' in line:
                seen.append(time.perf_counter())
    return [b - a for a, b in zip(seen, seen[1:], strict=False)]


def _logged_in(url: str) -> Any:
    from tests.server.conftest import Api

    api = Api(url)
    api.login()  # one token per server: anonymous tokens are rate-limited
    return api


def bench_server(folder: Path, rounds: int, engine_s: float) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PHOTOGEN_", "NEMO_"))}
    with tempfile.TemporaryDirectory() as tmp:
        neural_proc, neural_url = _server(
            {**base, "PHOTOGEN_MODEL": str(folder)}, Path(tmp) / "neural"
        )
        studio_proc, studio_url = _server(base, Path(tmp) / "studio")
        try:
            neural_api, studio_api = _logged_in(neural_url), _logged_in(studio_url)
            _turn_seconds(neural_api)  # loads the model
            _turn_seconds(studio_api)
            neural, studio, gaps = [], [], []
            for _ in range(rounds):
                seconds, engine = _turn_seconds(neural_api)
                neural.append(seconds)
                studio.append(_turn_seconds(studio_api)[0])
                gaps += _progress_gaps(neural_api)
            neural_api.close()
            studio_api.close()
        finally:
            for proc in (neural_proc, studio_proc):
                proc.terminate()
                proc.wait(timeout=10)
    overhead = statistics.median(neural) - engine_s
    print(
        f"one chat turn through the embedded server, {engine} (1080x1080 out): "
        f"{median_ms(neural)}; studio engine: {median_ms(studio)}; "
        f"path overhead over the engine call: {overhead * 1000:.1f} ms"
    )
    print(
        f"step progress at the client: {len(gaps) // rounds + 1} events per turn, "
        f"{median_ms(gaps)} apart (median; the engine's own step is above)"
    )


_PEAK_CHILD = """
import json, resource, sys
import torch, diffusers  # noqa: F401
if sys.argv[1] != "-":
    from photogen.engine.diffusion import DiffusionEngine
    DiffusionEngine(sys.argv[1], "cpu").text_to_image("a can", 1, 64, 64, steps=2)
print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def bench_peak(folder: Path) -> None:
    def peak_mb(arg: str) -> float:
        out = subprocess.run(
            [sys.executable, "-c", _PEAK_CHILD, arg], capture_output=True, text=True, check=True
        ).stdout
        return json.loads(out.strip().splitlines()[-1]) / 1024

    imports, loaded = peak_mb("-"), peak_mb(str(folder))
    print(
        f"peak RSS: {loaded:.0f} MB with the tiny pipeline loaded and drawing, "
        f"{imports:.0f} MB for importing torch+diffusers alone"
    )


_ARCH_CHILD = """
import json, resource, sys, time, torch
from diffusers import AutoencoderKL, UNet2DConditionModel
torch.manual_seed(0)
kind = sys.argv[1]
common = dict(sample_size=64, in_channels=4, out_channels=4, layers_per_block=2,
              block_out_channels=(320, 640, 1280, 1280))
if kind == "sd15":
    unet = UNet2DConditionModel(cross_attention_dim=768, attention_head_dim=8, **common)
    width = 768
else:
    unet = UNet2DConditionModel(cross_attention_dim=1024, attention_head_dim=(5, 10, 20, 20),
                                use_linear_projection=True, **common)
    width = 1024
vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), layers_per_block=2,
                    down_block_types=("DownEncoderBlock2D",) * 4,
                    up_block_types=("UpDecoderBlock2D",) * 4, latent_channels=4)
unet.eval(); vae.eval()
latents, text = torch.randn(1, 4, 64, 64), torch.randn(1, 77, width)
times = {}
with torch.inference_mode():
    for label, fn in (("step", lambda: unet(latents, 500, encoder_hidden_states=text)),
                      ("decode", lambda: vae.decode(latents))):
        fn()
        started = time.perf_counter(); fn(); times[label] = time.perf_counter() - started
params = sum(p.numel() for p in unet.parameters()) / 1e6
times["unet_params_m"] = params
times["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""


def bench_architectures() -> None:
    import torch

    for kind, label in (
        ("sd15", "SD 1.5 (lcm-dreamshaper, instruct-pix2pix)"),
        ("sd21", "SD 2.1 (sd-turbo)"),
    ):
        out = subprocess.run(
            [sys.executable, "-c", _ARCH_CHILD, kind], capture_output=True, text=True, check=True
        ).stdout
        t = json.loads(out.strip().splitlines()[-1])
        print(
            f"{label}, random weights, 512x512, {torch.get_num_threads()} threads: "
            f"UNet step {t['step']:.1f} s ({t['unet_params_m']:.0f}M params), "
            f"VAE decode {t['decode']:.1f} s, peak RSS {t['rss_mb']:.0f} MB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pull-mb", type=int, default=200)
    parser.add_argument("--architectures", action="store_true")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    bench_pull(args.rounds, args.pull_mb)
    from tests.models.tiny import build_tiny_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        folder = build_tiny_pipeline(Path(tmp) / "tiny-sd")
        engine_s = bench_engine(folder, args.rounds)
        bench_server(folder, args.rounds, engine_s)
        bench_peak(folder)
    if args.architectures:
        bench_architectures()


if __name__ == "__main__":
    main()
