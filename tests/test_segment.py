"""Sentence segmentation on the seed briefing and on English edge cases."""

from pathlib import Path

import pytest

from aligner.read import read_document
from aligner.segment import presegmented, segment_document, segment_text

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_88714ca1d098794c.txt"


@pytest.fixture(scope="module")
def seed_segments():
    return segment_document(read_document(SEED), "zh")


def texts(segments):
    return [s.text for s in segments]


def test_seed_offsets_point_back_into_the_content(seed_segments):
    content = read_document(SEED).content
    for seg in seed_segments:
        assert content[seg.start : seg.end] == seg.text
    assert [s.index for s in seed_segments] == list(range(len(seed_segments)))
    assert seed_segments[0].document == SEED.stem


def test_seed_original_title_and_first_item(seed_segments):
    out = texts(seed_segments)
    assert out[0] == "原标题：2020年11月26日外交部发言人赵立坚主持例行记者会"
    assert out[1].startswith("一、国务院总理李克强将于11月30日")
    assert out[1].endswith("理事会第十九次会议。")
    assert out[2] == "此次会议由印度主办，将以视频方式举行。"


def test_seed_speaker_lines_are_their_own_segments(seed_segments):
    out = texts(seed_segments)
    assert out.count("赵立坚：") == 9  # one answer to each of the nine questions
    speaker = [s for s in seed_segments if s.text == "赵立坚："]
    # A speaker label is a whole paragraph of its own.
    assert all(s.paragraph != seed_segments[s.index + 1].paragraph for s in speaker)


def test_seed_ten_points_of_the_korea_answer(seed_segments):
    out = texts(seed_segments)
    intro = out.index("两国外长会谈取得了丰富成果，可以概括为十项共识：")
    numerals = "一二三四五六七八九十"
    items = [t for t in out[intro + 1 :] if len(t) > 1 and t[0] in numerals and t[1] == "、"]
    assert [t[0] for t in items[:10]] == list(numerals)
    # Item 1 has two sentences: the second one is its own segment without a number.
    assert out[intro + 1] == "一、继续加强抗疫合作，强化联防联控，完善并逐步扩大“快捷通道”适用范围。"
    assert out[intro + 2] == "推动构建东北亚卫生抗疫合作机制。"


def test_seed_question_with_two_sentences(seed_segments):
    out = texts(seed_segments)
    assert "中国日报记者：中方如何看待上海合作组织发展？" in out
    assert "对本次总理会议有何期待？" in out


def test_seed_quotes_stay_inside_and_closing_quote_with_sentence(seed_segments):
    out = texts(seed_segments)
    assert "双方经贸合作有力促进了彼此发展繁荣，堪称中国—东盟经贸关系的“黄金十年”。" in out
    assert "2018年中非合作论坛北京峰会决定实施包括绿色发展在内的“八大行动”。" in out


def test_seed_segment_count(seed_segments):
    assert len(seed_segments) == 94


@pytest.mark.parametrize(
    "text, expected",
    [
        ("他说：“我们坚决反对。”随后离开了会场。", ["他说：“我们坚决反对。”", "随后离开了会场。"]),
        ("真的吗？！我不信。", ["真的吗？！", "我不信。"]),
        ("这是什么?我们不知道!好吧。", ["这是什么?", "我们不知道!", "好吧。"]),
        ("网址是 example.com/?a=1 请查收。", ["网址是 example.com/?a=1 请查收。"]),
        ("他沉默了……然后说话了。", ["他沉默了……", "然后说话了。"]),
        ("农业、能源……等领域增长。", ["农业、能源……等领域增长。"]),
        ("第一点；第二点：还有第三点。", ["第一点；第二点：还有第三点。"]),
        ("主要有三点：一、加强合作；二、扩大开放。", ["主要有三点：", "一、加强合作；", "二、扩大开放。"]),
        ("措施如下：（一）稳就业；（二）保民生。", ["措施如下：", "（一）稳就业；", "（二）保民生。"]),
        ("要点：1.加强合作 2.扩大开放", ["要点：", "1.加强合作", "2.扩大开放"]),
        ("增长3.5%，达到2,928亿元。", ["增长3.5%，达到2,928亿元。"]),
        ("（完）", ["（完）"]),
    ],
)
def test_chinese_rules(text, expected):
    assert texts(segment_text(text, "zh")) == expected


def test_chinese_line_break_always_ends_a_segment():
    assert texts(segment_text("两国外长会谈取得了丰富成果：\n一、继续加强抗疫合作；\n原标题：测试", "zh")) == [
        "两国外长会谈取得了丰富成果：",
        "一、继续加强抗疫合作；",
        "原标题：测试",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Wang and Dr. Smith met on Jan. 5 in Washington. They talked.",
            ["Mr. Wang and Dr. Smith met on Jan. 5 in Washington.", "They talked."],
        ),
        (
            "The U.S. side imposed sanctions. The U.K. did not. The sanctions hit the U.S. They failed.",
            ["The U.S. side imposed sanctions.", "The U.K. did not.", "The sanctions hit the U.S.", "They failed."],
        ),
        ("John F. Kennedy visited. J. K. Rowling wrote.", ["John F. Kennedy visited.", "J. K. Rowling wrote."]),
        ("Trade rose 3.5 percent to 2,928 units. It grew.", ["Trade rose 3.5 percent to 2,928 units.", "It grew."]),
        ("See item No. 3 for details. Done.", ["See item No. 3 for details.", "Done."]),
        (
            'He said, "We oppose unilateral sanctions." Then he left.',
            ['He said, "We oppose unilateral sanctions."', "Then he left."],
        ),
        ("He paused... and went on. We waited... Then it ended.", ["He paused... and went on.", "We waited...", "Then it ended."]),
        ("Really? Yes! Fine.", ["Really?", "Yes!", "Fine."]),
        ("Trade, investment, etc. The next round is due.", ["Trade, investment, etc.", "The next round is due."]),
        ("They met at 3 p.m. on Monday.", ["They met at 3 p.m. on Monday."]),
        ("1. Continue cooperation. Promote a mechanism.", ["1. Continue cooperation.", "Promote a mechanism."]),
        ("It is the U.S. Congress that decides.", ["It is the U.S. Congress that decides."]),
    ],
)
def test_english_rules(text, expected):
    assert texts(segment_text(text, "en")) == expected


def test_english_question_and_answer_labels():
    text = "Q: What is your comment? Will China respond?\nZhao Lijian:\nChina firmly opposes this. We urge the U.S. to stop.\nA: No."
    assert texts(segment_text(text, "en")) == [
        "Q: What is your comment?",
        "Will China respond?",
        "Zhao Lijian:",
        "China firmly opposes this.",
        "We urge the U.S. to stop.",
        "A: No.",
    ]


def test_language_is_detected_when_not_given(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("China has lodged stern representations with the U.S. side. We urge the U.S. to stop.\n")
    segments = segment_document(read_document(path))
    assert {s.lang for s in segments} == {"en"}
    assert len(segments) == 2


def test_presegmented_takes_each_line_as_one_segment(tmp_path):
    path = tmp_path / "pre.txt"
    path.write_text("第一句。第二句。\n\n第三句\n", encoding="utf-8")
    segments = presegmented(read_document(path), "zh")
    assert texts(segments) == ["第一句。第二句。", "第三句"]
    assert [(s.start, s.end) for s in segments] == [(0, 8), (9, 12)]
