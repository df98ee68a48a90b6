"""The llm engine without a model: prompt building and output cleaning on real briefing sentences
(seeds/), the digest cache behind the engine id, and the errors a user sees when something is missing.
The run with a real GGUF is in test_llm_integration.py (opt-in)."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

import pytest

from aligner.engines import llm
from aligner.engines.llm import LlmEngine, build_messages, clean_output, model_digest
from aligner.errors import InputError
from aligner.model import TermMatch

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_88714ca1d098794c.txt"
PROTEST = "中方已就此事向美方提出严正交涉。中方一贯坚决反对美国对其他国家实施单边制裁和“长臂管辖”，我们敦促美方立即纠正错误做法，撤销这些非法的制裁。"
ASEAN = "东盟是中国周边外交的优先方向。"
TEN_POINTS = "两国外长会谈取得了丰富成果，可以概括为十项共识："
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _match(text: str, source: str, target: str, *variants: str) -> TermMatch:
    start = text.index(source)
    return TermMatch(source, target, start, start + len(source), tuple(variants))


def test_sentences_are_the_seeds_own() -> None:
    seed = SEED.read_text(encoding="utf-8")
    for sentence in (PROTEST, ASEAN, TEN_POINTS):
        assert sentence in seed


def test_zh_en_prompt_states_the_terms_of_the_sentence_after_the_examples() -> None:
    hints = [_match(PROTEST, "长臂管辖", "long-arm jurisdiction"), _match(PROTEST, "严正交涉", "stern representations")]
    messages = build_messages(PROTEST, hints, "zh-CN", "en")

    assert messages[0]["role"] == "system"
    assert "into English" in messages[0]["content"] and "translation only" in messages[0]["content"]
    roles = [m["role"] for m in messages[1:]]
    assert roles == ["user", "assistant"] * (len(roles) // 2) + ["user"]
    assert len(roles) >= 5  # at least two worked examples before the sentence
    last = messages[-1]["content"]
    # Terms in the order they occur in the sentence, then the sentence with the renderings in place.
    assert last == (
        "Glossary:\n严正交涉 = stern representations\n长臂管辖 = long-arm jurisdiction\n\n"
        "Chinese: 中方已就此事向美方提出stern representations。中方一贯坚决反对美国对其他国家实施单边制裁和"
        "“long-arm jurisdiction”，我们敦促美方立即纠正错误做法，撤销这些非法的制裁。"
    )
    # The examples teach the same format: an English answer that uses the stated rendering.
    shown = [(u["content"], a["content"]) for u, a in zip(messages[1:-1:2], messages[2:-1:2])]
    with_terms = [(u, a) for u, a in shown if u.startswith("Glossary:")]
    assert with_terms and any(not u.startswith("Glossary:") for u, _ in shown)
    for user, answer in with_terms:
        for line in user.split("\n\n")[0].splitlines()[1:]:
            assert line.split(" = ")[1] in answer
        assert not CHINESE.search(answer)


def test_repeated_terms_are_stated_once_and_no_glossary_means_no_glossary_block() -> None:
    text = "中国愿通过举办本届盛会，进一步深化同东盟经贸合作。东盟等周边国家将首先从中受益。"
    first = _match(text, "东盟", "ASEAN")
    second = TermMatch("东盟", "ASEAN", text.rindex("东盟"), text.rindex("东盟") + 2)
    assert build_messages(text, [first, second], "zh", "en")[-1]["content"] == (
        "Glossary:\n东盟 = ASEAN\n\nChinese: 中国愿通过举办本届盛会，进一步深化同ASEAN经贸合作。ASEAN等周边国家将首先从中受益。"
    )
    assert build_messages(ASEAN, [], "zh", "en")[-1]["content"] == f"Chinese: {ASEAN}"


def test_without_insertion_the_glossary_is_only_listed() -> None:
    hint = _match(ASEAN, "东盟", "ASEAN")
    assert build_messages(ASEAN, [hint], "zh", "en", insert=False)[-1]["content"] == (
        f"Glossary:\n东盟 = ASEAN\n\nChinese: {ASEAN}"
    )


def test_a_hint_that_does_not_point_at_its_term_is_stated_but_not_inserted() -> None:
    stale = TermMatch("东盟", "ASEAN", 3, 5)
    assert build_messages(ASEAN, [stale], "zh", "en")[-1]["content"] == f"Glossary:\n东盟 = ASEAN\n\nChinese: {ASEAN}"


def test_en_zh_prompt_reverses_the_examples() -> None:
    text = "China has lodged stern representations with the US side."
    messages = build_messages(text, [_match(text, "stern representations", "严正交涉")], "en", "zh-CN")
    assert "into Chinese" in messages[0]["content"]
    assert messages[-1]["content"] == (
        "Glossary:\nstern representations = 严正交涉\n\nEnglish: China has lodged 严正交涉 with the US side."
    )
    answers = [m["content"] for m in messages if m["role"] == "assistant"]
    assert answers and all(CHINESE.search(a) and not re.search("[A-Za-z]{4}", a) for a in answers)


def test_the_stricter_request_names_what_the_first_answer_missed() -> None:
    hint = _match(PROTEST, "严正交涉", "stern representations")
    last = build_messages(PROTEST, [hint], "zh", "en", missed=[hint])[-1]["content"]
    assert last.endswith("must contain these glossary renderings word for word: 严正交涉 → stern representations.")
    assert last.startswith("Glossary:\n严正交涉 = stern representations\n\nChinese: 中方已就此事向美方提出stern representations。")


def test_only_zh_en_pairs_are_supported() -> None:
    with pytest.raises(InputError, match="zh→en and en→zh, not zh→zh"):
        build_messages(ASEAN, [], "zh-CN", "zh")
    with pytest.raises(InputError, match="unsupported language 'fr'"):
        build_messages(ASEAN, [], "zh", "fr")


@pytest.mark.parametrize(
    ("raw", "source", "expected"),
    [
        ("ASEAN is a priority in China's neighborhood diplomacy.", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        ("Translation: ASEAN is a priority in China's neighborhood diplomacy.", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        (("English: ASEAN is a priority in China's neighborhood diplomacy.\n\nNote: 周边外交 is rendered as "
          "neighborhood diplomacy."), ASEAN, "ASEAN is a priority in China's neighborhood diplomacy."),
        ("Here is the translation:\n\n\"ASEAN is a priority in China's neighborhood diplomacy.\"", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        ("“ASEAN is a priority in China's neighborhood diplomacy.” (Note: 东盟 = ASEAN)", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        ("<think>The glossary says ASEAN.</think>\nASEAN is a priority in China's neighborhood diplomacy.", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        ("```\nASEAN is a priority in China's neighborhood diplomacy.\n```", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        ("ASEAN is a priority in China's neighborhood diplomacy.\nChina-ASEAN cooperation keeps deepening.", ASEAN,
         "ASEAN is a priority in China's neighborhood diplomacy."),
        # A colon that ends a real translation stays; only a bare preamble line is dropped.
        ("The talks were fruitful and produced a ten-point consensus:", TEN_POINTS,
         "The talks were fruitful and produced a ten-point consensus:"),
        # Quotes inside the sentence are the translation's own.
        ('China has lodged stern representations and opposes "long-arm jurisdiction".', PROTEST,
         'China has lodged stern representations and opposes "long-arm jurisdiction".'),
        ("译文：东盟是中国周边外交的优先方向。", "ASEAN is a priority in China's neighborhood diplomacy.",
         "东盟是中国周边外交的优先方向。"),
    ],
)
def test_output_is_cleaned_to_the_translation_alone(raw: str, source: str, expected: str) -> None:
    assert clean_output(raw, source) == expected


def test_quotes_are_kept_when_the_source_is_quoted() -> None:
    assert clean_output("“Golden Decade”", "“黄金十年”") == "“Golden Decade”"


def test_digest_is_cached_by_path_size_and_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + b"a" * 1000)
    first = model_digest(model)
    assert first == hashlib.sha256(model.read_bytes()).hexdigest()
    assert (tmp_path / "cache" / "aligner" / "model-digests.json").is_file()

    stat = model.stat()
    model.write_bytes(b"GGUF" + b"b" * 1000)  # same size; restore the mtime: the cached digest is used
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert model_digest(model) == first
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched: hashed again
    assert model_digest(model) == hashlib.sha256(model.read_bytes()).hexdigest() != first


def test_engine_id_comes_from_the_gguf_digest_without_loading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pytest.importorskip("xllamacpp")
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x00" * 64)
    engine = LlmEngine(model, "zh-CN", "en-US")
    assert engine.id == "llm:" + hashlib.sha256(model.read_bytes()).hexdigest()[:12] + "/p" + llm.PROMPT_DIGEST
    assert LlmEngine(model, "zh", "en", insert=False, retry=False).id == engine.id + "-noinsert-noretry"
    assert (engine.src_lang, engine.tgt_lang) == ("zh", "en")
    assert engine.translate([], []) == []
    assert [h.text for h in engine.translate(["  "], [[]])] == ["  "]  # blank input: no model needed
    assert os.environ["OMP_WAIT_POLICY"]  # set before the runtime was imported


def test_a_broken_gguf_fails_on_load_with_the_file_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pytest.importorskip("xllamacpp")
    model = tmp_path / "broken.gguf"
    model.write_bytes(b"GGUF\x03\x00\x00\x00garbage")
    engine = LlmEngine(model, "zh", "en")
    with pytest.raises(InputError, match="llama.cpp could not load the model") as err:
        engine.translate([ASEAN], [[]])
    assert err.value.path == str(model)


def test_missing_runtime_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # import fails as if the extra were not installed
    with pytest.raises(InputError, match=r"pip install 'aligner\[llm\]'") as err:
        LlmEngine(tmp_path / "m.gguf", "zh", "en")
    assert err.value.path is None


def test_missing_or_wrong_model_file_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm, "_runtime", lambda: None)  # the runtime is not what this test is about
    missing = tmp_path / "nope.gguf"
    with pytest.raises(InputError, match="no such model file; install the demo model with `aligner models install demo`") as err:
        LlmEngine(missing, "zh", "en")
    assert err.value.path == str(missing)
    text = tmp_path / "model.bin"
    text.write_text("not a model")
    with pytest.raises(InputError, match="not a GGUF model file"):
        LlmEngine(text, "zh", "en")
    with pytest.raises(InputError, match="is a folder"):
        LlmEngine(tmp_path, "zh", "en")
