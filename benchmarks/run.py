"""Time itakit against its baselines, side by side in one run, and print the ratios (docs/performance.md).

    python benchmarks/run.py                 # generates benchmarks/data/ first if it is missing
    python benchmarks/run.py --runs 41 --raw-runs 3 --markdown results.md

Three comparisons, each a fresh process per run, baseline and itakit alternating so
that a busy machine slows both alike; the median is reported:

(a) ``itakit score examples/lamliang-2565-indicators.csv`` against a Python process that
    only imports attrs, pluggy and babel.numbers and reads the ``itakit`` entry points
    (target: at most 1.2 times);
(b) ``itakit summary`` of the 8,303-agency indicator table against a process doing the
    same imports and merely parsing that CSV with the ``csv`` module (target: at most 2 times);
(c) ``itakit score`` of the raw IIT and EIT answers (1,300,132 respondents) against the
    hand-written pandas script in ``pandas_baseline.py`` doing the same computation
    (target: no slower, and lower peak memory), after checking that both give the same
    per-agency indicator scores to two decimals;
(d) the raw answers of both surveys (IIT and EIT, 1,300,132 respondents) in three
    export shapes (grouped with digits, interleaved with Thai labels, a Google Forms
    export through a mapping; ``generate_shapes.py``) against
    the pandas script and the polars script in ``polars_baseline.py``, itakit with the
    ``fast`` extra and without it (pyarrow made unimportable), and, in one process,
    how long reading takes against scoring (issue 14: at most 0.25× pandas with the
    extra, 1× without, within 2× of polars; scoring cheaper than reading);
(e) the rating era: ``itakit summary`` of the 8,303-agency table by 2568's rules against the
    same by 2565's (issue 23: at most 1.5×), and ``itakit plan --format json`` of every
    agency against ``itakit score --format json`` of the same file, for 2565 and 2568;
(f) issue 25's two shapes, about 200,000 IIT respondents × 51 answers of 8,303 agencies
    (``data/half/``, ``generate.py --scale 0.5``): grouped with digits, and interleaved with
    Thai labels — pandas, polars, itakit with the ``fast`` extra and without it (targets:
    with the extra at most 1.0× polars and 0.5× pandas, in less peak memory than pandas;
    without it at most 1.0× pandas), and the pandas targets again against
    ``pandas_fast.py`` (pyarrow's parser, every column a category);
(g) raw answers in an .xlsx workbook (every respondent of (f)'s first agencies, about 50,000, ``generate_xlsx.py``): itakit
    reading it with python-calamine and with openpyxl, against the pandas script (``pd.read_excel``, openpyxl)
    and the polars script (``pl.read_excel``, calamine), after checking all give the same indicator scores.

Peak memory is each child's own maximum resident set size (``os.wait4``).  Needs the
``bench`` extra (pandas).  The test suite never times anything: this is the only place.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
EXAMPLE = ROOT / "examples" / "lamliang-2565-indicators.csv"

BASELINE_IMPORTS = """\
import attrs, pluggy, babel.numbers
from importlib.metadata import entry_points
plugins = list(entry_points(group="itakit"))
"""
BASELINE_CSV = BASELINE_IMPORTS + """\
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as fh:
    rows = list(csv.reader(fh))
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # let both sides use compiled bytecode, as installed code does
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _run(argv: list[str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, int]:
    """Run a command; its wall time in seconds and its own peak resident memory in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{err}")
    return elapsed, usage.ru_maxrss


def _alternate(commands: dict[str, list[str]], runs: int, warmup: int = 3) -> dict[str, list[tuple[float, int]]]:
    for _ in range(warmup):
        for argv in commands.values():
            _run(argv)
    out: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            out[name].append(_run(argv))
    return out


def _median(samples: list[tuple[float, int]]) -> float:
    return statistics.median(t for t, _ in samples)


def _peak(samples: list[tuple[float, int]]) -> int:
    return max(m for _, m in samples)


def machine() -> list[str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = []
    for dist in ("itakit", "attrs", "pluggy", "babel", "pandas", "numpy", "polars", "pyarrow", "openpyxl", "python-calamine", "fastexcel"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:  # noqa: BLE001
            pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores (nproc {len(os.sched_getaffinity(0))})",
        f"- memory: {mem}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
        f"- {', '.join(versions)}",
        f"- load average at the start: {', '.join(f'{x:.2f}' for x in load)}" if load else "- load average: unknown",
    ]


def _itakit() -> str:
    candidate = Path(sys.executable).with_name("itakit")
    return str(candidate) if candidate.exists() else "itakit"


def _read_itakit_csv(path: Path) -> dict[str, dict[str, Decimal]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    numbers = [str(n) for n in range(1, 11)]
    return {r["agency"]: {n: Decimal(r[n]) for n in numbers if r.get(n)} for r in rows}


def _read_pandas_csv(path: Path) -> dict[str, dict[str, float]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["agency"]: {k: float(v) for k, v in r.items() if k != "agency" and v} for r in rows}


def _agree(
    mine: dict[str, dict[str, Decimal]], theirs: dict[str, dict[str, float]]
) -> tuple[int, int, int, int, float]:
    """(agencies, values compared, values differing at two decimals, of which on a rounding tie, largest difference).

    A value exactly halfway between two hundredths (x.xx5) is rounded up by itakit, which
    computes it exactly; pandas's float for it may fall a hair below and round down.
    Such differences are counted as ties: both are "the same to two decimals" but for
    the float.  Any other difference would be a real disagreement.
    """
    compared = differ = ties = 0
    largest = 0.0
    if set(mine) != set(theirs):
        raise SystemExit("itakit and pandas found different agencies")
    for agency, scores in theirs.items():
        if set(scores) != set(mine[agency]):
            raise SystemExit(f"{agency}: itakit and pandas scored different indicators")
        for number, value in scores.items():
            compared += 1
            shown = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            largest = max(largest, abs(float(mine[agency][number]) - value))
            if shown != mine[agency][number]:
                differ += 1
                if abs(value * 1000 - round(value * 1000)) < 1e-6 and round(value * 1000) % 10 == 5:
                    ties += 1
    return len(theirs), compared, differ, ties, largest


def _startup(py: str, itakit: str, tmp: Path, runs: int) -> list[str]:
    """(a) ``itakit score`` on the bundled example against imports + entry points.

    A third command, for information, runs the same CLI without its entry point's
    start-up pause of the cycle collector (``itakit.__main__``), so the report shows
    how much of the result that pause is.
    """
    base_imports = tmp / "baseline_imports.py"
    base_imports.write_text(BASELINE_IMPORTS)
    print("(a) itakit score on the bundled example …", file=sys.stderr)
    unpaused = [py, "-c", "import sys; from itakit.cli import main; sys.exit(main())", "score", str(EXAMPLE)]
    a = _alternate({"baseline": [py, str(base_imports)], "itakit": [itakit, "score", str(EXAMPLE)],
                    "unpaused": unpaused}, runs)
    base, mine, plain = _median(a["baseline"]), _median(a["itakit"]), _median(a["unpaused"])
    return [
        f"| (a) `itakit score` example vs imports + entry points | {base * 1000:.1f} ms | "
        f"{mine * 1000:.1f} ms | {mine / base:.2f}× | ≤ 1.2× | {'yes' if mine / base <= 1.2 else 'NO'} |",
        f"| (a′) the same CLI without the start-up collector pause (for information) | {base * 1000:.1f} ms | "
        f"{plain * 1000:.1f} ms | {plain / base:.2f}× | — | — |",
    ]


def _summary(py: str, itakit: str, tmp: Path, runs: int) -> str:
    """(b) ``itakit summary`` of 8,303 agencies against imports + a csv-module parse of the table."""
    base_csv = tmp / "baseline_csv.py"
    base_csv.write_text(BASELINE_CSV)
    print("(b) itakit summary over 8,303 agencies …", file=sys.stderr)
    table = DATA / "agencies.csv"
    b = _alternate({"baseline": [py, str(base_csv), str(table)],
                    "itakit": [itakit, "summary", str(table), "--by", "province"]}, runs)
    base, mine = _median(b["baseline"]), _median(b["itakit"])
    return (f"| (b) `itakit summary --by province`, 8,303 agencies, vs imports + csv parse | "
            f"{base * 1000:.1f} ms | {mine * 1000:.1f} ms | {mine / base:.2f}× | ≤ 2× | "
            f"{'yes' if mine / base <= 2 else 'NO'} |")


def _ratings(py: str, itakit: str, tmp: Path, runs: int) -> list[str]:
    """(e) the rating era: a 2568 summary of 8,303 agencies against a 2565 one of the same table (issue 23: at
    most 1.5×), and ``itakit plan`` of all of them, per agency, against ``itakit score`` of the same file."""
    print("(e) rating-era summary and plan over 8,303 agencies …", file=sys.stderr)
    table = DATA / "agencies.csv"
    summary = ["summary", str(table), "--by", "province"]
    b = _alternate({"2565": [itakit, *summary, "--year", "2565"], "2568": [itakit, *summary, "--year", "2568"]}, runs)
    old, new = _median(b["2565"]), _median(b["2568"])
    rows = [f"| (e) `itakit summary --by province --year 2568` vs the same of 2565, 8,303 agencies | "
            f"{old * 1000:.1f} ms | {new * 1000:.1f} ms | {new / old:.2f}× | ≤ 1.5× | {'yes' if new / old <= 1.5 else 'NO'} |"]
    for year in ("2565", "2568"):
        p = _alternate({"score": [itakit, "score", str(table), "--year", year, "--format", "json"],
                        "plan": [itakit, "plan", str(table), "--year", year, "--format", "json"]},
                       max(1, runs // 5), warmup=1)
        scored, planned = _median(p["score"]), _median(p["plan"])
        rows.append(f"| (e′) `itakit plan --format json --year {year}` vs `itakit score --format json`, 8,303 agencies "
                    f"| {scored:.2f} s | {planned:.2f} s ({(planned - scored) / 8.303:.2f} ms an agency more) "
                    f"| {planned / scored:.2f}× | — | — |")
    return rows


def _raw_answers(py: str, itakit: str, tmp: Path, runs: int) -> tuple[str, list[str]]:
    """(c) raw answers of 1,300,132 respondents against the pandas baseline, time and peak memory."""
    raw_rows = ["| file | respondents | pandas time | itakit time | ratio | pandas peak | itakit peak | "
                "indicator scores equal to 2 decimals |", "|---|---|---|---|---|---|---|---|"]
    total_base = total_mine = 0.0
    peak_base = peak_mine = 0
    for name in ("iit.csv", "eit.csv"):
        src = DATA / name
        print(f"(c) raw answers: {name} …", file=sys.stderr)
        out_pandas = tmp / f"pandas-{name}"
        out_itakit = tmp / f"itakit-{name}"
        c = _alternate({
            "pandas": [py, str(HERE / "pandas_baseline.py"), str(src), str(out_pandas)],
            "itakit": [itakit, "score", str(src), "--format", "csv", "-o", str(out_itakit)],
        }, runs, warmup=1)
        agencies, compared, differ, ties, largest = _agree(_read_itakit_csv(out_itakit),
                                                           _read_pandas_csv(out_pandas))
        if differ > ties:
            raise SystemExit(f"{name}: itakit and pandas disagree on {differ - ties} indicator scores")
        with src.open(encoding="utf-8") as fh:
            respondents = sum(1 for _ in fh) - 1
        base, mine = _median(c["pandas"]), _median(c["itakit"])
        total_base += base
        total_mine += mine
        peak_base = max(peak_base, _peak(c["pandas"]))
        peak_mine = max(peak_mine, _peak(c["itakit"]))
        raw_rows.append(
            f"| {name} ({src.stat().st_size / 1e6:.0f} MB) | {respondents:,} | {base:.2f} s | {mine:.2f} s | "
            f"{mine / base:.2f}× | {_peak(c['pandas']) / 1024:.0f} MiB | {_peak(c['itakit']) / 1024:.0f} MiB | "
            f"{compared - differ:,} of {compared:,}" + (f" + {ties} on an exact x.xx5 tie" if ties else "")
            + f" ({agencies:,} agencies; largest difference {largest:.2g}) |"
        )
    ratio = total_mine / total_base
    met = ratio <= 1 and peak_mine < peak_base
    row = (f"| (c) raw answers, 1,300,132 respondents, vs pandas | {total_base:.2f} s, "
           f"{peak_base / 1024:.0f} MiB peak | {total_mine:.2f} s, {peak_mine / 1024:.0f} MiB peak | "
           f"{ratio:.2f}× | ≤ 1× and less memory | {'yes' if met else 'NO'} |")
    return row, raw_rows


SHAPES = (
    ("grouped by agency, digits", ("iit.csv", "eit.csv"), None),
    ("interleaved (submission order), Thai labels", ("iit-interleaved-thai.csv", "eit-interleaved-thai.csv"), None),
    ("Google Forms export (timestamp, question texts through a mapping, Thai labels, interleaved)",
     ("iit-forms.csv", "eit-forms.csv"), "forms.mapping.toml"),
)
"""Each shape at national size: the staff (IIT) and public (EIT) files, 1,300,132 respondents of 8,303 agencies."""
PURE = ("import sys; sys.modules['pyarrow'] = sys.modules['numpy'] = None; "
        "from itakit.__main__ import main; sys.exit(main())")
"""itakit as installed without the ``fast`` extra: neither pyarrow nor numpy can be imported, so the pure-Python
path reads and scoring works in Python integers."""
SPLIT = """\
import sys, time
import itakit_rules_2565
from itakit.inputs.read import read_input
from itakit.scoring.score import score_many
rules = itakit_rules_2565.rule_set()
start = time.perf_counter()
data = read_input(sys.argv[1], rules, mapping=sys.argv[2] if len(sys.argv) > 2 else None)
read = time.perf_counter()
score_many(rules, data.agencies)
print(read - start, time.perf_counter() - read)
"""


def _shapes(py: str, itakit: str, tmp: Path, runs: int, only_shapes: list[str] | None = None, *,
            data: Path | None = None, shapes: tuple[tuple[str, tuple[str, ...], str | None], ...] = SHAPES,
            times: dict[str, dict[str, float]] | None = None, with_pandas_fast: bool = False) -> list[str]:
    """(d) the raw answers in three export shapes: pandas, polars, itakit with and without the extra.

    One row per file, then one per shape for the country (IIT + EIT: the sums of the
    times, the larger of the peaks).  ``data`` and ``shapes`` name other files ((f));
    ``times``, when given, receives each file's medians and peaks for the caller's verdicts;
    ``with_pandas_fast`` races ``pandas_fast.py`` too (its scores checked against itakit's).
    """
    data = data or DATA
    rows = ["| shape | file | pandas | polars | itakit[fast] | ×pandas | ×polars | itakit (no extra) | ×pandas | "
            "peak: pandas / polars / fast / no extra | same scores as pandas (2 decimals) |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    splits = ["", "Reading against scoring, in one `itakit[fast]` process (read_input, then score_many):", "",
              "| file | reading | scoring 8,303 agencies | scoring ÷ reading |", "|---|---|---|---|"]
    respondents: dict[str, int] = {}
    for label, names, mapping_suffix in shapes:
        names = tuple(n for n in names if not only_shapes or n in only_shapes)
        total = dict.fromkeys(("pandas", "polars", "fast", "pure"), 0.0)
        peak = dict.fromkeys(("pandas", "polars", "fast", "pure"), 0.0)
        for name in names:
            src = data / name
            maps = [str(data / f"{name.split('-')[0]}-{mapping_suffix}")] if mapping_suffix else []
            respondents[name.split("-")[0].split(".")[0].upper()] = _respondents(src)
            opt = ["--mapping", *maps] if maps else []
            out = {k: tmp / f"{k}-{name}" for k in ("pandas", "polars", "fast", "pure", "pandas_fast")}
            print(f"(d) {name} …", file=sys.stderr)
            commands = {
                "pandas": [py, str(HERE / "pandas_baseline.py"), str(src), str(out["pandas"]), *maps],
                "polars": [py, str(HERE / "polars_baseline.py"), str(src), str(out["polars"]), *maps],
                "fast": [itakit, "score", str(src), *opt, "--format", "csv", "-o", str(out["fast"])],
                "pure": [py, "-c", PURE, "score", str(src), *opt, "--format", "csv", "-o", str(out["pure"])],
            }
            if with_pandas_fast:
                commands["pandas_fast"] = [py, str(HERE / "pandas_fast.py"), str(src), str(out["pandas_fast"]), *maps]
            c = _alternate(commands, runs, warmup=0)
            theirs = _read_pandas_csv(out["pandas"])
            if with_pandas_fast:
                _, _, differ, ties, _ = _agree(_read_itakit_csv(out["fast"]), _read_pandas_csv(out["pandas_fast"]))
                if differ > ties:
                    raise SystemExit(f"{name}: itakit and pandas_fast.py disagree on {differ - ties} indicator scores")
            agree = []
            for key in ("fast", "pure"):
                _, compared, differ, ties, _ = _agree(_read_itakit_csv(out[key]), theirs)
                if differ > ties:
                    raise SystemExit(f"{name}: itakit ({key}) and pandas disagree on {differ - ties} indicator scores")
                agree.append(f"{compared - differ:,} of {compared:,}" + (f" + {ties} ties" if ties else ""))
            t = {k: _median(v) for k, v in c.items()}
            m = {k: _peak(v) / 1024 for k, v in c.items()}
            if times is not None:
                times[name] = {**t, **{f"peak {k}": v for k, v in m.items()}}
            for k in total:
                total[k] += t[k]
                peak[k] = max(peak[k], m[k])
            rows.append(_shape_row(label, f"{name} ({src.stat().st_size / 1e6:.0f} MB)", t, m,
                                   f"fast {agree[0]}; no extra {agree[1]}"))
            split = subprocess.run([py, "-c", SPLIT, str(src), *maps], check=True, capture_output=True, text=True,
                                   env=_env()).stdout.split()
            read, scored = float(split[0]), float(split[1])
            splits.append(f"| {name} | {read:.2f} s | {scored:.2f} s | {scored / read:.2f} |")
        if len(names) > 1:
            rows.append(_shape_row(f"**{label}**", "**the country: " + " + ".join(names) + "**", total, peak, "—"))
    counted = ", ".join(f"{tool} {n:,}" for tool, n in respondents.items())
    return ["", f"Raw-answer shapes ({sum(respondents.values()):,} respondents of 8,303 agencies: {counted}; "
            f"files in {data.name}/; medians of {runs} alternating runs):", "", *rows, *splits]


def _respondents(src: Path) -> int:
    """The data rows of a CSV file the generators wrote (one line each, after the header)."""
    with src.open("rb") as fh:
        return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 24), b"")) - 1


ISSUE25 = (
    ("grouped by agency, digits", ("iit.csv",), None),
    ("interleaved (submission order), Thai labels", ("iit-interleaved-thai.csv",), None),
)
"""(f) issue 25's two shapes: about 200,000 IIT respondents × 51 answers of 8,303 agencies (``generate.py --scale 0.5``)."""


def _issue25(py: str, itakit: str, tmp: Path, runs: int) -> tuple[list[str], list[str]]:
    """(f) issue 25's shapes, with its targets: with the extra at most 1.0× polars and 0.5× pandas in less peak
    memory than pandas; without it at most 1.0× pandas.  The verdict rows, and the detailed table."""
    half = DATA / "half"
    if not all((half / name).exists() for _, names, _ in ISSUE25 for name in names):
        print(f"generating {half} (half the respondents, the same 8,303 agencies; about a minute) …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--scale", "0.5", "--out", str(half)], check=True)
        subprocess.run([sys.executable, str(HERE / "generate_shapes.py"), str(half)], check=True)
    times: dict[str, dict[str, float]] = {}
    detail = _shapes(py, itakit, tmp, runs, data=half, shapes=ISSUE25, times=times, with_pandas_fast=True)
    verdicts = []
    for name, t in times.items():
        for label, mine, theirs, target in (("itakit[fast] vs polars", "fast", "polars", 1.0),
                                            ("itakit[fast] vs pandas", "fast", "pandas", 0.5),
                                            ("itakit (no extra) vs pandas", "pure", "pandas", 1.0),
                                            ("itakit[fast] vs pandas_fast.py", "fast", "pandas_fast", 0.5),
                                            ("itakit (no extra) vs pandas_fast.py", "pure", "pandas_fast", 1.0)):
            ratio = t[mine] / t[theirs]
            verdicts.append(f"| (f) {name}: {label} | {t[theirs]:.2f} s | {t[mine]:.2f} s | {ratio:.2f}× | "
                            f"≤ {target:.1f}× | {'yes' if ratio <= target else 'no'} |")
        for script, key in (("pandas", "peak pandas"), ("pandas_fast.py", "peak pandas_fast")):
            peak = t["peak fast"] / t[key]
            verdicts.append(f"| (f) {name}: peak memory, itakit[fast] vs {script} | {t[key]:.0f} MiB | "
                            f"{t['peak fast']:.0f} MiB | {peak:.2f}× | < 1× | {'yes' if peak < 1 else 'no'} |")
    return verdicts, detail


XLSX_ROWS = 50_000
"""(g) respondents in the workbook: every one of the first agencies of ``data/half/iit-interleaved-thai.csv`` until
there are this many (an MS Forms export's shape: submission order, Thai labels)."""
NO_CALAMINE = ("import sys; sys.modules['python_calamine'] = None; "
               "from itakit.__main__ import main; sys.exit(main())")
"""itakit with python-calamine made unimportable: openpyxl streams the sheet, as without the ``fast`` extra."""


def _xlsx(py: str, itakit: str, tmp: Path, runs: int) -> list[str]:
    """(g) raw answers in an .xlsx workbook (about 50,000 respondents × 51 Thai-label answers and the agency, texts in
    the shared-strings table as Excel keeps them): itakit with calamine and with openpyxl, against pandas's
    ``read_excel`` (openpyxl) and polars's (calamine), and itakit on the same rows as CSV."""
    half = DATA / "half"
    source = half / "iit-interleaved-thai.csv"
    if not source.exists():
        print(f"generating {half} (about a minute) …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--scale", "0.5", "--out", str(half)], check=True)
        subprocess.run([sys.executable, str(HERE / "generate_shapes.py"), str(half)], check=True)
    book = half / f"iit-interleaved-thai-{XLSX_ROWS // 1000}k.xlsx"
    text = book.with_suffix(".csv")  # the same rows, written beside it
    if not book.exists() or not text.exists():
        subprocess.run([sys.executable, str(HERE / "generate_xlsx.py"), str(source), str(book), str(XLSX_ROWS)],
                       check=True)
    print(f"(g) {book.name} …", file=sys.stderr)
    out = {k: tmp / f"g-{k}.csv" for k in ("calamine", "openpyxl", "pandas", "polars", "csv")}
    c = _alternate({
        "pandas": [py, str(HERE / "pandas_baseline.py"), str(book), str(out["pandas"])],
        "polars": [py, str(HERE / "polars_baseline.py"), str(book), str(out["polars"])],
        "calamine": [itakit, "score", str(book), "--format", "csv", "-o", str(out["calamine"])],
        "openpyxl": [py, "-c", NO_CALAMINE, "score", str(book), "--format", "csv", "-o", str(out["openpyxl"])],
        "csv": [itakit, "score", str(text), "--format", "csv", "-o", str(out["csv"])],
    }, runs, warmup=0)
    agree = []
    for key in ("calamine", "openpyxl", "csv"):
        for baseline in ("pandas", "polars"):
            _, compared, differ, ties, _ = _agree(_read_itakit_csv(out[key]), _read_pandas_csv(out[baseline]))
            if differ > ties:
                raise SystemExit(f"(g) itakit ({key}) and {baseline} disagree on {differ - ties} indicator scores")
        agree.append(f"{key} {compared - differ:,} of {compared:,}" + (f" + {ties} ties" if ties else ""))
    if out["calamine"].read_bytes() != out["openpyxl"].read_bytes():
        raise SystemExit("(g) itakit wrote different results through calamine and openpyxl")
    t = {k: _median(v) for k, v in c.items()}
    m = {k: _peak(v) / 1024 for k, v in c.items()}
    respondents = _respondents(text)
    agencies = len({line.split(",", 1)[0] for line in text.read_text(encoding="utf-8").splitlines()[1:]})
    rows = ["", f"Raw answers in an .xlsx workbook ({respondents:,} respondents × 51 answers of {agencies:,} agencies, "
            f"Thai labels, {book.stat().st_size / 1e6:.1f} MB; medians of {runs} alternating runs; the same scores as "
            f"pandas and polars to 2 decimals: {'; '.join(agree)}; calamine's and openpyxl's outputs byte-identical):",
            "", "| command | time | × itakit (calamine) | peak memory |", "|---|---|---|---|"]
    for key, label in (("calamine", "`itakit score FILE.xlsx` (python-calamine, the `fast` extra)"),
                       ("openpyxl", "`itakit score FILE.xlsx` (openpyxl: python-calamine unimportable)"),
                       ("pandas", "pandas script, `pd.read_excel` (openpyxl)"),
                       ("polars", "polars script, `pl.read_excel` (calamine through fastexcel)"),
                       ("csv", "`itakit score` of the same rows as CSV (for comparison)")):
        rows.append(f"| {label} | {t[key]:.2f} s | {t[key] / t['calamine']:.2f}× | {m[key]:.0f} MiB |")
    return rows


