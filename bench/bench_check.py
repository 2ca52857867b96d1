"""Benchmark `ho21 check` against the floor of reading the same files and parsing their YAML.

    python bench/bench_check.py [--cases 10000] [--rounds 7] [--profile]

Generates the synthetic archive (bench/synth.py) into bench/_data/ once, then alternates, in
one run, the floor (read every file `check` reads, split off the front matter, parse it with
PyYAML's C loader; the Markdown attachments, which `check` opens as the packet will, are read
and decoded) and `ho21 check` in-process (ho21.checker.check), and prints both medians and
their ratio (target ≤ 2.0). The ratio against the floor without the attachments, the files
`check` read before it opened them, is printed too. It also times the CLI as a subprocess, and the start-up time
of `ho21 --help` against `python -c pass` (target ≤ 0.15 s). check reads on every core
(ho21.parallel); it is also timed in one process (HO21_JOBS=1), for comparison. With
--profile, or when the ratio misses its target, it prints where the one-process time goes
(cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from ho21.parallel import cores

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

RATIO_TARGET = 2.0
STARTUP_TARGET = 0.15
BIN = Path(sys.executable).parent


def ensure_archive(cases: int, seed: int) -> Path:
    root = HERE / "_data" / f"archive-{cases}-{seed}"
    stamp = root / ".complete"
    if not stamp.is_file():
        print(f"generating {cases} cases into {root} …", flush=True)
        started = time.perf_counter()
        synth.generate(root, cases, seed)
        stamp.write_text("ok\n")
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return root


def files_check_parses(root: Path) -> list[tuple[Path, bool]]:
    """(path, has front matter) for council, meetings, cases and referats: what check parses."""
    out = [(root / "meetings" / "council.yaml", False)]
    for year in sorted((root / "meetings").iterdir()):
        if year.is_dir():
            for p in sorted(year.iterdir()):
                out.append((p, p.name.endswith(".referat.md")))
    for year in sorted((root / "cases").iterdir()):
        if year.is_dir():
            out.extend((p, True) for p in sorted(year.glob("*.md")))
    return out


def attachments_check_opens(root: Path) -> list[Path]:
    """The attachments in the cases' own folders (all Markdown in the synthetic archive), which
    check opens and decodes as the packet will."""
    return sorted((root / "cases").glob("*/*/*.md"))


def floor_parse(files: list[tuple[Path, bool]]) -> int:
    """Read each file, decode it, split off the front matter, parse it with the C loader."""
    for path, has_front in files:
        text = path.read_bytes().decode("utf-8")
        if has_front:
            end = text.find("\n---", 3)
            text = text[4:end]
        yaml.load(text, Loader=yaml.CSafeLoader)
    return len(files)


def floor_attachments(attachments: list[Path]) -> int:
    """Read and decode each attachment."""
    for path in attachments:
        path.read_bytes().decode("utf-8")
    return len(attachments)


def ho21_check(root: Path, jobs: int | None = None) -> int:
    from ho21.checker import check

    _archive, found = check(root, jobs=jobs)
    errors = [d for d in found if d.is_error]
    if errors:
        raise SystemExit(f"the synthetic archive has errors, e.g. {errors[0]}")
    return len(found)


def timed(fn, *args) -> float:
    gc.collect()
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def run_process(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr[-500:]}")
    return elapsed


def profile(root: Path, limit: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    ho21_check(root, 1)  # one process: a profile does not follow a fork
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(limit)
        print(f"\n-- cProfile of ho21.checker.check, by {order} --")
        print("\n".join(out.getvalue().splitlines()[6:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="always print the profile")
    args = parser.parse_args(argv)

    root = ensure_archive(args.cases, args.seed)
    files, attachments = files_check_parses(root), attachments_check_opens(root)
    print(
        f"archive: {root} ({len(files)} files parsed and {len(attachments)} attachments "
        "opened by check)"
    )

    ho21_check(root)  # warm-up: imports, caches, the file system cache
    floor_parse(files)
    floor_attachments(attachments)
    parses, reads, checks, serials = [], [], [], []
    for i in range(args.rounds):
        parses.append(timed(floor_parse, files))
        reads.append(timed(floor_attachments, attachments))
        checks.append(timed(ho21_check, root))
        serials.append(timed(ho21_check, root, 1))
        print(
            f"  round {i + 1}: floor {parses[-1]:.3f} + {reads[-1]:.3f} s   "
            f"check {checks[-1]:.3f} s   one process {serials[-1]:.3f} s",
            flush=True,
        )
    floor_median = statistics.median(p + r for p, r in zip(parses, reads, strict=True))
    parse_median = statistics.median(parses)
    check_median = statistics.median(checks)
    serial_median = statistics.median(serials)
    ratio = check_median / floor_median

    ho21 = BIN / "ho21"
    cli = [run_process([str(ho21), "check"], root) for _ in range(args.cli_runs)]
    helps = [run_process([str(ho21), "--help"], root) for _ in range(10)]
    bare = [run_process([sys.executable, "-c", "pass"], root) for _ in range(10)]
    help_median, bare_median = statistics.median(helps), statistics.median(bare)

    print()
    print(f"floor: parse (read + CSafeLoader) median {parse_median:.3f} s")
    print(f"floor: parse + read attachments   median {floor_median:.3f} s")
    print(f"ho21 check (in-process)           median {check_median:.3f} s")
    verdict = "ok" if ratio <= RATIO_TARGET else "ABOVE TARGET"
    print(f"ratio check / floor               {ratio:.2f}  (target ≤ {RATIO_TARGET}: {verdict})")
    print(
        f"ratio check / parse only          {check_median / parse_median:.2f}  (without the attachments)"
    )
    print(
        f"ho21 check, HO21_JOBS=1           median {serial_median:.3f} s, "
        f"ratio {serial_median / floor_median:.2f} (one process; {cores()} cores here)"
    )
    print(f"ho21 check (CLI, subprocess)      median {statistics.median(cli):.3f} s of {len(cli)}")
    verdict = "ok" if help_median <= STARTUP_TARGET else "ABOVE TARGET"
    print(
        f"ho21 --help start-up              median {help_median:.3f} s "
        f"(python -c pass {bare_median:.3f} s, +{help_median - bare_median:.3f} s; "
        f"target ≤ {STARTUP_TARGET}: {verdict})"
    )
    if args.profile or ratio > RATIO_TARGET:
        profile(root)
    return 0


if __name__ == "__main__":
    os.environ.pop("GITHUB_ACTIONS", None)
    sys.exit(main())
