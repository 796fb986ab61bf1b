"""The documents' cost, side by side in one run: Markdown, Word and PDF reports, and LibreOffice's PDF of the Word one.

Each is the whole command a user runs (``itakit report … -o report.md`` and so on, in a
fresh process: start-up, reading, scoring, writing), timed over alternating rounds so that
the machine's load falls on all of them alike; the medians are printed with the two
targets of the documents issue: the Word report within 3× the Markdown one, and itakit's
PDF no slower than LibreOffice converting the Word report (``soffice --headless
--convert-to pdf``, its profile warmed once first).  Run from the repository root:

    python benchmarks/report.py [--runs 5]

Needs the ``report`` extra, a Thai font and LibreOffice (Debian: ``apt-get install
libreoffice-writer fonts-tlwg-laksaman-ttf``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "examples" / "lamliang-2565-questions-realistic.csv"
ARGS = ["--agency", "องค์การบริหารส่วนตำบลลำเลียง", "--district", "กระบุรี", "--province", "ระนอง"]


def _itakit(out: Path) -> list[str]:
    return [sys.executable, "-m", "itakit", "report", str(SOURCE), *ARGS, "-o", str(out)]


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="alternating rounds (default 5)")
    args = parser.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice (soffice) is needed for the baseline", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="itakit-bench-") as folder:
        work = Path(folder)
        docx = work / "report.docx"
        profile = work / "lo-profile"
        lo = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
              "--outdir", str(work / "lo"), str(docx)]
        jobs = {
            "Markdown": _itakit(work / "report.md"),
            "Word": _itakit(docx),
            "PDF (itakit, Typst)": _itakit(work / "report.pdf"),
            "PDF (LibreOffice from the Word)": lo,
        }
        subprocess.run(jobs["Word"], check=True, capture_output=True)
        subprocess.run(lo, check=True, capture_output=True, timeout=600)  # LibreOffice's profile, once
        times: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(args.runs):
            for name, command in jobs.items():
                times[name].append(_timed(command))
    median = {name: statistics.median(values) for name, values in times.items()}
    width = max(len(n) for n in median)
    print(f"{'document':<{width}}  median s  runs")
    for name, value in median.items():
        print(f"{name:<{width}}  {value:8.2f}  {' '.join(f'{t:.2f}' for t in times[name])}")
    word, md = median["Word"], median["Markdown"]
    pdf, office = median["PDF (itakit, Typst)"], median["PDF (LibreOffice from the Word)"]
    print(f"\nWord / Markdown: {word / md:.2f}×  (target ≤ 3×)")
    print(f"itakit PDF / LibreOffice's conversion: {pdf / office:.2f}×  (target ≤ 1×); "
          f"/ Word then LibreOffice: {pdf / (word + office):.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
