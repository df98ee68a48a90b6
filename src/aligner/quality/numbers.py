"""Numbers and dates in Chinese and English sentences, normalised so the two sides can be compared.

A wrong number is the costliest error in a briefing translation (a trade figure, a date, the ordinal
of a meeting) and one that fluent-looking MT makes silently. Both sides are reduced to comparable
values: 2928亿 and 292.8 billion are both 2.928e11, 11月30日 and "November 30"/"30 November" are both
the date 11/30, 第十七届 and "17th" are both 17, 5% and "5 percent" are both 5.

Chinese numerals written with characters (十九, 两, 百) count only where they are quantities — after
第 or before a measure word (届 次 项 个 年 只 ...) — so that idioms and names such as 一带一路 or
同舟共济 are not read as numbers. Some values pair up when they can but are never reported missing
(*weak*), because a correct translation may well not show them: English number words (the matching
Chinese may be a numeral this module does not read as a count, or none: 王二 "the second Wang", 两人
"the pair"), approximate Chinese numbers (二十多年, 三四点, 十几遍), 一 and 两, "a decade", "both".
Digits are never weak. Leading list enumerators (一、 / "1.") are dropped: translations often renumber
or omit them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A number or date found in a text: its normalised key, whether it is weak, and how it was written.

    `key` is ("num", value), ("date", month, day) or ("month", month).
    """

    key: tuple
    text: str
    weak: bool = False


@dataclass(frozen=True)
class Agreement:
    """How the quantities of a source and its translation pair up."""

    matched: int
    missing: tuple[Quantity, ...]
    extra: tuple[Quantity, ...]

    @property
    def score(self) -> float | None:
        """Share of quantities that agree, or None when neither side has any."""
        total = self.matched + len(self.missing) + len(self.extra)
        return None if total == 0 else self.matched / total


