"""The words the prompt reader knows, in English and Chinese: one table per aspect.

Each table is a tuple of ``(name, pattern)`` searched in order, so specific words come
first. English entries are regexes matched on word boundaries; Chinese ones are
substrings (see :mod:`photogen.engine.prompt`).
"""

from __future__ import annotations

import re

SUBJECT_WORDS: tuple[tuple[str, str], ...] = (
    ("perfume", r"perfumes?|fragrances?|colognes?|香水"),
    ("headphones", r"head ?phones?|headsets?|earphones?|ear ?muffs?|耳机|头戴式耳机"),
    ("lipstick", r"lipsticks?|lip ?gloss(?:es)?|lip ?balms?|口红|唇膏|唇釉"),
    (
        "bag",
        r"hand ?bags?|tote(?: bag)?s?|purses?|shoulder bags?|shopping bags?|bags?|clutch(?:es)?"
        r"|手提包|手袋|购物袋|包包|背包|包(?!装)",
    ),
    ("sneaker", r"sneakers?|trainers?|running shoes?|shoes?|运动鞋|球鞋|鞋"),
    ("watch", r"wrist ?watch(?:es)?|watch(?:es)?|手表|腕表"),
    ("phone", r"smart ?phones?|iphones?|phones?|mobiles?|手机"),
    ("mug", r"mugs?|cups?|teacups?|coffee cups?|马克杯|杯子|咖啡杯|杯"),
    ("tube", r"tubes?|toothpaste|lotion tubes?|牙膏|软管"),
    ("jar", r"jars?|cream pots?|moisturi[sz]ers?|面霜|罐子|瓶罐"),
    (
        "can",
        r"(?<!i )(?<!you )(?<!we )cans?(?!\s+(?:you|i|we|u|it|they)\b)|soda|tins?|易拉罐|罐头|罐",
    ),
    ("box", r"box(?:es)?|packag(?:e|ing)|cartons?|gift boxe?s?|盒子|包装盒|礼盒|盒"),
    ("lipstick", r"make ?up|cosmetics|化妆品|彩妆"),
    ("bottle", r"bottles?|flasks?|瓶子|水瓶|瓶|products?|merchandise|产品|商品"),
)
SETTING_WORDS: tuple[tuple[str, str], ...] = (
    ("white_sweep", r"white (?:background|backdrop|studio|sweep)|studio|白色背景|白底|白背景|纯白"),
    ("marble", r"marble|大理石"),
    ("wood", r"wood(?:en)?|oak|walnut|table ?top|tables?|desks?|counter ?top|木|桌"),
    ("city", r"city|skyline|urban|downtown|street|城市|都市|街"),
    ("beach", r"beach(?:es)?|seas?|ocean|coast|shore|seaside|海滩|沙滩|海边|海"),
    ("lake", r"lakes?|pond|river|湖|河"),
    ("desert", r"deserts?|dunes?|sahara|沙漠|沙丘"),
    ("forest", r"forests?|woods|trees?|pines?|森林|树林|树"),
    ("field", r"fields?|meadows?|grass(?:land)?|farm|prairie|wheat|田野|草地|草原|麦田"),
    ("mountains", r"mountains?|peaks?|alps|hills?|valley|landscape|山"),
)
TIME_WORDS: tuple[tuple[str, str], ...] = (
    ("night", r"night|midnight|stars?|starry|moon(?:lit)?|夜晚|夜|星空|月"),
    ("sunset", r"sunsets?|dusk|twilight|evening|黄昏|日落|傍晚|夕阳"),
    ("golden", r"golden hour|sunrise|dawn|morning|golden light|黄金时刻|日出|清晨|早晨"),
    ("overcast", r"overcast|cloudy|rain(?:y)?|fog(?:gy)?|mist(?:y)?|grey sky|阴天|多云|雾|雨"),
    ("day", r"day(?:light|time)?|noon|sunny|blue sky|白天|晴"),
)
STYLE_WORDS: tuple[tuple[str, str], ...] = (
    ("bw", r"black and white|black & white|b&w|b/w|monochrome|grayscale|greyscale|黑白"),
    ("cinematic", r"cinematic|movie|film still|blockbuster|电影感|电影"),
    ("film", r"film|vintage|retro|analog(?:ue)?|polaroid|kodak|35mm|复古|胶片|老照片"),
    ("vivid", r"vivid|vibrant|saturated|colou?rful|punchy|鲜艳|艳丽"),
    ("pastel", r"pastel|soft colou?rs?|dreamy|muted|柔和|粉彩|淡雅"),
    ("moody", r"moody|dark|dramatic|gloomy|noir|暗调|暗黑|阴郁"),
    ("realistic", r"realistic|photo ?realistic|photograph|realism|写实|真实"),
)
LENS_WORDS: tuple[tuple[str, str], ...] = (
    ("dof", r"depth of field|bokeh|shallow|blurr?(?:ed|y)? background|portrait mode|景深|虚化"),
    ("grain", r"grain(?:y)?|noisy|颗粒"),
    ("vignette", r"vignett(?:e|ing)|暗角"),
    ("letterbox", r"letterbox(?:ed)?|anamorphic|2\.39|black bars|宽银幕|黑边"),
)
COLOURS: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((200, 40, 45), r"red|crimson|scarlet|红色?"),
    ((235, 120, 40), r"orange|橙色?"),
    ((240, 200, 50), r"yellow|黄色"),
    ((70, 150, 80), r"green|emerald|绿色?"),
    ((40, 150, 150), r"teal|turquoise|cyan|青色"),
    ((45, 90, 190), r"blue|navy|cobalt|蓝色?"),
    ((120, 70, 170), r"purple|violet|lavender|紫色?"),
    ((235, 140, 170), r"pink|rose|粉色|粉红"),
    ((200, 160, 80), r"gold(?:en)?|金色"),
    ((190, 192, 198), r"silver|银色"),
    ((120, 80, 50), r"brown|chocolate|棕色|咖啡色"),
    ((225, 210, 185), r"beige|cream|米色"),
    ((40, 40, 44), r"black|黑色"),
    ((128, 130, 134), r"gr[ae]y|灰色"),
    ((246, 246, 246), r"white|白色"),
)
COLOUR_TABLE = tuple((str(rgb), pattern) for rgb, pattern in COLOURS)
WHITE = (246, 246, 246)
_NAMES = "red orange yellow green teal blue purple pink gold silver brown beige black grey white"
COLOUR_NAMES = dict(zip((rgb for rgb, _ in COLOURS), _NAMES.split(), strict=True))
"""The English name of each colour the prompt reader knows, for replies."""
BACKDROP_AFTER = r"\s*(?:background|backdrop|wall|paper|sweep|seamless|studio|背景|底)"
FRAMING_WORDS: tuple[tuple[str, str], ...] = (
    ("close", r"close[- ]?ups?|closeup|macro|detail shot|tight crop|特写|近景|微距"),
    (
        "wide",
        r"wide(?: shot| angle)?|full shot|from afar|far away|distant|negative space|远景|全景",
    ),
)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
COUNT_WORDS_ZH = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}
# Things people ask for that the engine cannot draw -> the nearest scene it knows.
UNDRAWABLE: tuple[tuple[str, str, str], ...] = (
    ("dragon", r"dragons?|龙", "mountains"),
    ("castle", r"castles?|palace|城堡", "mountains"),
    (
        "person",
        r"person|people|man|woman|girl|boy|child|model|人物|女人|男人|女孩|男孩|人",
        "field",
    ),
    ("cat", r"cats?|kittens?|猫", "field"),
    ("dog", r"dogs?|puppy|puppies|狗", "field"),
    ("horse", r"horses?|马", "field"),
    ("bird", r"birds?|鸟", "forest"),
    ("flower", r"flowers?|roses?|tulips?|花", "field"),
    ("car", r"cars?|trucks?|vehicles?|汽车|车", "city"),
    ("house", r"houses?|buildings?|cabin|房子|房屋", "city"),
    ("boat", r"boats?|ships?|yachts?|船", "lake"),
    ("robot", r"robots?|机器人", "city"),
    ("food", r"food|pizza|burger|cake|fruit|apple|食物|蛋糕|水果", "wood"),
)
NOISE_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "with",
        "and",
        "or",
        "for",
        "to",
        "my",
        "me",
        "please",
        "make",
        "create",
        "generate",
        "draw",
        "render",
        "photo",
        "photograph",
        "picture",
        "image",
        "shot",
        "pic",
        "realistic",
        "high",
        "quality",
        "hd",
        "4k",
        "8k",
        "some",
        "background",
        "backdrop",
        "style",
        "look",
        "like",
        "very",
        "nice",
        "beautiful",
        "view",
        "scene",
        "pair",
        "minimal",
        "minimalist",
        "modern",
        "elegant",
        "luxury",
        "premium",
        "clean",
        "simple",
        "cozy",
        "new",
        "small",
        "big",
        "large",
        "tiny",
        "lovely",
        "stunning",
        "amazing",
        "professional",
        "commercial",
        "light",
        "lighting",
        "soft",
        "hard",
        "shadow",
        "shadows",
    ]
)
PREPOSITIONS = re.compile(
    r"\s(?:on|in|at|against|by|over|under|near|beside|inside|with|from|under|atop)\s|[,.;，。；]"
)
