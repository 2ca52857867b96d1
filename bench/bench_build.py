"""Build speed against the floor of the raw pandoc and typst calls (not a timed test).

Alternates, in one run:
  ours        `ho21 build-agenda 5/2021` from clean (a fresh process, check included)
  floor       the raw calls that make the same documents from the same intermediate files:
              one pandoc process per DOCX/HTML/typst file, one typst compile per PDF
  packet      the packet alone through ho21 (plan + convert + compile, in process)
  packet raw  pandoc → typst per part, then one typst compile
  no-change   `ho21 build` when nothing changed
and prints medians and ratios.   Run: make bench-build
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ROUNDS = int(os.environ.get("ROUNDS", "5"))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from ho21 import render
    from ho21.backends import pandoc as pd
    from ho21.backends.run import BLOCKS, execute
    from ho21.build import plan
    from ho21.checker import check
    from ho21.model import MeetingId

    work = Path(tempfile.mkdtemp(prefix="ho21-bench-"))
    for name in ("cases", "meetings", "templates"):
        shutil.copytree(REPO / name, work / name)
    env_vars = {**os.environ, "HO21_ROOT": str(work)}
    meeting = MeetingId(2021, 5)
    archive, _ = check(work)
    env = render.environment(work)
    targets, _ = plan(env, work, archive, [meeting], [], ("docx", "pdf", "html"), False)
    packet = [t for t in targets if t.fmt == "packet"]

    # intermediate files for the floor
    inter = work / "inter"
    inter.mkdir()
    pandoc = pd.pandoc_path()
    singles = [t for t in targets if t.doc]
    for t in singles:
        (inter / f"{t.doc.name}.md").write_text(t.doc.markdown, encoding="utf-8")
    parts = [p for p in packet[0].parts if p.doc]
    for p in parts:
        (inter / f"part-{p.id}.md").write_text(p.doc.markdown, encoding="utf-8")
    ours_packet_source = {}

    def floor_pandoc(md: Path, to: str, out: Path) -> None:
        args = [pandoc, "--sandbox", "-f", pd.READER, "-t", to, str(md), "-o", str(out)]
        if to == "docx":
            args += ["--reference-doc", str(work / "templates/reference.docx")]
        subprocess.run(args, check=True)

    def floor_all() -> None:
        import typst

        compiler = typst.Compiler(root=str(work))
        out = work / "floor"
        out.mkdir(exist_ok=True)
        for t in singles:
            md = inter / f"{t.doc.name}.md"
            if t.fmt == "docx":
                floor_pandoc(md, "docx", out / f"{t.doc.name}.docx")
            elif t.fmt == "html":
                floor_pandoc(md, "html", out / f"{t.doc.name}.html")
            else:
                floor_pandoc(md, "typst", out / f"{t.doc.name}.typ")
                src = render.render_template(
                    env,
                    "document.typ.j2",
                    {"meta": t.doc.meta, "body": (out / f"{t.doc.name}.typ").read_text()},
                )
                compiler.compile(input=src.encode(), format="pdf")
        floor_packet(compiler)

    def floor_packet(compiler=None) -> None:
        import typst

        compiler = compiler or typst.Compiler(root=str(work))
        out = work / "floor"
        out.mkdir(exist_ok=True)
        for p in parts:
            floor_pandoc(inter / f"part-{p.id}.md", "typst", out / f"part-{p.id}.typ")
        compiler.compile(input=ours_packet_source["src"].encode(), format="pdf")

    def ours_all() -> None:
        shutil.rmtree(work / "build", ignore_errors=True)
        subprocess.run([str(BIN / "ho21"), "build-agenda", "5/2021"], env=env_vars, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def ours_packet() -> None:
        built, failures = execute(env, work, packet, False)
        assert built and not failures

    def no_change() -> None:
        subprocess.run([str(BIN / "ho21", ), "build", "--format", "docx,pdf,html"], env=env_vars,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    # the packet's typst source as ho21 assembles it, for the raw compile
    from ho21.backends import run as runmod

    jobs = [pd.Job(f"{p.id}", "typst", markdown=p.doc.markdown, blocks=BLOCKS,
                   pagerefs=p.kind == "innkalling") for p in parts]  # fmt: skip
    results = pd.start(jobs).wait()
    fixed = {runmod._job_id("typst", p.doc, p.kind == "innkalling"): results[p.id] for p in parts}
    ours_packet_source["src"] = runmod._packet_source(env, packet[0], fixed)

    ours_all()
    subprocess.run(
        [str(BIN / "ho21"), "build"], env=env_vars, check=True, stdout=subprocess.DEVNULL
    )
    series: dict[str, list[float]] = {
        k: [] for k in ("ours", "floor", "packet", "packet raw", "no-change")
    }
    for _ in range(ROUNDS):
        series["ours"].append(timed(ours_all))
        series["floor"].append(timed(floor_all))
        series["packet"].append(timed(ours_packet))
        series["packet raw"].append(timed(floor_packet))
    subprocess.run(
        [str(BIN / "ho21"), "build"], env=env_vars, check=True, stdout=subprocess.DEVNULL
    )
    for _ in range(ROUNDS):
        series["no-change"].append(timed(no_change))
    med = {k: statistics.median(v) for k, v in series.items()}
    for name, value in med.items():
        print(f"{name:11s} median {value * 1000:7.0f} ms   ({len(series[name])} runs)")
    print(f"build-agenda 5/2021 / floor      = {med['ours'] / med['floor']:.2f}  (target ≤ 1.5)")
    print(
        f"packet / raw pandoc→typst→PDF    = {med['packet'] / med['packet raw']:.2f}  (target ≤ 1.2)"
    )
    print(f"no-change ho21 build             = {med['no-change']:.3f} s (target < 0.3 s)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
