"""What kind of request a message is: help, greeting, variation, edit, generate, junk.

Each detector is a small pattern table plus one function. The planner asks them
in a fixed order (see :mod:`photogen.server.agent.plan`); none of them raises.
"""

from __future__ import annotations

import re

from photogen.server.agent.text import NUM_EN, NUM_ZH, Message, find, words

HELP = (
    r"^\W*(?:help|\?+|commands?|menu|usage|examples?|how\s+does\s+(?:this|it)\s+work)\W*$"
    r"|what\s+can\s+(?:you|i)\s+(?:do|say|ask)|how\s+do\s+i\s+(?:use|start)|show\s+(?:me\s+)?(?:the\s+)?help"
    r"|帮助|你能做什么|你会什么|你可以做什么|能做什么|怎么用|如何使用|使用说明|^\W*？+\W*$"
)
"""Requests for the capability list."""

GREETING = (
    r"hi|hello|hey|hiya|yo|howdy|good\s+(?:morning|afternoon|evening)|greetings"
    r"|你好|您好|嗨|哈喽|哈啰|早上好|晚上好|在吗"
)
"""Greetings."""
THANKS = (
    r"thanks?|thank\s+you|thx|ty|cheers|great|awesome|perfect|nice|love\s+it"
    r"|谢谢|多谢|感谢|太棒了|好的|不错|很好"
)
"""Thanks and praise."""

VARIATION = (
    r"another(?:\s+one)?|one\s+more|variations?|versions?|try\s+again|again|more\s+like\s+(?:this|that)"
    r"|re-?generate|re-?roll|re-?do|different\s+one|something\s+(?:else|similar)|more"
    r"|换一个|换一张|换个|再来一张|再来一个|再来|再生成|重新生成|重来|再试|再做|再画|类似的|多来"
)
"""Words asking for a new take on the last prompt."""

GENERATE_VERB = (
    r"generate|draw|render|imagine|photograph|create|design|produce|shoot"
    rf"|(?:make|give|show|get|want|need|take|do)(?:\s+(?:me|us))?\s+(?:a|an|some|another|new|{NUM_EN})"
    r"|(?:photo|picture|image|shot|photograph|pic|render|illustration)s?\s+of"
    rf"|生成|画(?!面)|拍|制作|创作|设计|(?:做|来|给我|要)(?:{NUM_ZH})?(?:张|幅|个)"
)
"""Verbs that ask for a new picture."""

REFERENCE = (
    r"it|its|this|that|them|(?:my|the)\s+(?:photo|image|picture|pic|upload|shot)|upload(?:ed)?"
    r"|它|这张|那张|这个|那个|这幅|原图|上传|我的照片|我的图"
)
"""Words that point at a picture the user already has."""

EDIT_VERB = (
    r"remove|delete|change|replace|swap|make|turn|put|place|set|crop|resize|fit|convert|fix|apply"
    r"|give\s+it|adjust|use|cut\s*out|erase|recolou?r"
    r"|把|换成|换|改成|改|去掉|去除|删除|抠|裁|调成|调到|调整|调一下|变成|弄成|做成|加个|加上|用"
)
"""Verbs that change an existing picture."""

INSTRUCTION = (
    r"^\W*(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:make|turn|change|transform|give)\s+"
    r"(?:it|this|that|(?:my|the|this)\s+(?:photo|image|picture|pic|shot))\b"
    r"|^\W*(?:请)?把(?:它|这张|那张|图|照片)(?:变成|改成|弄成|换成)"
)
"""A free-form "make it ..." instruction about the picture the user has."""

DESCRIPTIVE = (
    r"photos?|photographs?|pictures?|images?|shots?|pics?|portraits?|products?|packshot|still\s+life"
    r"|bottles?|jars?|box(?:es)?|cans?|mugs?|cups?|phones?|perfumes?|tubes?|sneakers?|shoes?|watch(?:es)?"
    r"|head\s?phones?|earphones?|headsets?|lipsticks?|lip\s?gloss|cosmetics|make\s?up|(?:hand)?bags?"
    r"|purses?|totes?|backdrops?|backgrounds?|table\s?tops?|desks?"
    r"|mountains?|lakes?|seas?|oceans?|beach(?:es)?|desert|forests?|fields?|city|cities|skyline|street"
    r"|sunsets?|sunrise|sky|night|landscape|river|waterfall|snow|flowers?|trees?|cats?|dogs?|coffee|food"
    r"|cars?|house|studio|marble|wood(?:en)?|scene|view|golden\s+hour|cinematic|realistic"
    r"|照片|图片|产品|瓶|罐|盒|杯|手机|香水|鞋|手表|耳机|口红|唇膏|包包|手提包|背景"
    r"|山|湖|海|沙滩|沙漠|森林|田野|城市|天际线|街"
    r"|日落|日出|夕阳|夜景|天空|风景|花|树|猫|狗|咖啡|美食|汽车|房子|大理石|木|场景"
)
"""Words that make a message without a verb read as a picture description."""

