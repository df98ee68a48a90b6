"""The llm engine with a real GGUF model: opt-in, runs only when ALIGNER_TEST_GGUF names a model file
(../shared/tools/get-demo-gguf.sh or `aligner models install demo` gives one). About a minute on two
cores."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from aligner.engines.llm import LlmEngine
from aligner.errors import InputError
from aligner.model import TermMatch

GGUF = os.environ.get("ALIGNER_TEST_GGUF")
pytestmark = pytest.mark.skipif(not GGUF, reason="set ALIGNER_TEST_GGUF to a GGUF model file to run")


def _hints(text: str, *pairs: tuple[str, str]) -> list[TermMatch]:
    return [TermMatch(s, t, text.index(s), text.index(s) + len(s)) for s, t in pairs]


@pytest.fixture(scope="module")
def zh_en() -> LlmEngine:
    with LlmEngine(Path(GGUF or ""), "zh", "en") as engine:
        yield engine


def test_zh_en_uses_the_stated_terms_one_answer_per_sentence_in_order(zh_en: LlmEngine) -> None:
    texts = [
        "中方已就此事向美方提出严正交涉。",
        "目前，王毅国务委员兼外长正在韩国访问。",
        "中方一贯坚决反对美国对其他国家实施单边制裁和“长臂管辖”。",
        "东盟是中国周边外交的优先方向。",
    ]
    hints = [
        _hints(texts[0], ("严正交涉", "stern representations")),
        _hints(texts[1], ("国务委员兼外长", "State Councilor and Foreign Minister")),
        _hints(texts[2], ("长臂管辖", "long-arm jurisdiction")),
        _hints(texts[3], ("东盟", "ASEAN")),
    ]
    out = zh_en.translate(texts, hints)
    assert len(out) == len(texts)
    for hyp, terms in zip(out, hints):
        assert terms[0].target.lower() in hyp.text.lower(), hyp.text
        assert "\n" not in hyp.text and not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", hyp.text), hyp.text
        assert hyp.score is not None and 0 < hyp.score <= 1
    assert "Wang Yi" in out[1].text
    # Greedy: the same answer every time. (The score may move in the second decimal: a prompt that is
    # partly cached is evaluated in different batch shapes.)
    assert [h.text for h in zh_en.translate(texts[:1], hints[:1])] == [out[0].text]


def test_en_zh_answers_in_chinese_with_the_stated_term() -> None:
    text = "China has lodged stern representations with the US side."
    with LlmEngine(Path(GGUF or ""), "en", "zh") as engine:
        [hyp] = engine.translate([text], [_hints(text, ("stern representations", "严正交涉"))])
    assert "严正交涉" in hyp.text and "stern" not in hyp.text.lower(), hyp.text


def test_a_segment_beyond_the_context_is_a_one_line_error() -> None:
    with (
        LlmEngine(Path(GGUF or ""), "zh", "en", context=512) as engine,
        pytest.raises(InputError, match="could not translate a 700-character segment") as err,
    ):
        engine.translate(["中国" * 350], [[]])
    assert "\n" not in str(err.value)
