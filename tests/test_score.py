"""`aligner score` through the CLI, checked against sacrebleu's own Python API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER
from typer.testing import CliRunner

from aligner import formats
from aligner.cli import app
from aligner.model import Unit
from quality_fixtures import PAIRS

ZH = [zh for zh, _ in PAIRS]
EN = [en for _, en in PAIRS]


def _english_hypotheses() -> list[str]:
    """Plausible MT-like variants of the references: reworded, shortened, one number wrong."""
    hyps = []
    for i, en in enumerate(EN):
        if i % 3 == 0:
            en = en.replace("the ", "").replace(" will ", " is going to ")
        elif i % 3 == 1:
            en = " ".join(en.split()[: max(3, len(en.split()) * 2 // 3)])
        hyps.append(en.replace("292.8", "29.28"))
    return hyps


def _chinese_hypotheses() -> list[str]:
    return [zh.replace("的", "").replace("将", "会").replace("举行", "召开") if i % 2 else zh[: max(4, len(zh) * 3 // 4)] for i, zh in enumerate(ZH)]


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _score(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["score", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_score_agrees_with_sacrebleu(tmp_path: Path, lang: str) -> None:
    refs = EN if lang == "en" else ZH
    hyps = _english_hypotheses() if lang == "en" else _chinese_hypotheses()
    code, out, err = _score(str(_write(tmp_path / "hyp.txt", hyps)), str(_write(tmp_path / "ref.txt", refs)), "--json", "--per-segment")
    assert code == 0, err
    report = json.loads(out)
    zh = lang == "zh"
    bleu = sacrebleu.corpus_bleu(hyps, [refs], tokenize="zh" if zh else "13a")
    chrf = sacrebleu.corpus_chrf(hyps, [refs])
    ter = sacrebleu.corpus_ter(hyps, [refs], asian_support=zh, normalized=zh)
    assert report["tgt_lang"] == lang and report["n_segments"] == len(refs)
    assert 5 < bleu.score < 95  # the test data is neither perfect nor garbage
    for key, expected in (("bleu", bleu.score), ("chrf", chrf.score), ("ter", ter.score)):
        assert round(report[key], 2) == round(expected, 2), key
    signatures = {
        "bleu": BLEU(tokenize="zh" if zh else "13a"),
        "chrf": CHRF(),
        "ter": TER(asian_support=zh, normalized=zh),
    }
    for key, metric in signatures.items():
        metric.corpus_score(hyps, [refs])
        assert report["signatures"][key] == str(metric.get_signature())
    assert ("tok:zh" in report["signatures"]["bleu"]) == zh and ("asian:yes" in report["signatures"]["ter"]) == zh
    sentence_bleu = BLEU(tokenize="zh" if zh else "13a", effective_order=True)
    for seg, h, r in zip(report["segments"], hyps, refs, strict=True):
        assert round(seg["bleu"], 2) == round(sentence_bleu.sentence_score(h, [r]).score, 2)
        assert round(seg["chrf"], 2) == round(CHRF().sentence_score(h, [r]).score, 2)
        assert round(seg["ter"], 2) == round(TER(asian_support=zh, normalized=zh).sentence_score(h, [r]).score, 2)
    assert "quality" not in report  # no sources, no QE


def test_text_report_reads_like_sacrebleu(tmp_path: Path) -> None:
    hyps = _english_hypotheses()
    code, out, _ = _score(str(_write(tmp_path / "h.txt", hyps)), str(_write(tmp_path / "r.txt", EN)), "--to-lang", "en")
    assert code == 0
    lines = out.splitlines()
    bleu = sacrebleu.corpus_bleu(hyps, [EN])
    assert lines[0] == f"BLEU = {bleu.score:.2f}  nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{sacrebleu.__version__}"
    assert lines[1].startswith("chrF2 = ") and lines[2].startswith("TER = ") and lines[-1] == f"segments = {len(EN)}"


def test_sources_bring_quality_estimates_and_the_gate(tmp_path: Path) -> None:
    hyp = _write(tmp_path / "h.txt", EN)
    ref = _write(tmp_path / "r.txt", _english_hypotheses())
    src = _write(tmp_path / "s.txt", ZH)
    code, out, err = _score(str(hyp), str(ref), "--src", str(src), "--json", "--min-quality", "80")
    assert code == 0, err
    report = json.loads(out)
    assert report["quality"] >= 80 and report["passed"] is True and sum(report["bands"].values()) == len(ZH)
    shuffled = _write(tmp_path / "x.txt", EN[5:] + EN[:5])
    code, out, err = _score(str(shuffled), str(ref), "--src", str(src), "--json", "--min-quality", "80", "--per-segment")
    assert code == 1
    report = json.loads(out)  # printed before failing the gate
    assert report["quality"] < 40 and report["passed"] is False
    assert err.strip() == f"aligner: quality {report['quality']:.1f} is below --min-quality 80"
    assert all(seg["band"] == "bad" and seg["notes"] for seg in report["segments"])


def test_tmx_hypothesis_brings_its_sources(tmp_path: Path) -> None:
    formats.write(tmp_path / "mt.tmx", [Unit(zh, en, id=str(i)) for i, (zh, en) in enumerate(PAIRS)])
    ref = _write(tmp_path / "r.txt", EN)
    code, out, err = _score(str(tmp_path / "mt.tmx"), str(ref), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["bleu"] == pytest.approx(100.0) and report["tgt_lang"] == "en"
    assert report["quality"] > 90


def test_tmx_reference_brings_sources_for_a_plain_hypothesis(tmp_path: Path) -> None:
    formats.write(tmp_path / "human.tmx", [Unit(zh, en, id=str(i)) for i, (zh, en) in enumerate(PAIRS)])
    hyp = _write(tmp_path / "h.txt", _english_hypotheses())
    code, out, err = _score(str(hyp), str(tmp_path / "human.tmx"), "--json", "--per-segment")
    assert code == 0, err
    report = json.loads(out)
    assert report["bleu"] == pytest.approx(sacrebleu.corpus_bleu(_english_hypotheses(), [EN]).score)
    assert report["quality"] is not None
    assert any("29.28 billion in the target" in note for seg in report["segments"] for note in seg["notes"])


def test_term_accuracy_with_a_glossary(tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text(
        "zh\ten\tvariants\tnote\tsource\n"
        "东盟\tASEAN\tAssociation of Southeast Asian Nations\t\ttest\n"
        "周边外交\tneighborhood diplomacy\tneighbourhood diplomacy\t\ttest\n"
        "赵立坚\tZhao Lijian\t\t\ttest\n",
        encoding="utf-8",
    )
    src = _write(tmp_path / "s.txt", ["东盟是中国周边外交的优先方向。", "赵立坚：", "此次会议由印度主办，将以视频方式举行。"])
    hyp = _write(tmp_path / "h.txt", ["ASEAN is a priority in China's diplomacy with neighbours.", "Zhao Lijian:", "The meeting will be held by video."])
    ref = _write(tmp_path / "r.txt", ["ASEAN is a priority in China's neighbourhood diplomacy.", "Zhao Lijian:", "The meeting, hosted by India, will be held via video link."])
    code, out, err = _score(str(hyp), str(ref), "--src", str(src), "--glossary", str(glossary), "--json", "--per-segment")
    assert code == 0, err
    report = json.loads(out)
    assert report["terms"] == {"applied": 2, "total": 3}
    assert report["term_accuracy"] == pytest.approx(200 / 3, abs=1e-3)
    assert [seg["term_accuracy"] for seg in report["segments"]] == [50.0, 100.0, None]
    assert report["segments"][0]["missed_terms"] == ["周边外交"]
    assert any("glossary terms not applied: 周边外交" in n for n in report["segments"][0]["notes"])
    code, out, _ = _score(str(hyp), str(ref), "--src", str(src), "--glossary", str(glossary))
    assert "term accuracy = 66.67  (2 of 3 glossary terms applied)" in out.splitlines()


def test_target_language_is_detected_from_the_references(tmp_path: Path) -> None:
    code, out, _ = _score(str(_write(tmp_path / "h.txt", ZH)), str(_write(tmp_path / "r.txt", ZH)), "--json")
    assert code == 0 and json.loads(out)["signatures"]["bleu"].split("|")[3] == "tok:zh"


@pytest.mark.parametrize(
    ("setup", "extra", "message"),
    [
        ("short_hyp", [], "segments, but the reference"),
        ("plain", ["--glossary", "GLOSSARY"], "--glossary needs the sources"),
        ("plain", ["--min-quality", "50"], "--min-quality needs the sources"),
        ("short_src", [], "sources, but the hypothesis"),
        ("missing", [], "no such file"),
        ("plain", ["--to-lang", "fr"], "unsupported language"),
        ("digits", [], "cannot detect the language: no Chinese or Latin letters; give --to-lang"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path: Path, setup: str, extra: list[str], message: str) -> None:
    hyp = _write(tmp_path / "h.txt", EN[:-1] if setup == "short_hyp" else EN)
    ref = _write(tmp_path / "r.txt", [str(i) for i in range(len(EN))] if setup == "digits" else EN)
    args = [str(hyp if setup != "missing" else tmp_path / "nope.txt"), str(ref)]
    if setup == "short_src":
        args += ["--src", str(_write(tmp_path / "s.txt", ZH[:3]))]
    glossary = tmp_path / "g.tsv"
    glossary.write_text("zh\ten\tvariants\tnote\tsource\n东盟\tASEAN\t\t\t\n", encoding="utf-8")
    args += [str(glossary) if a == "GLOSSARY" else a for a in extra]
    code, out, err = _score(*args)
    assert code == 2, (out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aligner: error: ") and message in lines[0], err
