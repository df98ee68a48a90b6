"""End-to-end throughput of `aligner translate` and the share of time spent outside the engine.

The seed briefing goes through the whole translate job (read, segment, glossary, engine, term check,
quality estimation, writing TMX + XLIFF + report) with an empty cache, twice:

- with the tiny random-weight argos test model (tests/argos_fixtures.py): the engine costs almost
  nothing, so this shows the pipeline's own overhead;
- with the demo LLM (Qwen2.5-Coder-1.5B-Instruct GGUF through the llm engine), when it is available: the
  installed demo model, `--gguf FILE`, or `~/.cache/aligner-bench/qwen2.5-1.5b-instruct-q4_k_m.gguf`.

Engine time is measured by timing every `Engine.translate` call; everything else in the job's wall
time is "outside the engine". Model loading happens before the clock starts (it is the engine's, and
paid once per run), except the sentence-embedding model, which QE loads on first use and which is
counted outside. The target: under 5% outside the engine with a real model.

Run: .venv/bin/python benchmarks/translate.py [--gguf FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SEED = ROOT / "seeds" / "000_88714ca1d098794c.txt"
BENCH_GGUF = Path.home() / ".cache" / "aligner-bench" / "qwen2.5-1.5b-instruct-q4_k_m.gguf"


class Timed:
    """An engine wrapper that adds up the time spent in `translate`."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.id, self.src_lang, self.tgt_lang = engine.id, engine.src_lang, engine.tgt_lang
        self.seconds = 0.0
        self.sentences = 0

    def translate(self, texts, hints):
        start = time.perf_counter()
        out = self.engine.translate(texts, hints)
        self.seconds += time.perf_counter() - start
        self.sentences += len(texts)
        return out


def run(label: str, make_engine, inputs: list[Path], workdir: Path) -> dict:
    from aligner.pipeline import TranslateOptions, translate_files

    os.environ["XDG_CACHE_HOME"] = str(workdir / f"cache-{label}")
    engine = Timed(make_engine())
    start = time.perf_counter()
    result = translate_files(inputs, workdir / f"out-{label}", TranslateOptions(progress=False), engine_factory=lambda: engine)
    wall = time.perf_counter() - start
    assert not result.errors, result.errors
    segments = sum(d.report["counts"]["segments"] for d in result.documents)
    return {
        "label": label,
        "segments": segments,
        "wall": wall,
        "engine": engine.seconds,
        "outside": wall - engine.seconds,
        "rate": segments / wall,
        "quality": result.mean_quality,
        "terms": [d.report["terms"] for d in result.documents],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gguf", type=Path, help="GGUF model for the llm run (default: the installed demo model)")
    parser.add_argument("--limit", type=int, default=0, help="translate only the first N lines of the seed's content (0: all)")
    args = parser.parse_args()

    from argos_fixtures import build_argosmodel, isolated_argos

    from aligner.engines.demo import installed_demo

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        inputs = [SEED]
        if args.limit:
            from aligner.read import read_document

            doc = read_document(SEED)
            short = workdir / SEED.name
            short.write_text("\n".join(doc.paragraphs[: args.limit]) + "\n", encoding="utf-8")
            inputs = [short]
        gguf = args.gguf or installed_demo() or (BENCH_GGUF if BENCH_GGUF.exists() else None)
        rows = []
        with isolated_argos(workdir / "argos") as _:
            from aligner.engines import packages
            from aligner.engines.argos import ArgosEngine

            packages.install_file(build_argosmodel(workdir / "model"))
            rows.append(run("tiny-argos", lambda: ArgosEngine("zh", "en"), inputs, workdir))
            if gguf is not None:
                from aligner.engines.llm import LlmEngine

                rows.append(run("demo-llm", lambda: LlmEngine(gguf, "zh", "en"), inputs, workdir))
            else:
                print("no demo model: run `aligner models install demo` or pass --gguf to measure the llm engine")
    print(f"{'engine':<11} {'segments':>8} {'wall s':>8} {'engine s':>9} {'outside s':>9} {'outside %':>9} {'sent/s':>7} {'quality':>7}")
    for r in rows:
        print(
            f"{r['label']:<11} {r['segments']:>8} {r['wall']:>8.1f} {r['engine']:>9.1f} {r['outside']:>9.1f} "
            f"{100 * r['outside'] / r['wall']:>8.1f}% {r['rate']:>7.2f} {r['quality'] or 0:>7.1f}"
        )
        for terms in r["terms"]:
            print(f"{'':<11} glossary terms: {terms['applied']} applied, {terms['missed']} missed, adherence {terms['adherence']}%")
    if len(rows) == 2:
        print(f"demo-llm / tiny-argos throughput ratio: {rows[1]['rate'] / rows[0]['rate']:.3f}")


if __name__ == "__main__":
    main()
