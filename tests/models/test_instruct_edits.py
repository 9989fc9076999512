"""Edits that say "make it ...": an installed InstructPix2Pix does them, else the classical way.

The real server on loopback, the real agent, and the tiny InstructPix2Pix pipeline the
tests build, installed by a pull from the fake hub.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from photogen.models.catalogue import find_spec
from photogen.models.pull import pull
from photogen.models.store import ModelStore
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder
from tests.server.conftest import Api, texts

pytestmark = [
    pytest.mark.filterwarnings(
        "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
    ),
    pytest.mark.usefixtures("needs_diffusers"),
]


def _session(url: str) -> Api:
    api = Api(url)
    api.login()
    api.new_session()
    api.run("a red mug on a wooden table")
    return api


def _edit(api: Api, text: str) -> tuple[str, dict[str, Any], list[Any]]:
    frames = api.run(text)
    results = [
        part["functionResponse"]["response"]
        for frame in frames
        if isinstance(frame, dict) and not frame.get("partial")
        for part in (frame.get("content") or {}).get("parts", [])
        if "functionResponse" in part
    ]
    assert len(results) == 1, frames
    return " ".join(texts(frames)), results[0], frames


def _install(hub: FakeHub, store: ModelStore) -> Any:
    spec = find_spec("instruct-pix2pix")
    assert spec is not None
    return pull(spec, store, Recorder(), endpoint=hub.url)


def test_an_installed_instruct_pix2pix_follows_make_it_instructions(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore
) -> None:
    _install(hub, store)
    api = _session(live_server(models_dir=str(store.root), device="cpu").url)
    said, result, frames = _edit(api, "make it look like winter")
    assert result["status"] == "success" and result["engine"] == "diffusers:instruct-pix2pix"
    assert "Edited with diffusers:instruct-pix2pix on cpu." in said
    assert "“make it look like winter”" in said
    progress = [f for f in frames if isinstance(f, dict) and f.get("partial") and "content" in f]
    assert any(
        p["content"]["parts"][0].get("functionResponse", {}).get("response", {}).get("progress")
        for p in progress
    ), "the model's steps show as progress"
    _, graded, _ = _edit(api, "make it cinematic")
    assert graded["engine"] == "diffusers:instruct-pix2pix"
    _, cropped, _ = _edit(api, "crop it to 9:16")
    assert cropped["engine"] == "edit", "a crop needs no model"
    api.close()


def test_without_a_model_a_grade_is_classical_and_a_free_instruction_says_what_to_install(
    live_server: Callable[..., Any], store: ModelStore
) -> None:
    api = _session(live_server(models_dir=str(store.root)).url)
    before = api.credits()["available"]
    said, result, _ = _edit(api, "make it look like winter")
    assert result["status"] == "error"
    assert "`photogen-tui models pull instruct-pix2pix` installs one" in said
    assert api.credits()["available"] == before, "a refused edit costs nothing"
    _, graded, _ = _edit(api, "make it cinematic")
    assert graded["status"] == "success" and graded["engine"] == "edit"
    api.close()


def test_an_instruct_model_that_cannot_load_leaves_the_classical_grade_with_a_note(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore
) -> None:
    model = _install(hub, store)
    (model.folder / "model_index.json").write_text("{not json")
    api = _session(live_server(models_dir=str(store.root), device="cpu").url)
    said, result, _ = _edit(api, "make it cinematic")
    assert result["engine"] == "edit"
    assert any(
        "instruct-pix2pix could not load" in n and "done the classical way" in n
        for n in result["notes"]
    )
    assert "could not load" in said
    api.close()