# Letters glued to digits name things (5G, G20, COVID-19, H1N1), they are not quantities.
_ALNUM = re.compile(
    r"(?<![A-Za-z0-9])(?:COVID-19|SARS-CoV-2|[A-Za-z]+\d[A-Za-z0-9]*|\d+(?!st\b|nd\b|rd\b|th\b)[A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9])"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _mask_alnum(text: str) -> str:
    return _ALNUM.sub(lambda m: " " * len(m.group()), text)


def _number(digits: str) -> float:
    return float(digits.replace(",", ""))


# --- Chinese ---------------------------------------------------------------------------------------

_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
# Measure words and units after which a character numeral is a quantity (matched longest first).
_ZH_MEASURES = sorted(
    "中全会 周年 季度 个月 小时 分钟 百分点 平方公里 公里 公斤 年代 阶段 方面 "
    "年 月 日 号 届 次 项 个 名 位 家 国 条 点 天 周 岁 倍 轮 批 所 架 艘 人 种 季 部 份 件 枚 辆 座 例 剂 吨 "
    "米 元 级 代 期 章 款 段 类 层 场 大 省 市 区 县 只 亩 两 队 步 盒 根 颗 角 面 处 滴 遍 张 双 对 头 匹 块 本 "
    "把 杯 碗 片 句 声 口 间 支 股 笔 套 组 群 棵 朵 门 篇 首 行 排 列 趟 回 番 度 秒 分 斤 克 升 成 亿 万 千 百 %".split(),
    key=len,
    reverse=True,
)
# After the numeral, these make it approximate (二十多年, 十几遍, 二十来岁) or not a count (九十年代).
_ZH_APPROXIMATE = ("多", "几", "余", "来", "年代")
# Abbreviations that pack two numbers: 十四五 is the 14th Five-Year Plan.
# Words that start with a numeral and a measure word but are not counts (十分 "very", 四面 "all sides").
# The G20/G7 groups are written with letters in English, which this module does not read as numbers.
_ZH_NOT_COUNTS = (
    "十分", "万分", "四面", "四处", "四周", "八成", "千万", "万一", "一一", "百姓", "十足", "百分百",
    "二十国集团", "七国集团", "八国集团",
)
_ZH_PACKED = {"十三五": (13.0, 5.0), "十四五": (14.0, 5.0), "十五五": (15.0, 5.0)}
_ZH_NUM = r"(?:" + _DIGITS + r")[万亿]*|[一二两三四五六七八九十百千零〇][零〇一二三四五六七八九十百千万亿]*"
_ZH_TOKEN = re.compile(rf"(?P<ord>第)?(?P<num>{_ZH_NUM})")
_ZH_DATE = re.compile(r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?")
_ZH_PERCENT = re.compile(rf"百分之(?P<num>{_ZH_NUM})")
_ZH_ENUM = re.compile(r"^\s*(?:[（(](?:[一二三四五六七八九十]+|\d+)[）)]|(?:[一二三四五六七八九十]+|\d+)\s*[、．.](?!\d)|[其第][一二三四五六七八九十]+\s*[，,、：:])")
_ZH_RANGE = re.compile(r"[一二三四五六七八九][二三四五六七八九]")


def zh_value(numeral: str) -> float:
    """The value of a Chinese numeral, possibly mixing digits and characters: 十九, 2928亿, 3.5万, 二〇二〇."""
    if all(ch in _ZH_DIGIT for ch in numeral) and len(numeral) > 1:
        return float("".join(str(_ZH_DIGIT[ch]) for ch in numeral))
    total = section = number = 0.0
    for token in re.findall(rf"{_DIGITS}|.", numeral):
        if token[0].isdigit():
            number = _number(token)
        elif token in _ZH_DIGIT:
            number = _ZH_DIGIT[token]
        elif token in _ZH_UNIT:
            section += (number or 1) * _ZH_UNIT[token]
            number = 0
        elif token == "万":
            total += (section + number or 1) * 1e4
            section = number = 0
        elif token == "亿":
            total = (total + section + number or 1) * 1e8
            section = number = 0
    return total + section + number


def _is_range(numeral: str) -> bool:
    """三四, 十七八, 一二十: two neighbouring digits are an approximate range (but 一九九九 is a year)."""
    year = len(numeral) >= 3 and all(ch in _ZH_DIGIT for ch in numeral)
    return not year and bool(_ZH_RANGE.search(numeral))


def _zh_quantities(text: str) -> list[Quantity]:
    text = _mask_alnum(_ZH_ENUM.sub("", _normalise(text), count=1))
    found: list[Quantity] = []
    taken = [False] * len(text)

    def take(start: int, end: int) -> None:
        for i in range(start, end):
            taken[i] = True

    for m in _ZH_PERCENT.finditer(text):
        found.append(Quantity(("num", zh_value(m.group("num"))), m.group()))
        take(m.start(), m.end())
    for m in _ZH_DATE.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        month = zh_value(m.group("m"))
        if not 1 <= month <= 12:
            continue
        if m.group("d"):
            found.append(Quantity(("date", month, zh_value(m.group("d"))), m.group()))
        else:
            found.append(Quantity(("month", month), m.group()))
        take(m.start(), m.end())
    for m in _ZH_TOKEN.finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        numeral = m.group("num")
        if numeral in _ZH_PACKED:
            found.extend(Quantity(("num", v), numeral) for v in _ZH_PACKED[numeral])
            continue
        after = text[m.end() :]
        if after.startswith("分之"):  # a fraction: 百万分之五
            continue
        measure = next((w for w in _ZH_MEASURES if after.startswith(w)), "")
        approximate = after.startswith(_ZH_APPROXIMATE)
        written = not numeral[0].isdigit()
        # Character numerals are quantities only as ordinals or counts, not inside idioms (一带一路).
        if written and not m.group("ord") and (not (measure or approximate) or text.startswith(_ZH_NOT_COUNTS, m.start())):
            continue
        value = zh_value(numeral) * (10 if measure == "成" else 1)
        weak = approximate or (
            written and (_is_range(numeral) or (not m.group("ord") and (value <= 2 or numeral in ("百", "千", "万"))))
        )
        found.append(Quantity(("num", value), m.group() + measure, weak))
    return found


# --- English ---------------------------------------------------------------------------------------

_EN_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_ORD_UNITS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
    )
}
_EN_ORD_TENS = {w: 10 * (i + 2) for i, w in enumerate("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())}
_EN_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Words that imply a number a translator may equally leave out.
_EN_WEAK = {
    "decade": 10.0,
    "decades": 10.0,
    "century": 100.0,
    "centenary": 100.0,
    "centennial": 100.0,
    "both": 2.0,
    "twice": 2.0,
    "dozen": 12.0,
}
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ]
    )
    for name in names
}
# Month names that are also ordinary words count only next to a day number.
_AMBIGUOUS_MONTHS = {"May", "March", "Mar", "Jan", "Feb", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_EN_TOKEN = re.compile(rf"(?P<num>{_DIGITS})(?P<ord>st|nd|rd|th)?(?![A-Za-z0-9])|(?P<word>[A-Za-z]+)\.?")
_EN_ENUM = re.compile(r"^\s*(?:\(?\d{1,2}[.)](?!\d)|\(?[IVX]{1,4}[.)])\s*")


@dataclass
class _Tok:
    text: str
    start: int
    end: int
    value: float | None = None  # a numeric value (digits or number word), before scaling
    word: bool = False  # value came from a word
    ordinal: bool = False


def _en_tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _EN_TOKEN.finditer(text):
        if m.group("num"):
            toks.append(_Tok(m.group(), m.start(), m.end(), _number(m.group("num")), ordinal=bool(m.group("ord"))))
            continue
        word = m.group("word")
        low = word.lower()
        tok = _Tok(word, m.start(), m.end())
        if low in _EN_UNITS:
            tok.value, tok.word = float(_EN_UNITS[low]), True
        elif low in _EN_TENS:
            tok.value, tok.word = float(_EN_TENS[low]), True
        elif low in _EN_ORD_UNITS:
            tok.value, tok.word, tok.ordinal = float(_EN_ORD_UNITS[low]), True, True
        elif low in _EN_ORD_TENS:
            tok.value, tok.word, tok.ordinal = float(_EN_ORD_TENS[low]), True, True
        toks.append(tok)
    return toks


def _en_quantities(text: str) -> list[Quantity]:
    text = _mask_alnum(_EN_ENUM.sub("", _normalise(text), count=1))
    toks = _en_tokens(text)
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.value is None:
            if tok.text in _MONTHS:
                month = float(_MONTHS[tok.text])
                if nxt is not None and nxt.value is not None and not nxt.word and 1 <= nxt.value <= 31 and nxt.value.is_integer():
                    found.append(Quantity(("date", month, nxt.value), text[tok.start : nxt.end]))
                    i += 2
                    continue
                if tok.text not in _AMBIGUOUS_MONTHS or (nxt is not None and nxt.value is not None and nxt.value >= 1000):
                    found.append(Quantity(("month", month), tok.text))
            elif tok.text.lower() in _EN_WEAK:
                found.append(Quantity(("num", _EN_WEAK[tok.text.lower()]), tok.text, weak=True))
            i += 1
            continue
        # A day number followed by a month name: "30 November".
        if not tok.word and nxt is not None and nxt.text in _MONTHS and 1 <= tok.value <= 31:
            found.append(Quantity(("date", float(_MONTHS[nxt.text]), tok.value), text[tok.start : nxt.end]))
            i += 2
            continue
        value, j, word = tok.value, i + 1, tok.word
        # twenty-five, twenty-fifth
        if tok.word and tok.text.lower() in _EN_TENS and j < len(toks):
            unit = toks[j]
            if unit.word and unit.value is not None and 1 <= unit.value <= 9 and text[tok.end : unit.start] in ("-", " "):
                value += unit.value
                j += 1
        while j < len(toks) and toks[j].text.lower() in _EN_SCALES:
            value *= _EN_SCALES[toks[j].text.lower()]
            j += 1
        found.append(Quantity(("num", value), text[tok.start : toks[j - 1].end], weak=word))
        i = j
    return found


def quantities(text: str, lang: str) -> list[Quantity]:
    """The numbers and dates of a text in `lang` (base code zh or en), in order of appearance."""
    return _zh_quantities(text) if lang == "zh" else _en_quantities(text)


def _same(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-9) for x, y in zip(a[1:], b[1:], strict=True))


def _loosely_same(a: tuple, b: tuple) -> bool:
    """A date against a bare day or a bare month: the other side named less, but did not contradict."""
    for x, y in ((a, b), (b, a)):
        if x[0] == "date" and y[0] == "num" and math.isclose(x[2], y[1]):
            return True
        if x[0] == "date" and y[0] == "month" and math.isclose(x[1], y[1]):
            return True
    return False


def compare(source: str, src_lang: str, target: str, tgt_lang: str) -> Agreement:
    """Pair up the quantities of a source and its translation; unpaired strong ones are mismatches."""
    src = quantities(source, src_lang)
    tgt = quantities(target, tgt_lang)
    used = [False] * len(tgt)
    unpaired: list[Quantity] = []
    matched = 0
    for rule in (_same, _loosely_same):
        unpaired = []
        for q in src:
            for k, t in enumerate(tgt):
                if not used[k] and rule(q.key, t.key):
                    used[k] = True
                    matched += 1
                    break
            else:
                unpaired.append(q)
        src = unpaired
    missing = tuple(q for q in unpaired if not q.weak)
    extra = tuple(t for k, t in enumerate(tgt) if not used[k] and not t.weak)
    return Agreement(matched, missing, extra)
