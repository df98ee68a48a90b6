"""Number and date agreement between Chinese briefing sentences and English translations."""

from __future__ import annotations

import pytest

from aligner.quality.numbers import compare, quantities, zh_value
from quality_fixtures import PAIRS, seed_text


def test_fixture_sentences_are_real_seed_sentences() -> None:
    text = seed_text()
    assert all(zh in text for zh, _ in PAIRS)


@pytest.mark.parametrize(("zh", "en"), PAIRS, ids=[zh[:12] for zh, _ in PAIRS])
def test_correct_translations_agree(zh: str, en: str) -> None:
    agreement = compare(zh, "zh", en, "en")
    assert agreement.missing == () and agreement.extra == (), agreement
    assert agreement.score in (None, 1.0)
    reverse = compare(en, "en", zh, "zh")
    assert reverse.missing == () and reverse.extra == (), reverse


def _pair(prefix: str) -> tuple[str, str]:
    return next((zh, en) for zh, en in PAIRS if zh.startswith(prefix))


# (seed sentence prefix, text in the correct English, broken replacement, what must be reported missing, extra)
BROKEN = [
    ("一、国务院总理李克强", "November 30", "November 13", "11月30日", "November 13"),
    ("一、国务院总理李克强", "19th Meeting", "9th Meeting", "第十九次", "9th"),
    ("十年来", "292.8 billion", "29.28 billion", "2928亿", "29.28 billion"),
    ("十年来", "in 2019", "in 2018", "2019年", "2018"),
    ("今年前三季度", "up 5 percent", "up 15 percent", "5%", "15"),
    ("今年前三季度", "481.8 billion", "481.8 million", "4818亿", "481.8 million"),
    ("三、中共中央政治局委员", "17th China-ASEAN Expo", "27th China-ASEAN Expo", "第十七届", "27th"),
    ("三、中共中央政治局委员", "on November 27", "on November 17", "11月27日", "November 17"),
    ("前不久召开的中共十九届", "Through the Year 2035", "Through the Year 2025", "2035年", "2025"),
    ("前不久召开的中共十九届", "the 14th Five-Year Plan", "the 13th Five-Year Plan", "第十四个", "13th"),
    ("二、成立", "over the next 30 years", "over the coming decades", "30年", None),
    ("二、成立", "in 2022", "in 2021", "2022年", "2021"),
    ("今年是中国—东盟自贸区", "10th anniversary", "20th anniversary", "十周年", "20th"),
    ("今年前10个月", "88 billion", "880 billion", "880亿", "880 billion"),
    ("中俄总理定期会晤", "held 24 times", "held 25 times", "24次", "25"),
    ("原标题", "November 26, 2020", "November 25, 2020", "11月26日", "November 25"),
    ("二、经中俄双方商定", "on December 2", "on December 12", "12月2日", "December 12"),
]


@pytest.mark.parametrize(("prefix", "good", "bad", "missing", "extra"), BROKEN, ids=[f"{b[0][:6]}-{b[2]}" for b in BROKEN])
def test_broken_numbers_are_reported(prefix: str, good: str, bad: str, missing: str, extra: str | None) -> None:
    zh, en = _pair(prefix)
    assert good in en
    agreement = compare(zh, "zh", en.replace(good, bad), "en")
    assert [q.text for q in agreement.missing] == [missing]
    assert [q.text for q in agreement.extra] == ([extra] if extra else [])
    assert agreement.score is not None and agreement.score < 1


def test_ten_point_consensus_must_stay_ten() -> None:
    zh, en = _pair("两国外长会谈")
    assert compare(zh, "zh", en, "en").score == 1.0
    broken = compare(zh, "zh", en.replace("ten-point", "twelve-point"), "en")
    assert [q.text for q in broken.missing] == ["十项"]


def test_dates_in_either_order_and_day_only() -> None:
    assert compare("11月30日举行", "zh", "held on 30 November", "en").score == 1.0
    assert compare("11月30日举行", "zh", "held on Nov. 30th", "en").score == 1.0
    zh, en = _pair("25日，习近平主席")
    assert compare(zh, "zh", en.replace("On the 25th", "On November 25"), "en").missing == ()


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十九", 19), ("二十五", 25), ("2928亿", 2.928e11), ("3.5万", 35000), ("二〇二〇", 2020), ("一百二十", 120), ("两千", 2000), ("十万", 1e5), ("一亿二千万", 1.2e8)],
)
def test_chinese_numeral_values(numeral: str, value: float) -> None:
    assert zh_value(numeral) == pytest.approx(value)


def test_idioms_names_and_enumerators_are_not_numbers() -> None:
    text = "五、加快“一带一路”倡议和韩方国家发展战略对接，同舟共济，千方百计，十分重要。"
    assert quantities(text, "zh") == []
    assert quantities("5. Align the Belt and Road Initiative with 5G and COVID-19 response.", "en") == []


def test_plenum_and_packed_plan_numbers() -> None:
    keys = [q.key for q in quantities("中共十九届五中全会审议“十四五”规划", "zh")]
    assert keys == [("num", 19.0), ("num", 5.0), ("num", 14.0), ("num", 5.0)]


def test_number_words_pair_up_but_are_not_reported_alone() -> None:
    # "second" renders 第二 here; an English number word with no counterpart is not an error by itself.
    zh, en = _pair("六、尽早达成")
    assert compare(zh, "zh", en, "en").matched == 3
    assert compare("队长说，谁是王二？", "zh", "The captain asked: who is Wang the Second?", "en").score is None


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("习近平主席出席二十国集团领导人峰会。", "President Xi Jinping attended the G20 Leaders' Summit."),
        ("为实现“两个一百年”奋斗目标而努力。", "Strive to achieve the Two Centenary Goals."),
        ("中共十九大以来", "Since the 19th CPC National Congress"),
        ("坚持“一国两制”，推动两岸关系和平发展。", "Uphold One Country, Two Systems and promote peaceful cross-Strait relations."),
    ],
)
def test_diplomatic_set_phrases(zh: str, en: str) -> None:
    agreement = compare(zh, "zh", en, "en")
    assert agreement.missing == () and agreement.extra == (), agreement