def _shape_row(label: str, file: str, t: dict[str, float], m: dict[str, float], agree: str) -> str:
    return (f"| {label} | {file} | {t['pandas']:.2f} s | {t['polars']:.2f} s | "
            f"{t['fast']:.2f} s | {t['fast'] / t['pandas']:.2f}× | {t['fast'] / t['polars']:.2f}× | "
            f"{t['pure']:.2f} s | {t['pure'] / t['pandas']:.2f}× | {m['pandas']:.0f} / {m['polars']:.0f} / "
            f"{m['fast']:.0f} / {m['pure']:.0f} MiB | {agree} |")


def main(argv: list[str] | None = None) -> int:
    global DATA
    parser = argparse.ArgumentParser(description="Time itakit against its baselines (docs/performance.md).")
    parser.add_argument("--runs", type=int, default=31, help="timed runs of each startup command (default 31)")
    parser.add_argument("--summary-runs", type=int, default=15, help="timed runs of each summary command (default 15)")
    parser.add_argument("--raw-runs", type=int, default=3, help="timed runs of each raw-answer command (default 3)")
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    parser.add_argument("--shape-runs", type=int, default=2, help="timed runs of each command per shape (default 2)")
    parser.add_argument("--only", default="abcdefg", help="which comparisons to run, e.g. 'ab' (default: all, 'abcdefg')")
    parser.add_argument("--shape", action="append", help="(d) only this file, e.g. iit.csv or eit-forms.csv (repeatable)")
    parser.add_argument("--data", type=Path, help="the data folder (default benchmarks/data)")
    args = parser.parse_args(argv)
    DATA = args.data or DATA

    needed = [DATA / name for name in ("agencies.csv", "iit.csv", "eit.csv")]
    if not all(p.exists() for p in needed):
        print("generating benchmarks/data/ (deterministic, about 10 s) …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--out", str(DATA)], check=True)
    if "d" in args.only and not all((DATA / name).exists() for _, names, _ in SHAPES for name in names):
        print("generating the export shapes in benchmarks/data/ (about a minute) …", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate_shapes.py"), str(DATA)], check=True)

    py = sys.executable
    itakit = _itakit()
    report: list[str] = ["# itakit benchmark", "", "Machine:", *machine(), ""]
    rows: list[str] = ["| comparison | baseline | itakit | ratio | target | met |", "|---|---|---|---|---|---|"]
    raw_rows: list[str] = []
    shape_rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if "a" in args.only:
            rows.extend(_startup(py, itakit, Path(tmp), args.runs))
        if "b" in args.only:
            rows.append(_summary(py, itakit, Path(tmp), args.summary_runs))
        if "c" in args.only:
            row, raw_rows = _raw_answers(py, itakit, Path(tmp), args.raw_runs)
            rows.append(row)
        if "d" in args.only:
            shape_rows = _shapes(py, itakit, Path(tmp), args.shape_runs, args.shape)
        if "e" in args.only:
            rows.extend(_ratings(py, itakit, Path(tmp), args.summary_runs))
        if "f" in args.only:
            verdicts, issue25_rows = _issue25(py, itakit, Path(tmp), args.shape_runs)
            rows.extend(verdicts)
            shape_rows += issue25_rows
        if "g" in args.only:
            shape_rows += _xlsx(py, itakit, Path(tmp), args.shape_runs)

    detail = ["", "Raw answers in detail:", "", *raw_rows] if raw_rows else []
    report += ["Results (medians; each run a fresh process):", "", *rows, *detail, *shape_rows,
               "", f"Runs: {args.runs} (a), {args.summary_runs} (b), {args.raw_runs} (c) of each command, "
               "alternating baseline and itakit."]
    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
