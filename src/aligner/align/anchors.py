"""Hard anchors: what a sentence and its translation must share whatever the wording.

Press briefings are full of them: numbers and dates (11月26日 / November 26, 第十九次 / 19th),
numbered announcements (一、 / 1.), and speaker labels (问： / Q:, 赵立坚： / Zhao Lijian:). A pair of
sentences within reach of each other whose keys agree becomes a heavy pair in the first pass, so the
path goes through it even where the embeddings hesitate (a list of short, similar announcements).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ZH_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万]+")
_ZH_COUNTED = re.compile(r"(第)?([零〇一二两三四五六七八九十百千万]+)(次|届|个|年|月|日|号|位|项|条|点|岁|周年|轮|批|天|亿|万|、)")
_ARABIC = re.compile(r"\d+(?:[.,]\d+)*")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    )
}
_EN_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b\s+\d", re.IGNORECASE)
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100, "thousand": 1000,
}
_ZH_ITEM = re.compile(r"^\s*(?:[（(]([零〇一二三四五六七八九十]+|\d+)[)）]|([零〇一二三四五六七八九十]+|\d+)[、.．])")
_EN_ITEM = re.compile(r"^\s*(?:\((\d+|[ivx]+)\)|(\d+|[ivx]+)[.)]\s)", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ZH_LABEL = re.compile(r"^[^，。！？：:]{1,30}[：:]\s*$|^(问|答)[：:]")
_EN_LABEL = re.compile(r"^[^,.!?:]{1,40}:\s*$|^(Q|A)\s*:", re.IGNORECASE)


def zh_number(text: str) -> int | None:
    """The value of a Chinese numeral up to the ten-thousands (二十五 → 25, 一九 → 19), else None."""
    if not text or any(c not in _ZH_DIGITS and c not in _ZH_UNITS for c in text):
        return None
    if not any(c in _ZH_UNITS for c in text):
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _ZH_DIGITS:
            current = _ZH_DIGITS[c]
        else:
            total += (current or 1) * _ZH_UNITS[c]
            current = 0
    return total + current


def _numbers(text: str, lang: str) -> set[str]:
    found = {n.replace(",", "") for n in _ARABIC.findall(text)}
    if lang == "zh":
        for match in _ZH_COUNTED.finditer(text):
            value = zh_number(match.group(2))
            if value is not None and value > 1:
                found.add(str(value))
        if "月" in text:
            found.update(str(int(m)) for m in re.findall(r"(\d{1,2})月", text))
    else:
        for match in _EN_MONTH.finditer(text):
            found.add(str(_MONTHS[match.group(1).lower()]))
        for word in re.findall(r"[a-z]+", text.lower()):
            if word in _EN_WORDS and _EN_WORDS[word] > 1:
                found.add(str(_EN_WORDS[word]))
    return {n for n in found if n not in {"0", "1"}}


def _item(text: str, lang: str) -> str | None:
    match = (_ZH_ITEM if lang == "zh" else _EN_ITEM).match(text)
    if not match:
        return None
    label = (match.group(1) or match.group(2)).lower()
    if label.isdigit():
        return label
    if label in _ROMAN:
        return str(_ROMAN[label])
    value = zh_number(label)
    return None if value is None else str(value)


def keys(sentence: str, lang: str) -> frozenset[str]:
    """What must survive translation: `n:<number>`, `item:<n>` for a numbered item, `label` for a speaker."""
    out = {f"n:{n}" for n in _numbers(sentence, lang)}
    item = _item(sentence, lang)
    if item is not None:
        out.add(f"item:{item}")
    if (_ZH_LABEL if lang == "zh" else _EN_LABEL).search(sentence.strip()):
        out.add("label")
    return frozenset(out)


def pairs(
    src_sentences: Sequence[str],
    tgt_sentences: Sequence[str],
    src_lang: str,
    tgt_lang: str,
    window: int,
    src_vectors: np.ndarray | None = None,
    tgt_vectors: np.ndarray | None = None,
    bonus: float = 1.0,
    label_bonus: float = 0.3,
) -> list[tuple[int, int, float]]:
    """(i, j, weight) for sentences within ±window of the diagonal whose keys agree.

    Keys agree when they are identical or overlap (Jaccard) by at least 2/3. Distinctive keys (a
    numbered item, numbers of three digits or more) that agree with exactly one target in reach give
    a pair weighing its cosine plus `bonus`: heavier than any plain similarity, so the first-pass
    chain goes through it unless it contradicts many others. Speaker labels and small numbers are
    common, so they only nudge (`label_bonus`) the three agreeing targets nearest the diagonal.
    """
    n, m = len(src_sentences), len(tgt_sentences)
    if n == 0 or m == 0:
        return []
    tgt_keys = [keys(s, tgt_lang) for s in tgt_sentences]
    index: dict[str, list[int]] = {}
    for j, ks in enumerate(tgt_keys):
        for k in ks:
            index.setdefault(k, []).append(j)
    found = []
    for i, sentence in enumerate(src_sentences):
        ks = keys(sentence, src_lang)
        if not ks:
            continue
        center = (i + 0.5) * m / n
        candidates = sorted({j for k in ks for j in index.get(k, ()) if abs(j - center) <= window}, key=lambda j: abs(j - center))
        weight = bonus if _distinctive(ks) else label_bonus
        limit = 1 if weight == bonus else 3
        agreeing = [j for j in candidates if _agree(ks, tgt_keys[j])]
        if weight == bonus and len(agreeing) > limit:
            continue
        for j in agreeing[:limit]:
            overlap = len(ks & tgt_keys[j]) / len(ks | tgt_keys[j])
            sim = float(src_vectors[i] @ tgt_vectors[j]) if src_vectors is not None and tgt_vectors is not None else 0.0
            found.append((i, j, sim + weight * overlap))
    return found


def _distinctive(ks: frozenset[str]) -> bool:
    """A numbered item, or numbers with three digits or more between them: rare enough to trust."""
    digits = sum(len(k) - 2 for k in ks if k.startswith("n:"))
    return any(k.startswith("item:") for k in ks) or digits >= 3


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return a == b or len(a & b) / len(a | b) >= 2 / 3
