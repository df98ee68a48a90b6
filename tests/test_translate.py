"""`aligner translate` end to end, through the real argos path with the tiny test model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sacrebleu
from argos_fixtures import argos_home, tiny_zh_en  # noqa: F401  (pytest fixtures)
from formats_fixtures import validate_tmx, validate_xliff2, validate_xliff12
from omegat_fixtures import empty_project, omegat_binary, run_omegat
from typer.testing import CliRunner

from aligner import formats
from aligner.cli import app
from aligner.engines.argos import ArgosEngine
from aligner.model import Unit
from aligner.pipeline import TranslateOptions, translate_files
from aligner.read import read_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_88714ca1d098794c.txt"
runner = CliRunner()

BRIEFING_A = "中方已就此事向美方提出严正交涉。\n赵立坚：\n东盟是中国周边外交的优先方向。\n"
BRIEFING_B = "title: 测试\ncontent:\n上海合作组织成立19年来，始终保持健康稳定发展势头。\n"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_zh_en: Path) -> Path:
    """Every test gets its own translation cache (and the tiny zh→en model installed)."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache


@pytest.fixture
def briefings(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(BRIEFING_A, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(BRIEFING_B, encoding="utf-8")
    (folder / "notes.md").write_text("不是简报", encoding="utf-8")
    return folder


def run(*args: str):
    return runner.invoke(app, ["translate", *args])


def tmx_units(path: Path) -> list[Unit]:
    return list(formats.read(path))


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory, tiny_zh_en: Path) -> tuple[Path, object]:
    """The seed translated once for the module, into every format."""
    out = tmp_path_factory.mktemp("seed-out")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(out / ".cache"))
        result = run(str(SEED), "-o", str(out / "corpora"), "--format", "tmx,xliff,xliff2,tsv", "--quiet")
    return out / "corpora", result


