"""TMX write/read at corpus scale: aligner.formats against translate-toolkit's TMX classes.

Each case runs in its own subprocess, so peak memory (max RSS, from os.wait4) belongs to that case
alone; times are wall-clock inside the child, excluding interpreter start-up. Both sides write the
same generated sentence pairs and read the same file (the one aligner wrote). aligner writes a
tuid and three props per unit (origin, engine, quality) that the baseline does not.

    .venv/bin/python benchmarks/formats.py                     # 100k and 1M units, both libraries
    .venv/bin/python benchmarks/formats.py --sizes 100000 --baseline-sizes 100000 --other-formats 100000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def _pairs(n: int) -> Iterator[tuple[str, str]]:
    for i in range(n):
        yield (
            f"中方对第{i}号事件表示严重关切，敦促有关方面恪守一个中国原则。",
            f"China expresses grave concern over incident No. {i} and urges the parties to abide by the one-China principle.",
        )


def _ours_write(n: int, path: Path) -> None:
    from aligner import formats
    from aligner.model import Unit

    units = (Unit(zh, en, id=str(i), engine="argos:zh-en@1.9", quality=80.0) for i, (zh, en) in enumerate(_pairs(n)))
    assert formats.write(path, units) == n


def _ours_read(n: int, path: Path) -> None:
    from aligner import formats

    assert sum(1 for unit in formats.read(path) if unit.target) == n


def _tt_write(n: int, path: Path) -> None:
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en-US")
    for zh, en in _pairs(n):
        store.addsourceunit(zh).target = en
    store.savefile(str(path))


def _tt_read(n: int, path: Path) -> None:
    from translate.storage.tmx import tmxfile

    with open(path, "rb") as handle:
        store = tmxfile.parsefile(handle)
    assert sum(1 for unit in store.units if unit.target) == n


CASES = {"aligner write": _ours_write, "aligner read": _ours_read, "translate-toolkit write": _tt_write, "translate-toolkit read": _tt_read}


def _child(case: str, n: int, path: str) -> None:
    start = time.perf_counter()
    CASES[case](n, Path(path))
    print(json.dumps({"seconds": time.perf_counter() - start}))


def _measure(case: str, n: int, path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one case run in a fresh interpreter."""
    # -P: no benchmarks/ on sys.path, where benchmarks/translate.py would shadow translate-toolkit
    command = [sys.executable, "-P", __file__, "--child", case, str(n), str(path)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{case} at {n} failed")
    return json.loads(out)["seconds"], usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000], help="corpus sizes for aligner")
    parser.add_argument("--baseline-sizes", type=int, nargs="*", default=[100_000, 1_000_000], help="sizes for translate-toolkit")
    parser.add_argument("--other-formats", type=int, metavar="N", help="also time aligner alone on XLIFF 1.2/2, TSV and JSONL at N units")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.child[2])
        return
    print(f"{'units':>9}  {'case':<24} {'seconds':>8} {'peak MB':>8}   ratio (aligner / translate-toolkit)")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(set(args.sizes) | set(args.baseline_sizes)):
            ours_file, theirs_file = Path(tmp) / f"aligner-{n}.tmx", Path(tmp) / f"tt-{n}.tmx"
            results: dict[str, tuple[float, float]] = {}
            for case in CASES:
                ours = case.startswith("aligner")
                if n not in (args.sizes if ours else args.baseline_sizes):
                    continue
                path = ours_file if (ours or case.endswith("read")) else theirs_file
                if case.endswith("read") and not path.exists():
                    _ours_write(n, path)
                results[case] = _measure(case, n, path)
                seconds, peak = results[case]
                ratio = ""
                if not ours and f"aligner {case.split()[-1]}" in results:
                    a_sec, a_peak = results[f"aligner {case.split()[-1]}"]
                    ratio = f"   time {a_sec / seconds:.2f}x, memory {a_peak / peak:.2f}x"
                print(f"{n:>9}  {case:<24} {seconds:>8.1f} {peak:>8.0f}{ratio}", flush=True)
            if ours_file.exists():
                print(f"{n:>9}  aligner TMX size: {ours_file.stat().st_size / 2**20:.0f} MB", flush=True)
            for leftover in (ours_file, theirs_file):
                leftover.unlink(missing_ok=True)
        if args.other_formats:
            n = args.other_formats
            for ext in (".xlf", ".xlf2", ".tsv", ".jsonl"):
                path = Path(tmp) / f"aligner-{n}{ext}"
                for case in ("aligner write", "aligner read"):
                    seconds, peak = _measure(case, n, path)
                    print(f"{n:>9}  {case + ' ' + ext:<24} {seconds:>8.1f} {peak:>8.0f}", flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
