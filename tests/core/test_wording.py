"""GUI wording becomes terminal actions; content is kept; trailing noise is dropped."""

from __future__ import annotations

import pytest

from photogen.core.wording import drop_trailing_noise, is_noise, translate


@pytest.mark.parametrize(
    ("text", "expected_text", "action"),
    [
        (
            "Your timelapse is ready with a lo-fi track. Click Export to save it.",
            "Your timelapse is ready with a lo-fi track. "
            "Press ctrl+e (or type “export”) to save it.",
            "export",
        ),
        ("Use the Export button to save.", "Press ctrl+e (or type “export”) to save.", "export"),
        ("完成了，点击导出即可保存。", "完成了，按 ctrl+e（或输入“导出”）即可保存。", "export"),
        ("Open the media panel to see uploads.", "Type “status” to see uploads.", "status"),
        ("打开素材面板查看", "输入“状态”查看", "status"),
        (
            "You can preview it in the timeline.",
            "You can see it in the timeline pane (or type “status”).",
            "timeline",
        ),
        ("Please check your billing page.", "Please type “credits”.", "credits"),
        ("Drag the title to the end.", "Tell me to move the title to the end.", "say"),
        ("拖拽标题到结尾", "告诉我移动标题到结尾", "say"),
    ],
)
def test_gui_phrases_become_actions(text: str, expected_text: str, action: str) -> None:
    out = translate(text)
    assert out.text == expected_text
    assert [o.action for o in out.offers] == [action]


def test_remapped_key_and_plain_text() -> None:
    out = translate("Click Export.", {"export-draft": "f5"})
    assert out.text == "Press f5 (or type “export”)."
    assert out.offers[0].label == "Export (f5)"
    plain = translate("A red mug on white, \x1b]0;title\x07soft shadow.")
    assert plain.text == "A red mug on white, soft shadow."
    assert plain.offers == []


def test_trailing_noise() -> None:
    assert is_noise("I encountered a temporary issue.")
    assert is_noise("  I encountered a temporary issue  ")
    assert not is_noise("Done. I encountered a temporary issue.")
    assert not is_noise("")
    assert drop_trailing_noise("Done. I encountered a temporary issue.") == "Done."
    assert drop_trailing_noise("All good.") == "All good."