def test_seed_to_tmx_and_xliff_valid_with_a_report(seed_run) -> None:
    out, result = seed_run
    assert result.exit_code == 0, result.output
    stem = SEED.stem
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}{s}" for s in (".tmx", ".xlf", ".xlf2", ".tsv", ".report.json"))
    validate_tmx(out / f"{stem}.tmx")
    validate_xliff12(out / f"{stem}.xlf")
    validate_xliff2(out / f"{stem}.xlf2")
    units = tmx_units(out / f"{stem}.tmx")
    assert len(units) == 94
    assert all(u.origin == "mt" and u.engine.startswith("argos:zh-en@0.1#") for u in units)
    assert all(u.quality is not None and u.band in ("good", "review", "bad") for u in units)
    assert [u.source for u in units][8] == "赵立坚："
    assert [u.target for u in tmx_units(out / f"{stem}.xlf2")] == [u.target for u in units]
    report = json.loads((out / f"{stem}.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["segments"] == 94 and report["counts"]["mt"] == 94
    assert report["engine"] == units[0].engine
    assert report["terms"]["applied"] > 50 and report["terms"]["missed"] == 0
    assert report["mean_quality"] == pytest.approx(sum(u.quality for u in units) / 94, abs=0.05)
    assert len(report["low_quality"]) == report["counts"]["review"] + report["counts"]["bad"]


def test_every_matched_glossary_term_comes_out_in_approved_english(seed_run) -> None:
    from aligner import glossary

    out, _ = seed_run
    gloss = glossary.load(glossary.default_path())
    units = tmx_units(out / f"{SEED.stem}.tmx")
    matched = 0
    for unit in units:
        for match in gloss.match(unit.source, "zh"):
            matched += 1
            assert match.target.lower() in unit.target.lower(), (match, unit.target)
    assert matched > 50


def _omegat_fills_the_seed(tmx: Path, workdir: Path) -> None:
    """OmegaT, segmenting the seed with its own rules (one paragraph a line), finds every sentence in `tmx`."""
    omegat = omegat_binary()
    project = empty_project(workdir, line_breaks=True)
    (project / "source" / "seed.txt").write_text(read_document(SEED).content + "\n", encoding="utf-8")
    shutil.copy(tmx, project / "tm" / "auto")
    run_omegat(omegat, project, "--mode=console-translate")
    target = (project / "target" / "seed.txt").read_text(encoding="utf-8")
    units = tmx_units(tmx)
    assert [u.source for u in units if u.source in target] == []
    assert all(u.target in target for u in units)


def test_omegat_fills_every_segment_of_the_seed_from_our_tmx(seed_run, tmp_path: Path) -> None:
    out, _ = seed_run
    _omegat_fills_the_seed(out / f"{SEED.stem}.tmx", tmp_path)


def test_committed_demo_corpus_is_valid_and_fills_omegat(tmp_path: Path) -> None:
    """The sample corpora `make demo` committed under corpora/: schema-valid, real English, every
    sentence found by OmegaT, and at least 95% of the matched glossary terms in approved English."""
    corpus = ROOT / "corpora" / SEED.stem
    validate_tmx(corpus.with_suffix(".tmx"))
    validate_xliff12(corpus.with_suffix(".xlf"))
    validate_xliff2(corpus.with_suffix(".xlf2"))
    units = tmx_units(corpus.with_suffix(".tmx"))
    assert len(units) == 94 and all(u.origin == "mt" and u.engine.startswith("llm:") for u in units)
    assert not any("\u4e00" <= ch <= "\u9fff" for u in units for ch in u.target)
    report = json.loads(corpus.with_suffix(".report.json").read_text(encoding="utf-8"))
    assert report["terms"]["adherence"] >= 95
    _omegat_fills_the_seed(corpus.with_suffix(".tmx"), tmp_path)


def test_folder_recursion_and_globs(tmp_path: Path, briefings: Path) -> None:
    out = tmp_path / "out"
    assert run(str(briefings), "-o", str(out), "--quiet").exit_code == 0
    assert sorted(p.name for p in out.glob("*.tmx")) == ["a.tmx", "b.tmx"]
    out2 = tmp_path / "out2"
    assert run(str(briefings / "*.txt"), "-o", str(out2), "--quiet").exit_code == 0
    assert sorted(p.name for p in out2.glob("*.tmx")) == ["a.tmx"]
    missing = run(str(briefings / "*.html"), "-o", str(out2), "--quiet")
    assert missing.exit_code == 2
    assert "no file matches this pattern" in missing.stderr


def test_translation_memory_exact_matches_come_first(tmp_path: Path, briefings: Path) -> None:
    tm = tmp_path / "memory.tmx"
    approved = "China has lodged stern representations with the US side on this matter."
    formats.write(tm, [Unit(source="中方已就此事向美方提出严正交涉。", target=approved, origin="human")])
    out = tmp_path / "out"
    assert run(str(briefings / "a.txt"), "-o", str(out), "--tm", str(tm), "--quiet").exit_code == 0
    units = tmx_units(out / "a.tmx")
    assert units[0].origin == "tm" and units[0].target == approved and units[0].engine.startswith("tm:")
    assert [u.origin for u in units[1:]] == ["mt", "mt"]
    report = json.loads((out / "a.report.json").read_text(encoding="utf-8"))
    assert report["counts"]["tm"] == 1 and report["counts"]["mt"] == 2


def test_reference_scores_agree_with_sacrebleu(tmp_path: Path, briefings: Path) -> None:
    ref = tmp_path / "a.ref.txt"
    ref.write_text(
        "China has lodged stern representations with the US.\nZhao Lijian:\nASEAN is a priority in China's neighborhood diplomacy.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(str(briefings / "a.txt"), "-o", str(out), "--ref", str(ref), "--quiet").exit_code == 0
    hyps = [u.target for u in tmx_units(out / "a.tmx")]
    refs = ref.read_text(encoding="utf-8").splitlines()
    report = json.loads((out / "a.report.json").read_text(encoding="utf-8"))["reference"]
    assert report["bleu"] == pytest.approx(sacrebleu.corpus_bleu(hyps, [refs]).score, abs=0.01)
    assert report["chrf"] == pytest.approx(sacrebleu.corpus_chrf(hyps, [refs]).score, abs=0.01)
    assert report["signatures"]["bleu"].startswith("nrefs:1|")


def test_bad_file_among_good_ones_is_skipped_with_exit_2(tmp_path: Path, briefings: Path) -> None:
    (briefings / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (briefings / "english.txt").write_text("China firmly opposes unilateral sanctions.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(briefings), "-o", str(out), "--quiet")
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert any("broken.txt: binary file" in line for line in errors)
    assert any("english.txt: the text is in en, not zh" in line for line in errors)
    assert sorted(p.name for p in out.glob("*.tmx")) == ["a.tmx", "b.tmx"]
    assert not list(out.glob("broken*")) and not list(out.glob(".*part"))


def test_json_summary(tmp_path: Path, briefings: Path) -> None:
    out = tmp_path / "out"
    result = run(str(briefings), "-o", str(out), "--json", "--quiet")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["engine"].startswith("argos:zh-en@0.1#")
    assert summary["errors"] == []
    assert [Path(d["input"]).name for d in summary["documents"]] == ["a.txt", "b.txt"]
    assert summary["documents"][0]["segments"] == 3
    assert summary["documents"][0]["outputs"] == [str(out / n) for n in ("a.tmx", "a.xlf", "a.report.json")]
    assert summary["mean_quality"] is not None


class _Flaky:
    """The real argos engine, killed (KeyboardInterrupt) after `fail_after` batches; counts what it translated."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.inner = ArgosEngine("zh", "en")
        self.id, self.src_lang, self.tgt_lang = self.inner.id, "zh", "en"
        self.fail_after = fail_after
        self.translated: list[str] = []

    def translate(self, texts, hints):
        if self.fail_after is not None and len(self.translated) >= self.fail_after:
            raise KeyboardInterrupt
        self.translated.extend(texts)
        return self.inner.translate(texts, hints)


def test_interrupted_run_leaves_no_output_and_resumes_from_the_cache(tmp_path: Path, briefings: Path) -> None:
    out = tmp_path / "out"
    options = TranslateOptions(batch_size=1, progress=False)
    briefing = briefings / "a.txt"
    killed = _Flaky(fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        translate_files([briefing], out, options, engine_factory=lambda: killed)
    assert killed.translated == ["中方已就此事向美方提出严正交涉。", "赵立坚："]
    assert [p.name for p in out.iterdir()] == []
    resumed = _Flaky()
    result = translate_files([briefing], out, options, engine_factory=lambda: resumed)
    assert result.errors == []
    assert resumed.translated == ["东盟是中国周边外交的优先方向。"]
    assert len(tmx_units(out / "a.tmx")) == 3
    again = _Flaky()
    translate_files([briefing], out, options, engine_factory=lambda: again)
    assert again.translated == []


def test_unwritable_output_folder_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(str(SEED), "-o", str(blocker / "out"), "--quiet")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"aligner: error: {blocker / 'out'}: output folder is not writable")
    assert len(result.stderr.strip().splitlines()) == 1


def test_same_stem_in_two_folders_does_not_overwrite(tmp_path: Path, briefings: Path) -> None:
    shutil.copy(briefings / "a.txt", briefings / "sub" / "a.txt")
    out = tmp_path / "out"
    assert run(str(briefings), "-o", str(out), "--quiet").exit_code == 0
    assert sorted(p.name for p in out.glob("*.tmx")) == ["b.tmx", "in_a.tmx", "sub_a.tmx"]


def test_min_quality_gate_exits_1_after_writing(tmp_path: Path, briefings: Path) -> None:
    out = tmp_path / "out"
    result = run(str(briefings / "a.txt"), "-o", str(out), "--min-quality", "99", "--quiet")
    assert result.exit_code == 1
    assert (out / "a.tmx").exists()
    assert "below --min-quality 99" in result.stderr


def test_no_engine_for_the_pair_names_the_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from argostranslate import settings

    empty = tmp_path / "no-packages"
    empty.mkdir()
    monkeypatch.setattr(settings, "package_dirs", [empty])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-demo"))
    english = tmp_path / "en.txt"
    english.write_text("China firmly opposes unilateral sanctions.\n", encoding="utf-8")
    result = run(str(english), "-o", str(tmp_path / "out"), "--from-lang", "en", "--to-lang", "zh", "--quiet")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "aligner models install en zh" in line and "aligner models install demo" in line
    assert len(line.splitlines()) == 1
