"""Word tables, English and Chinese, that the agent reads requests with.

Everything here is data. English patterns are regular expressions matched on
lower-cased, NFKC-normalised text; Chinese entries are plain substrings (Chinese
has no word boundaries). Names (aspects, beds, grades, platforms) match the ones
``photogen.engine`` uses, so a tool argument needs no translation there.
"""

from __future__ import annotations

from photogen.engine.sizes import ASPECTS

ASPECT_SIZES: dict[str, tuple[int, int]] = ASPECTS
"""The aspects the engine makes, with their pixel size."""

RATIO_ALIASES: dict[str, str] = {
    "1:1": "1:1",
    "4:5": "4:5",
    "9:16": "9:16",
    "16:9": "16:9",
    "3:4": "4:5",
    "2:3": "4:5",
    "4:3": "16:9",
    "3:2": "16:9",
    "21:9": "16:9",
}
"""Written ratios -> the nearest aspect we make."""

# (pattern, aspect, ambiguous). An ambiguous word ("portrait": a vertical frame, or
# a picture of a person) names an aspect only in a format phrase: "in portrait",
# "portrait format", ", portrait". Edits read every word (see edits.edit_aspect).
ASPECT_TERMS: tuple[tuple[str, str, bool], ...] = (
    (
        r"(?:instagram|insta|ig)\s+(?:story|stories|reels?)|stor(?:y|ies)|reels?|tiktok",
        "9:16",
        False,
    ),
    (r"vertical|upright", "9:16", False),
    (r"portrait", "9:16", True),
    (r"horizontal|widescreen|wide\s*screen|youtube", "16:9", False),
    (r"landscape", "16:9", True),
    (r"square", "1:1", False),
    (r"(?:instagram|insta|ig)(?:\s+(?:portrait|post|feed))?", "4:5", False),
)
"""English aspect words in priority order (a story beats Instagram's 4:5)."""

ASPECT_TERMS_ZH: tuple[tuple[str, str], ...] = (
    ("竖屏", "9:16"),
    ("竖版", "9:16"),
    ("竖图", "9:16"),
    ("竖幅", "9:16"),
    ("竖构图", "9:16"),
    ("抖音", "9:16"),
    ("快手", "9:16"),
    ("横屏", "16:9"),
    ("横版", "16:9"),
    ("横图", "16:9"),
    ("横幅", "16:9"),
    ("宽屏", "16:9"),
    ("正方形", "1:1"),
    ("方形", "1:1"),
    ("方图", "1:1"),
    ("小红书", "4:5"),
)
"""Chinese aspect words."""

PLATFORMS: tuple[tuple[str, str], ...] = (
    (r"(?:instagram|insta|ig)\s+(?:portrait|4:5)|小红书", "instagram_portrait"),
    (r"(?:instagram|insta|ig)\s+stor(?:y|ies)|\bstor(?:y|ies)\b|快拍", "story"),
    (r"tiktok|抖音", "tiktok"),
    (r"\breels?\b", "reels"),
    (r"youtube|油管", "youtube"),
    (r"\b(?:instagram|insta|ig|ins)\b", "instagram"),
)
"""Platform names for ``edit_image``'s ``platform`` argument, in priority order."""

COLOURS: tuple[tuple[str, str], ...] = (
    (r"white|白色|白底|纯白|白", "white"),
    (r"black|黑色|黑底", "black"),
    (r"gr[ae]y|灰色|灰", "grey"),
    (r"navy|藏青|海军蓝", "navy"),
    (r"sky\s*blue|light\s*blue|天蓝|浅蓝", "light blue"),
    (r"blue|蓝色|蓝", "blue"),
    (r"red|红色|红", "red"),
    (r"orange|橙色|橘色|橙", "orange"),
    (r"yellow|黄色|黄", "yellow"),
    (r"teal|青色", "teal"),
    (r"green|绿色|绿", "green"),
    (r"purple|violet|lilac|紫色|紫", "purple"),
    (r"pink|粉红色|粉色|粉", "pink"),
    (r"beige|cream|米色|米白|奶油色", "beige"),
    (r"brown|棕色|咖啡色|褐色", "brown"),
    (r"gold(?:en)?|金色", "gold"),
)
"""Colour words -> the English colour name the engine parses."""

