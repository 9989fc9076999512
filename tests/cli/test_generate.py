"""``photogen-tui generate`` as a user runs it: a real process, the embedded server, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from photogen.core.store import Store
from photogen.stills import read_still_meta
from tests.cli.helpers import assert_one_line_failure, run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def test_generate_png_offline_with_json_summary(home: Path) -> None:
    prompt = "a realistic photo of a product on a white background"
    result = run_cli(home, "generate", prompt, "--export", "png", "--out", "shot.png", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["output_path"] == "shot.png"
    assert summary["session_id"] and summary["media_urls"]
    assert summary["credits_left"] == 100, "the embedded server is free: no credits spent"
    with Image.open(home / "shot.png") as image:
        assert image.format == "PNG" and image.size == (1080, 1080)
    meta = read_still_meta(home / "shot.png")
    assert meta.get("prompt") == prompt and "studio" in meta.get("engine", "")
    assert "nmv_usr_" not in result.stdout + result.stderr
    assert_not_in_the_app(home)


def assert_not_in_the_app(home: Path) -> None:
    """A generate run is kept apart: the app neither reopens it nor lists its export."""
    assert len(list(home.rglob("generate.sqlite3"))) == 1
    for db in home.rglob("photogen.sqlite3"):
        store = Store(db)
        try:
            assert store.list_sessions() == [] and store.jobs() == []
        finally:
            store.close()


def test_generate_edits_an_uploaded_photo_to_jpg(home: Path) -> None:
    Image.new("RGB", (640, 480), (40, 90, 160)).save(home / "mug.jpg")
    result = run_cli(
        home,
        "generate",
        "put it on a white background",
        "--image",
        "./mug.jpg",
        "--export",
        "jpg",
        "--out",
        "mug_out.jpg",
    )
    assert result.returncode == 0, result.stderr
    with Image.open(home / "mug_out.jpg") as image:
        assert image.format == "JPEG"


def test_missing_image_is_one_clear_line(home: Path) -> None:
    result = run_cli(home, "generate", "put it on white", "--image", "nope.jpg", "--out", "x.png")
    line = assert_one_line_failure(result)
    assert "nope.jpg" in line
    assert not (home / "x.png").exists()


def test_existing_out_is_never_overwritten_without_force(home: Path) -> None:
    (home / "keep.png").write_bytes(b"precious")
    result = run_cli(home, "generate", "a mug", "--out", "keep.png")
    assert "already exists" in assert_one_line_failure(result)
    assert (home / "keep.png").read_bytes() == b"precious"


def test_unreachable_server_is_one_clear_line(home: Path) -> None:
    nothing_listens = {"NEMO_API_URL": "http://127.0.0.1:9"}  # the discard port
    result = run_cli(home, "generate", "a mug", "--out", "y.png", extra_env=nothing_listens)
    assert "reach" in assert_one_line_failure(result).lower()


def test_out_pointing_at_a_folder_is_refused_even_with_force(home: Path) -> None:
    (home / "shots").mkdir()
    result = run_cli(home, "generate", "a mug", "--out", "shots", "--force")
    assert "is a folder" in assert_one_line_failure(result)
    assert list((home / "shots").iterdir()) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--export", "png", "--out", "x.jpg"], "--out x.jpg says JPG but --export is png"),
        (["--export", "mp4", "--out", "x.webp"], "use --out x.mp4 or --export webp"),
        (["--out", "x.gif"], "must end in .png, .jpg, .webp or .mp4"),
    ],
)
def test_out_whose_extension_is_not_the_export_is_refused_before_anything_runs(
    home: Path, args: list[str], says: str
) -> None:
    result = run_cli(home, "generate", "a mug", *args, timeout=60)
    assert says in assert_one_line_failure(result)
    assert "Starting the local server" not in result.stderr
    assert [p.name for p in home.iterdir() if p.suffix] == []


def test_export_format_follows_the_out_extension(home: Path) -> None:
    result = run_cli(home, "generate", "a perfume bottle on marble", "--out", "bottle.jpeg")
    assert result.returncode == 0, result.stderr
    with Image.open(home / "bottle.jpeg") as image:
        assert image.format == "JPEG"


def test_headless_failures_never_promise_what_only_the_app_does(home: Path) -> None:
    nothing_listens = {"NEMO_API_URL": "http://127.0.0.1:9"}
    line = assert_one_line_failure(
        run_cli(home, "generate", "a mug", "--out", "y.png", extra_env=nothing_listens)
    )
    assert "kept" not in line.lower() and "NEMO_API_URL" in line


def _three_photos(home: Path) -> list[str]:
    colours = {"box.jpg": (150, 90, 40), "can.webp": (200, 30, 30), "ball.png": (30, 160, 60)}
    for name, colour in colours.items():
        image = Image.new("RGB", (320, 240), (90, 110, 140))
        image.paste(colour, (100, 60, 220, 180))
        image.save(home / name)
    return [arg for name in colours for arg in ("--image", name)]


def test_several_images_give_one_numbered_output_each(home: Path) -> None:
    images = _three_photos(home)
    result = run_cli(
        home, "generate", "put it on a white background", *images, "--out", "shot.png", "--json"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["output_paths"] == ["shot-1.png", "shot-2.png", "shot-3.png"]
    assert not (home / "shot.png").exists()
    sources = [read_still_meta(home / f"shot-{i}.png").get("source", "") for i in (1, 2, 3)]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["box.jpg", "can.webp", "ball.png"]


def test_each_in_the_prompt_makes_the_batch_in_one_turn(home: Path) -> None:
    images = _three_photos(home)
    result = run_cli(home, "generate", "put each on a white background", *images, "--out", "o.jpg")
    assert result.returncode == 0, result.stderr
    assert [(home / f"o-{i}.jpg").exists() for i in (1, 2, 3)] == [True] * 3
    assert "Which photo" not in result.stderr


def test_an_unsure_cut_out_prints_a_warning_and_its_score(home: Path) -> None:
    real = Path(__file__).resolve().parents[1] / "data" / "real_photos" / "photo-coffee.jpg"
    (home / "coffee.jpg").write_bytes(real.read_bytes())
    result = run_cli(
        home,
        "generate",
        "put it on a white background",
        "--image",
        "coffee.jpg",
        "--out",
        "cup.png",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 1 and "cut-out may be wrong" in warnings[0]
    cutout = json.loads(result.stdout)["cutouts"][0]
    assert cutout["sure"] is False and 0 <= cutout["confidence"] < 0.5
    assert (home / "cup.png").exists()
