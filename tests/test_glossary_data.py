"""Integrity of the shipped diplomatic glossary, read with the csv module alone.

The glossary is data that translators rely on, so its shape is checked independently of
the project's own loader: a loader bug must not hide a broken file, and vice versa.
"""

import csv
from pathlib import Path

import pytest

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary" / "diplomatic.zh-en.tsv"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_88714ca1d098794c.txt"
HEADER = ["zh", "en", "variants", "note", "source"]


def _read() -> tuple[list[str], list[list[str]]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    return _read()[1]


@pytest.fixture(scope="module")
def by_zh(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row for row in rows}


def test_file_is_utf8_without_bom() -> None:
    raw = GLOSSARY.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def test_header_is_exact() -> None:
    assert _read()[0] == HEADER


def test_has_at_least_400_entries(rows: list[list[str]]) -> None:
    assert len(rows) >= 400


def test_every_row_has_five_columns(rows: list[list[str]]) -> None:
    bad = [row for row in rows if len(row) != len(HEADER)]
    assert bad == []


def test_zh_keys_are_unique(rows: list[list[str]]) -> None:
    seen: set[str] = set()
    dupes = [row[0] for row in rows if row[0] in seen or seen.add(row[0])]
    assert dupes == []


def test_no_empty_required_fields(rows: list[list[str]]) -> None:
    empty = [row for row in rows if not row[0] or not row[1] or not row[4]]
    assert empty == []


def test_no_padded_fields_or_quote_characters(rows: list[list[str]]) -> None:
    """Padded fields break exact matching; ASCII double quotes confuse quoting CSV readers."""
    bad = [row for row in rows for f in row if f != f.strip() or '"' in f]
    assert bad == []


def test_variants_are_clean_pipe_lists(rows: list[list[str]]) -> None:
    bad = [row for row in rows if row[2] and any(v != v.strip() or not v for v in row[2].split("|"))]
    assert bad == []


def test_zh_column_is_chinese_and_en_column_is_not(rows: list[list[str]]) -> None:
    def has_cjk(text: str) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in text)

    assert [row[0] for row in rows if not has_cjk(row[0])] == []
    assert [row[1] for row in rows if has_cjk(row[1])] == []


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("上海合作组织", "Shanghai Cooperation Organization"),
        ("上合组织", "SCO"),
        ("东盟", "ASEAN"),
        ("一带一路", "Belt and Road"),
        ("一带一路倡议", "Belt and Road Initiative"),
        ("长臂管辖", "long-arm jurisdiction"),
        ("严正交涉", "stern representations"),
        ("区域全面经济伙伴关系协定", "Regional Comprehensive Economic Partnership"),
        ("人类命运共同体", "community with a shared future for mankind"),
        ("中国—东盟博览会", "China-ASEAN Expo"),
        ("中非合作论坛", "Forum on China-Africa Cooperation"),
        ("国务委员兼外长王毅", "State Councilor and Foreign Minister Wang Yi"),
        ("赵立坚", "Zhao Lijian"),
        ("华春莹", "Hua Chunying"),
        ("汪文斌", "Wang Wenbin"),
        ("新发展格局", "new development paradigm"),
        ("双循环", "dual circulation"),
        ("内政", "internal affairs"),
        ("核心利益", "core interests"),
        ("单边制裁", "unilateral sanctions"),
        ("中美", "China-US"),
        ("中美洲", "Central America"),
        ("韩国", "ROK"),
    ],
)
def test_key_terms_have_expected_rendering(by_zh: dict[str, list[str]], zh: str, en: str) -> None:
    assert zh in by_zh, zh
    assert by_zh[zh][1] == en


def test_acronym_variants_are_offered(by_zh: dict[str, list[str]]) -> None:
    assert "SCO" in by_zh["上海合作组织"][2].split("|")
    assert "RCEP" in by_zh["区域全面经济伙伴关系协定"][2].split("|")
    assert "CAEXPO" in by_zh["中国—东盟博览会"][2].split("|")
    assert "FOCAC" in by_zh["中非合作论坛"][2].split("|")


@pytest.mark.parametrize(
    "term",
    [
        "上海合作组织成员国政府首脑（总理）理事会",
        "中俄总理第二十五次定期会晤",
        "中央外事工作委员会办公室主任",
        "中国—东盟商务与投资峰会",
        "中国—东盟自贸区",
        "中共十九届五中全会",
        "中韩关系未来发展委员会",
        "中韩经贸合作联合规划",
        "中日韩自贸协定",
        "中俄新时代全面战略协作伙伴关系",
        "中非环境合作中心",
        "中非合作论坛北京峰会",
        "米舒斯京",
        "康京和",
        "艾布拉姆斯",
        "世贸组织",
    ],
)
def test_seed_briefing_terms_are_covered(by_zh: dict[str, list[str]], term: str) -> None:
    """The sample briefing (2020-11-26) is the reference text: its terms come first."""
    assert term in SEED.read_text(encoding="utf-8")
    assert term in by_zh


def test_longer_entries_exist_for_known_false_matches(by_zh: dict[str, list[str]]) -> None:
    """A short term inside a longer, unrelated word needs the longer word as its own entry."""
    for short, longer in [
        ("中美", "中美洲"),
        ("印度", "印度尼西亚"),
        ("苏丹", "南苏丹"),
        ("中东", "中东欧"),
        ("中非", "中非共和国"),
        ("几内亚", "巴布亚新几内亚"),
        ("俄罗斯", "白俄罗斯"),
        ("中欧", "中欧班列"),
    ]:
        assert short in by_zh and longer in by_zh, (short, longer)
        assert by_zh[short][1] != by_zh[longer][1]
