"""Terminal pictures: detection, half-block, kitty placeholders, sixel; OSC 52."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from photogen.ui.clipboard import osc52, tmux_passthrough
from photogen.ui.images import iterm, kitty, quadrant, sixel
from photogen.ui.images.halfblock import fit_size, grid_from_image, grid_strips
from tests.ui.fakes import make_photo


def test_halfblock_keeps_aspect_and_draws_two_pixels_per_cell(tmp_path: Path) -> None:
    from PIL import Image

    assert fit_size((640, 480), (20, 10)) == (20, 16)
    image = Image.open(make_photo(tmp_path / "p.png")).convert("RGB")
    grid = grid_from_image(image, 16, 6)
    assert grid.width <= 16 and grid.height <= 12 and grid.height % 2 == 0
    strips = grid_strips(grid)
    assert len(strips) == grid.height // 2
    assert set(strips[0].text) == {"▀"}
    first = list(strips[0])[0].style
    assert first is not None and first.color is not None and first.bgcolor is not None
    assert first.color.get_truecolor() == grid.at(0, 0)
    assert first.bgcolor.get_truecolor() == grid.at(0, 1)


def test_kitty_transmit_chunks_and_placeholders() -> None:
    png = bytes(range(256)) * 40
    escape = kitty.transmit(png, 0x123456, 4, 2)
    chunks = escape.split("\x1b\\")[:-1]
    assert chunks[0].startswith("\x1b_Ga=T,U=1,f=100,q=2,i=1193046,c=4,r=2,m=1;")
    assert chunks[-1].startswith("\x1b_Gm=0;")
    payload = "".join(chunk.split(";", 1)[1] for chunk in chunks)
    assert base64.standard_b64decode(payload) == png
    lines = kitty.placeholder_lines(0x123456, 4, 2)
    assert len(lines) == 2
    assert lines[1].plain.count(kitty.PLACEHOLDER) == 4
    assert lines[1].plain[1:3] == kitty.DIACRITICS[1] + kitty.DIACRITICS[0]
    assert str(lines[0].style).endswith("#123456")


def test_kitty_inside_tmux_uses_passthrough() -> None:
    escape = kitty.transmit(b"x", 7, 1, 1, tmux=True)
    assert escape.startswith("\x1bPtmux;\x1b\x1b_G") and escape.endswith("\x1b\\")


def decode_sixel(data: str) -> tuple[int, int, dict[tuple[int, int], tuple[int, int, int]]]:
    """A small sixel decoder for the tests: size and the colour of every painted pixel."""
    body = data[data.index("q") + 1 : data.rindex("\x1b\\")]
    raster = re.match(r'"1;1;(\d+);(\d+)', body)
    assert raster is not None
    width, height = int(raster.group(1)), int(raster.group(2))
    body = body[raster.end() :]
    palette: dict[int, tuple[int, int, int]] = {}
    painted: dict[tuple[int, int], tuple[int, int, int]] = {}
    x = top = color = 0
    for token in re.finditer(r"#(\d+)(?:;2;(\d+);(\d+);(\d+))?|!(\d+)(.)|([?-~])|(\$)|(-)", body):
        if token.group(1) is not None:
            color = int(token.group(1))
            if token.group(2) is not None:
                palette[color] = tuple(round(int(token.group(i)) * 255 / 100) for i in (2, 3, 4))  # type: ignore[assignment]
            continue
        if token.group(8):
            x = 0
            continue
        if token.group(9):
            x, top = 0, top + 6
            continue
        count, char = (
            (int(token.group(5)), token.group(6)) if token.group(5) else (1, token.group(7))
        )
        bits = ord(char) - 63
        for _ in range(count):
            for k in range(6):
                if bits & (1 << k):
                    painted[(x, top + k)] = palette[color]
            x += 1
    return width, height, painted


def test_sixel_decodes_back_to_the_picture() -> None:
    palette = [(255, 0, 0), (0, 0, 255), (255, 200, 0)]
    indices = bytes([0] * 48 + [1] * 8 + [2, 0, 1, 2, 2, 2, 2, 2])
    data = sixel.encode(8, 8, palette, indices)
    assert data.startswith('\x1bP0;1;0q"1;1;8;8#0;2;100;0;0#1;2;0;0;100')
    assert "#0!8~" in data  # first band: six red rows, one run of 8
    width, height, painted = decode_sixel(data)
    assert (width, height) == (8, 8) and len(painted) == 64
    for y in range(8):
        for x in range(8):
            expected = palette[indices[y * 8 + x]]
            assert all(abs(a - b) <= 3 for a, b in zip(painted[(x, y)], expected, strict=True))


def test_sixel_band_loops_agree(tmp_path: Path) -> None:
    """The numpy bands and the plain-Python bands are the same bytes."""
    from PIL import Image

    image = Image.open(make_photo(tmp_path / "p.png")).quantize(256)
    data, (width, height) = image.tobytes(), image.size
    plain = b"".join(sixel._band(data, width, min(6, height - t), t) for t in range(0, height, 6))
    assert sixel._bands_numpy(data, width, height) == plain


def test_sixel_keeps_small_saturated_details() -> None:
    """A gold cap and a blue label (a few pixels each) keep their colour at 256 colours."""
    from PIL import Image

    image = Image.new("RGB", (120, 90), (0, 0, 0))
    for x in range(120):
        for y in range(90):
            image.putpixel((x, y), (x * 2, y * 2, (x + y) % 256))  # many colours
    gold, blue = (255, 200, 20), (20, 60, 255)
    image.paste(gold, (10, 10, 14, 14))
    image.paste(blue, (100, 70, 104, 74))
    _, _, painted = decode_sixel(sixel.encode_image(image))
    for (x, y), colour in (((12, 12), gold), ((102, 72), blue)):
        assert all(abs(a - b) <= 24 for a, b in zip(painted[(x, y)], colour, strict=True))


def test_sixel_dithering_keeps_gradients_smooth_for_more_bytes() -> None:
    """A sky-like gradient in 8 colours: dithered, its blurred colours stay closer."""
    from PIL import Image, ImageFilter

    image = Image.linear_gradient("L").resize((96, 96)).convert("RGB")
    image = Image.merge(
        "RGB",
        (
            image.getchannel(0),
            image.getchannel(0).point(lambda v: v // 2),
            image.getchannel(0).point(lambda v: 255 - v // 3),
        ),
    )

    def blurred_error(data: str) -> float:
        width, height, painted = decode_sixel(data)
        shown = Image.new("RGB", (width, height))
        for (x, y), colour in painted.items():
            shown.putpixel((x, y), colour)
        a = shown.filter(ImageFilter.GaussianBlur(2)).tobytes()
        b = image.filter(ImageFilter.GaussianBlur(2)).tobytes()
        return sum(abs(p - q) for p, q in zip(a, b, strict=True)) / len(a)

    plain = sixel.encode_image(image, 8, dither=False)
    dithered = sixel.encode_image(image, 8)
    assert blurred_error(dithered) < blurred_error(plain) * 0.6  # measured: 2.7 vs 5.5
    assert len(plain) < len(dithered)


def test_iterm_inline_image() -> None:
    escape = iterm.inline_image(b"PNGDATA", 20, 10)
    assert escape.startswith("\x1b]1337;File=inline=1;size=7;width=20;height=10;")
    assert escape.endswith(":" + base64.b64encode(b"PNGDATA").decode() + "\x07")
    assert iterm.inline_image(b"x", 1, 1, tmux=True).startswith("\x1bPtmux;\x1b\x1b]1337")


def test_kitty_direct_placement_upload_place_hide() -> None:
    upload = kitty.upload(b"png", 9)
    assert upload.startswith("\x1b_Ga=t,f=100,q=2,i=9,m=0;")
    assert kitty.place(9, 30, 12) == "\x1b_Ga=p,i=9,p=1,c=30,r=12,C=1,q=2\x1b\\"
    assert kitty.hide(9) == "\x1b_Ga=d,d=i,i=9,q=2\x1b\\"
    assert kitty.delete(9) == "\x1b_Ga=d,d=I,i=9,q=2\x1b\\"


def test_osc52_plain_and_through_tmux() -> None:
    assert osc52("hi") == "\x1b]52;c;aGk=\a"
    assert osc52("hi", tmux=True) == "\x1bPtmux;\x1b\x1b]52;c;aGk=\a\x1b\\"
    assert tmux_passthrough("\x1b[0m") == "\x1bPtmux;\x1b\x1b[0m\x1b\\"


def test_quadrant_cells_pick_the_split_and_its_colours() -> None:
    red, blue = (255, 0, 0), (0, 0, 255)
    assert quadrant.best_cell((red, red, blue, blue)) == quadrant.Cell("▀", red, blue)
    assert quadrant.best_cell((red, blue, red, blue)) == quadrant.Cell("▌", red, blue)
    assert quadrant.best_cell((red, blue, blue, red)) == quadrant.Cell("▚", red, blue)
    assert quadrant.best_cell((blue, red, red, red)) == quadrant.Cell("▘", blue, red)
    assert quadrant.best_cell((red,) * 4).char == "█"
    rows = quadrant.quadrant_cells(4, 2, [red, blue, red, red, red, blue, red, red])
    assert [cell.char for cell in rows[0]] == ["▌", "█"]


def test_quadrants_have_twice_the_columns_of_detail(tmp_path: Path) -> None:
    from photogen.ui.images.detect import Detection
    from photogen.ui.images.encode import encode_picture

    detection = Detection("quadrant", False, "t", cell_px=(9, 19))
    encoded = encode_picture(str(make_photo(tmp_path / "p.png")), 40, 10, detection)
    assert encoded.protocol == "quadrant" and encoded.payload == ""
    assert len(encoded.quads) == encoded.cells[1] == 10
    assert len(encoded.quads[0]) == encoded.cells[0] == 28  # 4:3 at 9x19 px cells
