"""Glossary adherence and speed of the llm engine on the seed briefing, with a real GGUF model.

Segments of the seed briefings are matched against the bundled diplomatic glossary; N of the segments
that contain at least one term (evenly spread over the document) are translated zh→en by the llm
engine, and every matched term is checked in the output (`aligner.glossary.check`: the approved
English or a listed variant, case-insensitive). Reported:

- term adherence: the share of matched terms whose approved English appears with the engine as it
  ships (glossary listed, renderings put in place of the terms, stricter retry), with the two
  ablations (glossary only listed; listed and put in place but no retry), and the baseline of the same
  model and sentences with no glossary in the prompt, all in the same run;
- speed: sentences per second and seconds per sentence (model load excluded);
- with --wait-policy: seconds per sentence with passive waiting (the engine's default:
  OMP_WAIT_POLICY=PASSIVE, polling off) against busy waiting (OMP_WAIT_POLICY=ACTIVE, llama.cpp's
  default polling), on the machine as found (its load average is printed: other work shares the cores)
  and with one more CPU-bound process started by the benchmark, each in a fresh process because OpenMP
  reads its wait policy when the library loads.

The model is --model, else $ALIGNER_TEST_GGUF, else the installed demo model, else the file
../shared/tools/get-demo-gguf.sh writes.

Run: .venv/bin/python benchmarks/llm_terms.py [--limit 30] [--no-baseline] [--wait-policy]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_GGUF = Path.home() / ".cache" / "aligner-bench" / "qwen2.5-1.5b-instruct-q4_k_m.gguf"


def default_model() -> Path:
    if os.environ.get("ALIGNER_TEST_GGUF"):
        return Path(os.environ["ALIGNER_TEST_GGUF"])
    from aligner.engines.demo import installed_demo

    return installed_demo() or BENCH_GGUF


def sample(limit: int, seeds: list[Path]):
    """(segment text, matches) for `limit` term-bearing segments spread evenly over the seeds."""
    from aligner import glossary
    from aligner.read import read_document
    from aligner.segment import segment_document

    gloss = glossary.load(glossary.default_path())
    rows = []
    for path in seeds:
        for seg in segment_document(read_document(path), "zh"):
            matches = gloss.match(seg.text, "zh")
            if matches:
                rows.append((seg.text, matches))
    if limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def run(engine, rows, with_terms: bool):
    from aligner.glossary import check

    applied = missed = 0
    misses = []
    outputs = []
    start = time.perf_counter()
    for text, matches in rows:
        hyp = engine.translate([text], [matches if with_terms else []])[0]
        ok, bad = check(hyp.text, matches)
        applied += len(ok)
        missed += len(bad)
        misses.extend((m.source, m.target) for m in bad)
        outputs.append(hyp.text)
    seconds = time.perf_counter() - start
    return {"applied": applied, "terms": applied + missed, "seconds": seconds, "misses": misses, "outputs": outputs}


def wait_policy_child(model: str, policy: str, poll: int, n: int) -> None:
    """Runs in a fresh process: time n short sentences, print seconds per sentence as JSON."""
    from aligner.engines.llm import LlmEngine

    assert os.environ.get("OMP_WAIT_POLICY") == policy
    texts = [text for text, _ in sample(n, sorted((ROOT / "seeds").glob("*.txt")))]
    engine = LlmEngine(model, "zh", "en", poll=poll)
    engine.translate(texts[:1], [[]])  # load and warm the prompt cache
    start = time.perf_counter()
    engine.translate(texts, [[] for _ in texts])
    print(json.dumps({"per_sentence": (time.perf_counter() - start) / len(texts)}))


def wait_policy(model: Path, n: int) -> None:
    print(f"\nwait policy: {n} sentences per run, seconds per sentence (lower is better)")
    print(f"{'machine':<34}{'passive, poll 0':>17}{'active, poll 50':>17}{'ratio':>8}")
    for contended in (False, True):
        burner = None
        if contended:
            burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            time.sleep(1)
        load = os.getloadavg()[0]
        try:
            result = {}
            for policy, poll in (("PASSIVE", 0), ("ACTIVE", 50)):
                env = {**os.environ, "OMP_WAIT_POLICY": policy}
                out = subprocess.run(
                    [sys.executable, __file__, "--child", policy, str(poll), str(n), "--model", str(model)],
                    env=env, capture_output=True, text=True, check=True,
                )
                result[policy] = json.loads(out.stdout.strip().splitlines()[-1])["per_sentence"]
        finally:
            if burner is not None:
                burner.kill()
                burner.wait()
        label = f"{'+1 busy process' if contended else 'as found'} (load avg {load:.1f})"
        print(f"{label:<34}{result['PASSIVE']:>17.2f}{result['ACTIVE']:>17.2f}"
              f"{result['ACTIVE'] / result['PASSIVE']:>7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=30, help="sentences to translate (default 30)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-baseline", action="store_true", help="skip the ablations and the run without glossary")
    parser.add_argument("--wait-policy", action="store_true", help="also compare passive and busy waiting")
    parser.add_argument("--show", action="store_true", help="print every translation")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    model = args.model or default_model()
    if args.child:
        wait_policy_child(str(model), args.child[0], int(args.child[1]), int(args.child[2]))
        return

    from aligner.engines.llm import LlmEngine

    rows = sample(args.limit, sorted((ROOT / "seeds").glob("*.txt")))
    engine = LlmEngine(model, "zh", "en", threads=args.threads)
    start = time.perf_counter()
    engine.translate(["中方对此表示欢迎。"], [[]])
    load = time.perf_counter() - start
    print(f"model {model} ({engine.id}), load + first sentence {load:.1f}s, "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}, threads {args.threads}")
    runs = {"engine as shipped": run(engine, rows, True)}
    if not args.no_baseline:
        for name, options in (("listed, in place, no retry", {"retry": False}),
                              ("glossary listed only", {"retry": False, "insert": False})):
            engine.insert, engine.retry = options.get("insert", True), options["retry"]
            runs[name] = run(engine, rows, True)
        runs["baseline: no glossary"] = run(engine, rows, False)
    print(f"\n{len(rows)} seed sentences with glossary terms")
    print(f"{'prompt':<28}{'terms':>7}{'applied':>9}{'adherence':>11}{'sent/s':>8}{'s/sent':>8}")
    for name, r in runs.items():
        print(f"{name:<28}{r['terms']:>7}{r['applied']:>9}{100 * r['applied'] / r['terms']:>10.1f}%"
              f"{len(rows) / r['seconds']:>8.2f}{r['seconds'] / len(rows):>8.2f}")
    if "baseline: no glossary" in runs:
        a, b = runs["engine as shipped"], runs["baseline: no glossary"]
        print(f"adherence ratio (engine / baseline): {(a['applied'] / a['terms']) / (b['applied'] / b['terms']):.2f}x, "
              f"speed ratio {b['seconds'] / a['seconds']:.2f}x")
    missed = runs["engine as shipped"]["misses"]
    if missed:
        print("missed with the glossary in the prompt: " + "; ".join(f"{s} → {t}" for s, t in missed))
    if args.show:
        for (text, _), out in zip(rows, runs["engine as shipped"]["outputs"]):
            print(f"\n{text}\n  {out}")
    if args.wait_policy:
        engine.close()
        wait_policy(model, 4)


if __name__ == "__main__":
    main()
