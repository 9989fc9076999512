"""``pull`` against the loopback fake hub: fetch, resume, verify, refuse, install."""

from __future__ import annotations

import hashlib

import pytest

from photogen.models.catalogue import find_spec
from photogen.models.pull import PullError, RemoteFile, pull, select_files
from photogen.models.store import MANIFEST, ModelStore
from tests.models.conftest import DECOYS
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder

MATTING = "onnx/model.onnx"
UNET = "unet/diffusion_pytorch_model.safetensors"


def _spec(name: str):  # type: ignore[no-untyped-def]
    spec = find_spec(name)
    assert spec is not None
    return spec


def test_pull_fetches_the_catalogue_files_verifies_and_installs(
    hub: FakeHub, store: ModelStore, needs_diffusers: None
) -> None:
    progress = Recorder()
    model = pull(_spec("lcm-dreamshaper"), store, progress, endpoint=hub.url)
    repo = hub.repos["SimianLuo/LCM_Dreamshaper_v7"]
    wanted = {p for p in repo.files if p not in DECOYS}
    assert set(model.files) == wanted
    for path in wanted:
        assert (model.folder / path).read_bytes() == repo.files[path]
    assert not any((model.folder / decoy).exists() for decoy in DECOYS)
    assert model.commit == repo.commit
    assert progress.total == progress.done == sum(len(repo.files[p]) for p in wanted)
    assert progress.installed == model == store.get("lcm-dreamshaper")
    assert not (model.folder / ".cache").exists()
    assert model.files[UNET].sha256 == hashlib.sha256(repo.files[UNET]).hexdigest()


def test_a_cut_connection_resumes_from_where_it_stopped(
    hub: FakeHub, store: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants

    # The client writes whole chunks (10 MB normally); small ones let a tiny file resume.
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 16)
    size = len(hub.repos["onnx-community/BiRefNet_lite-ONNX"].files[MATTING])
    hub.drop_after[MATTING] = size // 2
    model = pull(_spec("birefnet-lite"), store, Recorder(), endpoint=hub.url)
    ranges = hub.gets(MATTING)
    assert ranges[0] is None
    assert ranges[1] == f"bytes={size // 2 // 16 * 16}-"
    assert len(ranges) == 2
    served = hub.repos["onnx-community/BiRefNet_lite-ONNX"].files[MATTING]
    assert (model.folder / MATTING).read_bytes() == served


def test_a_corrupted_file_is_fetched_again_and_said(hub: FakeHub, store: ModelStore) -> None:
    hub.corrupt_once.add(MATTING)
    progress = Recorder()
    model = pull(_spec("birefnet-lite"), store, progress, endpoint=hub.url)
    assert len(hub.gets(MATTING)) == 2
    assert any("SHA-256 differs" in note for note in progress.notes)
    assert store.get("birefnet-lite") == model


def test_a_file_that_never_verifies_installs_nothing(hub: FakeHub, store: ModelStore) -> None:
    hub.corrupt_always.add(MATTING)
    with pytest.raises(PullError, match="failed verification twice"):
        pull(_spec("birefnet-lite"), store, Recorder(), endpoint=hub.url)
    assert store.get("birefnet-lite") is None
    assert store.is_partial("birefnet-lite")
    assert not (store.folder("birefnet-lite") / MATTING).exists()


def test_an_interrupted_pull_keeps_finished_files_and_fetches_only_the_rest(
    hub: FakeHub, store: ModelStore, needs_diffusers: None
) -> None:
    spec = _spec("lcm-dreamshaper")
    repo = hub.repos[spec.repo_id]
    first_total = len(repo.files["model_index.json"])

    def stop_after_the_first_file(done: int) -> None:
        if done > first_total:  # inside the second file
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pull(spec, store, Recorder(on_advance=stop_after_the_first_file), endpoint=hub.url)
    assert store.is_partial(spec.name)
    pull(spec, store, Recorder(), endpoint=hub.url)
    assert len(hub.gets("model_index.json")) == 1
    assert len(hub.gets(UNET)) == 1
    assert store.get(spec.name) is not None


def test_a_gated_model_needs_a_token_and_the_message_says_how(
    hub: FakeHub, store: ModelStore, needs_diffusers: None
) -> None:
    spec = _spec("flux-schnell")
    with pytest.raises(PullError, match="gated.*HF_TOKEN") as refused:
        pull(spec, store, Recorder(), endpoint=hub.url, token="wrong-token")
    assert "wrong-token" not in str(refused.value)
    assert store.get(spec.name) is None
    assert pull(spec, store, Recorder(), endpoint=hub.url, token="good-token").commit == "d" * 40


def test_a_repository_the_hub_lacks_is_a_plain_error(hub: FakeHub, store: ModelStore) -> None:
    del hub.repos["onnx-community/BiRefNet_lite-ONNX"]
    with pytest.raises(PullError, match="no repository onnx-community/BiRefNet_lite-ONNX"):
        pull(_spec("birefnet-lite"), store, Recorder(), endpoint=hub.url)


def test_an_unreachable_hub_is_a_plain_error(store: ModelStore) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(PullError, match="could not download|refused"):
        pull(_spec("birefnet-lite"), store, Recorder(), endpoint=f"http://127.0.0.1:{port}")


def test_remove_frees_the_disk(hub: FakeHub, store: ModelStore) -> None:
    model = pull(_spec("birefnet-lite"), store, Recorder(), endpoint=hub.url)
    assert (model.folder / MANIFEST).is_file()
    assert store.remove("birefnet-lite") >= model.total_bytes
    assert not model.folder.exists() and store.get("birefnet-lite") is None


def test_select_files_prefers_safetensors_and_honours_ignore() -> None:
    listing = [
        RemoteFile(p, 1)
        for p in (
            "model_index.json",
            "unet/config.json",
            "unet/w.bin",
            "unet/w.safetensors",
            "vae/w.bin",
            "unet/w.fp16.safetensors",
            "README.md",
        )
    ]
    chosen = select_files(listing, ("model_index.json", "unet/*", "vae/*"), ("*.fp16.*",))
    assert [f.path for f in chosen] == [
        "model_index.json",
        "unet/config.json",
        "unet/w.safetensors",
        "vae/w.bin",
    ]


@pytest.mark.parametrize(
    "bad",
    ["../escape.onnx", "/etc/passwd", "a/../../b", "x\\y", "unet/\x1b[2Jw.bin", ".hidden/w.bin"],
)
def test_select_files_refuses_names_that_could_escape(bad: str) -> None:
    with pytest.raises(PullError, match="unsafe file name"):
        select_files([RemoteFile(bad, 1)], ("*",))