BACKDROPS: tuple[tuple[str, str], ...] = (
    (r"marble|大理石", "marble"),
    (r"wood(?:en)?|木纹|木头|木桌|木质", "wood"),
    (r"concrete|cement|水泥", "concrete"),
    (r"studio|摄影棚", "studio"),
)
"""Named backdrops for ``edit_image``'s ``background``."""

GRADES: tuple[tuple[str, str], ...] = (
    (r"black\s*(?:and|&|n)\s*white|b\s*&\s*w|b/w|monochrome|gr[ae]yscale|黑白", "bw"),
    (r"cinematic|film\s*look|movie\s*look|电影感|电影风|电影色调|大片", "cinematic"),
    (r"vintage|retro|old[-\s]?school|复古|怀旧|胶片|老照片", "vintage"),
    (r"warm(?:er)?|暖色调|暖色|暖调|温暖|暖", "warm"),
    (r"cool(?:er)?|cold(?:er)?|冷色调|冷色|冷调|冷", "cool"),
    (r"vivid|vibrant|saturated|punchy|pop(?:py)?\b|鲜艳|鲜明|饱和", "vivid"),
)
"""Grade words -> ``edit_image``'s ``grade``."""

AUTO_LEVELS = (
    r"auto[-\s]?levels?|auto[-\s]?(?:fix|enhance|correct)|(?:fix|correct)\s+(?:the\s+)?"
    r"(?:exposure|lighting|levels|brightness|contrast)|exposure|too\s+dark|brighten|"
    r"自动色阶|色阶|曝光|太暗|调亮|提亮|增强|修正"
)
"""Words asking for automatic levels."""

BACKGROUND_WORDS = r"background|backdrop|\bbg\b|背景|底色|白底|底"
"""Words naming a photo's background."""

BACKGROUND_REMOVAL = (
    r"remove|delete|cut\s*out|get\s+rid|erase|transparent|no\s+background"
    r"|去掉|去除|删除|抠图|抠|移除|不要"
)
"""Verbs that clear a background (to clean white)."""

BEDS: tuple[tuple[str, str, str], ...] = (
    (r"lo[-\s]?fi|chill(?:hop)?|轻音乐|低保真", "lofi", "Lo-fi"),
    (r"upbeat|energetic|energy|happy|cheerful|lively|fun|欢快|动感|活泼|轻快", "upbeat", "Upbeat"),
    (r"ambient|calm|relax(?:ing)?|peaceful|soothing|舒缓|轻松|安静|氛围", "ambient", "Ambient"),
)
"""Built-in music beds (as ``engine.music.BUILTIN_BEDS``): pattern, bed, display name."""

MUSIC_WORDS = r"\bmusic\b|\bsongs?\b|\bbgm\b|soundtrack|\baudio\b|音乐|歌|配乐|曲子|背景乐"
"""Words naming music."""

TITLE_WORDS = (
    r"\btitles?\b|\bcaptions?\b|\bheadings?\b|\bheadlines?\b|text\s+overlay|标题|字幕|文字|标语"
)
"""Words naming a title on the text track."""

REMOVE_VERBS = (
    r"\b(?:remove|delete|drop|cut|erase|clear|kill|lose|ditch|get\s+rid\s+of|take\s+(?:out|off|away))\b"
    r"|\bno\s+(?:more\s+)?(?:music|songs?|bgm|audio|titles?|captions?|text)\b|\bwithout\b"
    r"|don'?t\s+(?:want|need)|do\s+not\s+(?:want|need)|去掉|去除|删除|删掉|移除|不要|取消|拿掉"
)
"""Verbs that take something off the timeline."""

SEGMENT_NOUNS = (
    r"photos?|pictures?|pics?|images?|slides?|segments?|clips?|shots?|ones?|张|个|段|幅|页"
)
"""Nouns for one still on the video track."""

ORDINALS: dict[str, int] = {
    "first": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "fifth": 4,
    "sixth": 5,
    "seventh": 6,
    "eighth": 7,
    "ninth": 8,
    "tenth": 9,
    "1st": 0,
    "2nd": 1,
    "3rd": 2,
    "4th": 3,
    "5th": 4,
    "6th": 5,
    "7th": 6,
    "8th": 7,
    "9th": 8,
    "10th": 9,
}
"""English ordinals -> 0-based index."""

EN_NUMBERS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a couple of": 2,
    "a few": 3,
    "a": 1,
    "an": 1,
}
"""English number words."""

ZH_DIGITS: dict[str, int] = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
"""Chinese digits."""