_ARTICLE_PHRASE = re.compile(  # "a teapot": a subject, named; "a question" is talk
    r"^an?\s+(?!(?:question|idea|test|moment|minute|second|bit|little|few|lot|problem)\b)[a-z]"
)
_JUNK = re.compile(
    r";\s*--|--\s*$|/\*|\*/|<\s*/?\s*script|\$\{|\{\{|\}\}|\bunion\s+select\b"
    r"|\b(?:select|insert|update|truncate|alter)\b[^.]{0,60}\b(?:from|into|table|set|where|database)\b"
    r"|\bdrop\s+(?:table|database)\b"
)

_FILLER_TEXT = """
please pls plz can could would will you me us my i i'd i'm id like want need just now also so ok
okay the a an it its this that these those to of and with on in for at as by some bit little
slightly more much very really lot look looks feel style tone filter effect mode version one
one's thing there everyone do make give get try let's lets go ahead maybe kind sort
"""
FILLER = frozenset(_FILLER_TEXT.split())
"""English words that carry no request on their own."""

_FILLER_ZH_TEXT = """
请 帮我 给我 麻烦 一下 一点 一些 有点 的 吧 呢 啊 呀 了 吗 把 它 这张 那张 这个
照片 图片 图 可以 能 我 要 想 再 些 色调 风格 效果 滤镜
感觉 调成 改成 换成 变成 弄成 做成 成 来 个 张
"""
FILLER_ZH = tuple(sorted(_FILLER_ZH_TEXT.split(), key=len, reverse=True))
"""Chinese fillers, removed as substrings."""


def residue(low: str, *patterns: str) -> str:
    """What is left of a message after the given patterns and all filler are removed.

    Args:
        low: Lower-cased message.
        *patterns: Table patterns (see :func:`~photogen.server.agent.text.find`) to take out.

    Returns:
        The remaining words joined by spaces; empty when the message said nothing else.
    """
    for pattern in patterns:
        low = re.sub(rf"(?<![a-z])(?:{pattern})(?![a-z])", " ", low)
    for filler in FILLER_ZH:
        low = low.replace(filler, " ")
    return " ".join(word for word in words(low) if word not in FILLER)


def is_help(msg: Message) -> bool:
    """The user asks what the agent can do."""
    return bool(re.search(HELP, msg.low))


def social_kind(msg: Message) -> str | None:
    """``"greeting"`` or ``"thanks"`` when the message is only that, else None."""
    for kind, pattern in (("thanks", THANKS), ("greeting", GREETING)):
        if find(pattern, msg.low) and not residue(msg.low, pattern, GREETING, THANKS):
            return kind
    return None


def is_variation(msg: Message, bare_low: str) -> bool:
    """The message only asks for another take.

    Args:
        msg: The message.
        bare_low: The message without its aspect and count phrases, which may ride along
            ("another one, 9:16", "再来三张").
    """
    if not find(VARIATION, msg.low):
        return False
    return not residue(bare_low, VARIATION, GENERATE_VERB, "photos?|pictures?|images?|pics?|shots?")


def has_generate_verb(msg: Message) -> bool:
    """The message asks for a new picture in so many words."""
    return bool(find(GENERATE_VERB, msg.low))


def refers_to_existing(msg: Message) -> bool:
    """The message points at a picture the user already has ("it", "this photo", "这张")."""
    return bool(find(REFERENCE, msg.low))


def has_edit_verb(msg: Message) -> bool:
    """The message uses a verb that changes a picture."""
    return bool(find(EDIT_VERB, msg.low))


def is_instruction(msg: Message) -> bool:
    """The message tells the agent how to change the existing picture ("make it snowy")."""
    return bool(re.search(INSTRUCTION, msg.low))


def is_descriptive(msg: Message) -> bool:
    """The message reads as a description of a picture, even without a verb."""
    return bool(find(DESCRIPTIVE, msg.low) or _ARTICLE_PHRASE.match(msg.low))


def is_junk(msg: Message) -> bool:
    """Empty, symbols only, or code-like text (SQL, script tags) that is no request."""
    if not words(msg.low):
        return True
    return bool(_JUNK.search(msg.low))
