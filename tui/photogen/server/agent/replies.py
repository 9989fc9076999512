"""Everything the agent says, in English and Chinese.

Wording is short and concrete, and names sizes. Some replies end with the GUI
wording the real backend uses ("Click Export", "点击导出", "preview it in the
timeline") so that the client's GUI-wording translation has work to do.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    "ack_generate": {
        "en": "Got it — generating {what}, {aspect} ({size}).",
        "zh": "好的，正在生成{what}，比例 {aspect}（{size}）。",
    },
    "ack_generate_many": {
        "en": "Got it — generating {count} takes on {what}, {aspect} ({size}).",
        "zh": "好的，正在生成 {count} 张{what}，比例 {aspect}（{size}）。",
    },
    "ack_variation": {
        "en": "Another take on {what} — new seed {seed}, {aspect}.",
        "zh": "再来一张{what}：新种子 {seed}，比例 {aspect}。",
    },
    "ack_use": {
        "en": "Putting candidate {number} on the timeline.",
        "zh": "好的，把第 {number} 张放到时间线上。",
    },
    "ack_vary_subtle": {
        "en": "Subtle variations of {number}: {count} new candidates.",
        "zh": "第 {number} 张的细微变体：{count} 张新候选。",
    },
    "ack_vary_strong": {
        "en": "Strong variations of {number}: {count} new candidates.",
        "zh": "第 {number} 张的大幅变体：{count} 张新候选。",
    },
    "ack_reroll": {
        "en": "Rerolling: {count} new candidates with new seeds.",
        "zh": "重新抽取：{count} 张新种子的候选。",
    },
    "ack_edit": {"en": "On it — {changes}.", "zh": "好的，正在处理：{changes}。"},
    "ack_edit_named": {
        "en": "On it — {changes} for {names}.",
        "zh": "好的，正在处理{names}：{changes}。",
    },
    "ack_box": {
        "en": "Cutting {name} out again, starting from the box you drew.",
        "zh": "按你框出的位置重新抠图：{name}。",
    },
    "no_cutout_to_retry": {
        "en": 'There\'s no cut-out to redo yet. Say "put it on a white background" first.',
        "zh": "还没有可以重做的抠图。先说“把背景换成白色”。",
    },
    "no_edit_to_undo": {
        "en": "There's no edit to take back: your photos are as you uploaded or made them.",
        "zh": "没有可以撤销的编辑：照片都还是原样。",
    },
    "which_photo": {
        "en": 'Which photo? You have {names}. Say its name or number (e.g. "the first photo"), '
        'or "each" for all of them.',
        "zh": "要改哪一张？现在有 {names}。说名字或序号（比如“第一张”），或者说“每张”全部都改。",
    },
    "no_such_photo": {
        "en": "There's no photo {asked}: this session has {count} ({names}).",
        "zh": "没有{asked}这张照片：这个会话有 {count} 张（{names}）。",
    },
    "help": {
        "en": (
            "I make photos from words and edit your uploads:\n"
            '• Generate: "a perfume bottle on marble, 9:16" — then "another one"\n'
            '• Edit an upload (ctrl+u): "put it on a white background", "make it cinematic"\n'
            '• Timeline: "add lo-fi music", \'add a title "Summer Sale"\', '
            '"make each photo 4 seconds"\n'
            "Click Export when you're done."
        ),
        "zh": (
            "我可以根据文字生成照片，也能编辑你上传的图片：\n"
            "• 生成：“大理石上的香水瓶，竖屏”，再说“再来一张”\n"
            "• 编辑上传的图片（ctrl+u）：“把背景换成白色”、“电影感”\n"
            "• 时间线：“加上轻音乐”、“加标题「夏日促销」”、“每张 3 秒”\n"
            "完成后点击导出。"
        ),
    },
    "greeting": {
        "en": 'Hi! Tell me what to make — e.g. "a realistic photo of a product on a white '
        'background" — or upload an image with ctrl+u.',
        "zh": "你好！告诉我想要什么照片，比如“白色背景的产品照片”，或者按 ctrl+u 上传图片。",
    },
    "thanks": {
        "en": 'You\'re welcome! Say "another one" for a variation, add some music, '
        "or click Export.",
        "zh": "不客气！可以说“再来一张”，加点音乐，或者点击导出。",
    },
    "unclear": {
        "en": "I'm not sure what to make of that. Try \"a realistic photo of a product on a white "
        'background", "sunset over mountain lake, cinematic style", or "help".',
        "zh": "我没太明白。可以试试：“生成一张白色背景的产品照片”、“日落时的山湖，电影感”，"
        "或者说“帮助”。",
    },
    "empty_prompt": {
        "en": 'What should I generate? For example: "a perfume bottle on marble, 9:16".',
        "zh": "想生成什么呢？比如：“大理石上的香水瓶，竖屏”。",
    },
    "no_previous": {
        "en": "There's no photo to vary yet. Describe one first, e.g. "
        '"sunset over mountain lake, cinematic style".',
        "zh": "还没有可以换的照片。先描述一张吧，比如“日落时的山湖，电影感”。",
    },
    "nothing_to_edit": {
        "en": 'There\'s no image to edit yet. Upload one with ctrl+u (or type "upload"), then say '
        '"put it on a white background".',
        "zh": "还没有可以编辑的图片。按 ctrl+u 上传（或输入“上传”），然后说“把背景换成白色”。",
    },
    "no_music": {
        "en": 'There\'s no music on the timeline yet — try "add lo-fi music".',
        "zh": "时间线上还没有音乐，可以说“加上轻音乐”。",
    },
    "no_audio_upload": {
        "en": "I don't see an uploaded song. Upload an MP3/WAV/M4A with ctrl+u, "
        'or say "add lo-fi music".',
        "zh": "没有找到你上传的音乐。按 ctrl+u 上传 MP3/WAV/M4A，或者说“加上轻音乐”。",
    },
    "no_title": {"en": "There's no title to remove.", "zh": "时间线上没有标题。"},
    "title_text": {
        "en": "What should the title say? E.g. 'add a title \"Summer Sale\"'.",
        "zh": "标题写什么呢？比如：加标题“夏日促销”。",
    },
    "no_segments": {
        "en": "The timeline has no photos yet — generate one first.",
        "zh": "时间线上还没有照片，先生成一张吧。",
    },
    "segment_range": {
        "en": "The timeline has only {count} photo(s), so there's no number {asked}.",
        "zh": "时间线上只有 {count} 张照片，没有第 {asked} 张。",
    },
}
"""Reply templates by key and language."""

GRADE_WORDS = {
    "warm": ("a warmer grade", "暖色调"),
    "cool": ("a cooler grade", "冷色调"),
    "cinematic": ("a cinematic look", "电影感"),
    "bw": ("black and white", "黑白"),
    "vintage": ("a vintage look", "复古"),
    "vivid": ("more vivid colour", "更鲜艳"),
}
PLATFORM_NAMES = {
    "instagram": ("Instagram", "Instagram"),
    "instagram_portrait": ("an Instagram portrait post (4:5)", "Instagram 竖版（4:5）"),
    "story": ("Stories (9:16)", "快拍（9:16）"),
    "tiktok": ("TikTok (9:16)", "抖音（9:16）"),
    "reels": ("Reels (9:16)", "Reels（9:16）"),
    "youtube": ("YouTube (16:9)", "YouTube（16:9）"),
}
COLOUR_ZH = {
    "white": "白色",
    "black": "黑色",
    "grey": "灰色",
    "navy": "藏青色",
    "light blue": "浅蓝色",
    "blue": "蓝色",
    "red": "红色",
    "orange": "橙色",
    "yellow": "黄色",
    "teal": "青色",
    "green": "绿色",
    "purple": "紫色",
    "pink": "粉色",
    "beige": "米色",
    "brown": "棕色",
    "gold": "金色",
    "marble": "大理石",
    "wood": "木纹",
    "concrete": "水泥",
    "studio": "摄影棚",
}


def text(key: str, lang: str, **params: Any) -> str:
    """The reply ``key`` in ``lang`` (English when the language is unknown), filled in."""
    templates = TEXTS[key]
    return templates.get(lang, templates["en"]).format(**params)


def photo_names(names: list[str], lang: str, *, numbered: bool = False, limit: int = 6) -> str:
    """Photo names for a reply: "box.jpg, can.webp and ball.heic", numbered on request."""
    shown = [f"{i}. {name}" if numbered else name for i, name in enumerate(names, 1)]
    if len(shown) > limit:
        more = len(shown) - limit + 1
        shown = [*shown[: limit - 1], f"{more} more" if lang != "zh" else f"另外 {more} 张"]
    if lang == "zh":
        return "、".join(shown)
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def lang_index(lang: str) -> int:
    """0 for English, 1 for Chinese: the column of the two-language tables."""
    return 1 if lang == "zh" else 0


def quote_prompt(prompt: str, lang: str, limit: int = 80) -> str:
    """A prompt in quotation marks, shortened with an ellipsis past ``limit`` characters."""
    short = prompt if len(prompt) <= limit else prompt[: limit - 1].rstrip() + "…"
    return f"「{short}」" if lang == "zh" else f"“{short}”"


def edit_changes(args: dict[str, Any], lang: str) -> str:
    """Words for what an ``edit_image`` call changes ("a white background, cropped to 9:16")."""
    col = lang_index(lang)
    parts = (
        [_background_words(args["background"], lang)] if args.get("background") is not None else []
    )
    if args.get("aspect_ratio"):
        parts.append(("cropped to {}", "裁成 {}")[col].format(args["aspect_ratio"]))
    if args.get("grade") in GRADE_WORDS:
        parts.append(GRADE_WORDS[args["grade"]][col])
    if args.get("auto_levels"):
        parts.append(("auto levels", "自动色阶")[col])
    if args.get("platform") in PLATFORM_NAMES:
        parts.append(("sized for {}", "适配{}")[col].format(PLATFORM_NAMES[args["platform"]][col]))
    if not parts and args.get("prompt"):  # a free-form "make it ..." instruction
        parts.append(quote_prompt(str(args["prompt"]), lang))
    if not parts:
        parts.append(("a clean-up of your photo", "整理你的照片")[col])
    return ("、" if col else ", ").join(parts)


def _background_words(value: Any, lang: str) -> str:
    if isinstance(value, list):
        return "换成自定义颜色背景" if lang == "zh" else "a custom-colour background"
    name = str(value)
    if lang == "zh":
        return f"换成{COLOUR_ZH.get(name, name)}背景"
    return f"a clean {name} background" if name == "white" else f"a {name} background"
