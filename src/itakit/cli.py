"""The ``itakit`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 the input or a plugin is wrong (the message says where);
2 the command was used wrongly (unknown option or year, missing file); 3 a bug in
itakit (run again with ``--debug`` to see the traceback and report it).
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import ItakitError, UsageError
from .exact import FROM_THAI_DIGITS
from .rules.plugins import Registry, get_registry

if TYPE_CHECKING:
    from fractions import Fraction

    from .inputs.data import AgencyData
    from .inputs.planfile import MeasurePlan, ReportDetails
    from .rules.model import RuleSet

# Modules only some commands need are imported inside those commands, so that
# `itakit score` starts fast (docs/performance.md).

__all__ = ["EXIT_BUG", "EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

def _year(text: str) -> int:
    try:
        value = int(text.translate(FROM_THAI_DIGITS))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (expected a Buddhist-Era year such as 2565)") from None
    return value


def _rule_set(args: argparse.Namespace, registry: Registry) -> RuleSet:
    if getattr(args, "rules", None):
        from .rules.rulefile import load_rule_set

        rules = load_rule_set(args.rules)
        if args.year is not None and args.year != rules.year:
            raise UsageError(f"{args.rules} holds the rules of {rules.year}, not {args.year}")
        return rules
    return registry.rule_set(args.year)


def _percentage(text: str, label: str, expected: str) -> Fraction:
    """A number from 0 to 100 given on the command line (Thai digits allowed), or a usage error saying why not."""
    from .exact import HUNDRED, ZERO, to_fraction

    try:
        value = to_fraction(text)
    except ValueError:
        raise UsageError(f"{label.format(text)} is not a number (expected {expected})") from None
    if not ZERO <= value <= HUNDRED:
        raise UsageError(f"{label.format(text)} is out of range (expected {expected})")
    return value


def _emit(text: str, output: str | None) -> None:
    if output:
        from .atomic import write_atomic

        write_atomic(output, text)
    else:
        sys.stdout.write(text)


# -- commands -----------------------------------------------------------------------------


def cmd_years(args: argparse.Namespace) -> int:
    """List installed rule sets, the plugin of each, and plugins that failed to load."""
    registry = get_registry()
    years = registry.years
    conflicts = registry.conflicts()
    for year in years:
        if year in conflicts:
            names = " and ".join(f"{p.distribution} ({p.name})" for p in conflicts[year])
            print(f"{year}  CONFLICT: offered by {names}")
            continue
        rules = registry.rule_set(year)
        info = registry.plugin_of(year)
        print(f"{year}  {info.distribution} (plugin {info.name})  {rules.name_en}")
    for failure in registry.failures:
        print(f"itakit: warning: {failure}", file=sys.stderr)
    if not years:
        print("no ITA rule sets are installed", file=sys.stderr)
        return EXIT_DATA
    return EXIT_DATA if conflicts else EXIT_OK


def _output_format(args: argparse.Namespace) -> str:
    """The output format: as given, else xlsx for ``-o *.xlsx``, else text; refuses a workbook on stdout."""
    to_xlsx = bool(args.output) and str(args.output).lower().endswith(".xlsx")
    fmt = args.format or ("xlsx" if to_xlsx else "text")
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx writes a workbook: give the file with -o RESULT.xlsx")
    if to_xlsx and fmt != "xlsx":
        raise UsageError(f"-o {args.output} names an Excel workbook, but --format is {fmt}; "
                         "leave out --format, or name the output for its format")
    return fmt


def cmd_score(args: argparse.Namespace) -> int:
    """Score a file of one or many agencies and print the result as text, JSON or CSV (ranked among many), or write a workbook."""
    from . import progress
    from .inputs.read import read_input
    from .inputs.tally import paused_gc
    from .outputs.render import to_csv, to_json, to_text
    from .scoring.score import score_many

    registry = get_registry()
    rules = _rule_set(args, registry)
    fmt = _output_format(args)
    # A national file makes millions of small acyclic objects: the cycle collector would
    # only rescan them over and over (docs/performance.md).
    with paused_gc(), progress.on_terminal(args.progress):
        data = read_input(args.file, rules, encoding=args.encoding, sheet=args.sheet, mapping=args.mapping,
                          skip_unreadable=args.skip_unreadable)
        results = score_many(rules, data.agencies, registry=registry)
        ranks = None
        if data.is_many:
            from .scoring.batch import rank_agencies

            ranks = rank_agencies(results)
        if fmt == "xlsx":
            from .outputs.xlsx_export import write_xlsx

            write_xlsx(args.output, results, rules)
            return EXIT_OK
        if fmt == "json":
            text = to_json(results, many=data.is_many, agency_ranks=ranks)
        elif fmt == "csv":
            text = to_csv(results, rules, agency_ranks=ranks)
        else:
            text = to_text(results, rules, digits=args.digits, agency_ranks=ranks)
    _emit(text, args.output)
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    """Summarise a many-agency file: grades, the share at the pass line against the target, means, weakest indicators."""
    from . import progress
    from .inputs.read import read_input
    from .outputs.render_batch import summary_to_csv, summary_to_json, summary_to_text
    from .scoring.batch import summarise
    from .scoring.score import score_many

    target = _percentage(args.target, "--target {!r}", "a percentage such as 80")
    if args.weakest < 0:
        raise UsageError("--weakest must be 0 or more")
    registry = get_registry()
    rules = _rule_set(args, registry)
    summary = None
    if Path(args.file).suffix.lower() == ".csv":
        from .scoring.fastsummary import summarise_csv

        try:  # a clean indicator table is summarised in whole numbers, without a Result per agency
            summary = summarise_csv(args.file, rules, registry=registry, by=args.by, target_share=target,
                                    weakest=args.weakest)
        except UsageError:
            raise
        except ItakitError:
            summary = None  # the ordinary path below reports the problems
    if summary is None:
        with progress.on_terminal(args.progress):
            data = read_input(args.file, rules, skip_unreadable=args.skip_unreadable)
            results = score_many(rules, data.agencies, registry=registry)
        summary = summarise(results, rules, by=args.by, target_share=target, weakest=args.weakest)
    if args.format == "json":
        text = summary_to_json(summary)
    elif args.format == "csv":
        text = summary_to_csv(summary, rules)
    else:
        text = summary_to_text(summary, rules, digits=args.digits)
    _emit(text, args.output)
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare two years' files agency by agency: the change in total, grade and each indicator."""
    from . import progress
    from .inputs.read import read_input
    from .outputs.render_batch import comparison_to_csv, comparison_to_json, comparison_to_text
    from .scoring.batch import compare
    from .scoring.score import score_many

    registry = get_registry()
    years = []
    with progress.on_terminal(args.progress):
        for path, year in ((args.old, args.year_old), (args.new, args.year_new)):
            rules = registry.rule_set(year)
            data = read_input(path, rules, skip_unreadable=args.skip_unreadable)
            years.append(score_many(rules, data.agencies, registry=registry))
    comparison = compare(years[0], years[1])
    if args.format == "json":
        text = comparison_to_json(comparison)
    elif args.format == "csv":
        text = comparison_to_csv(comparison)
    else:
        text = comparison_to_text(comparison, digits=args.digits)
    _emit(text, args.output)
    return EXIT_OK


def cmd_mapping(args: argparse.Namespace) -> int:
    """Write a starter survey mapping (TOML) headed by the year's own question texts."""
    from .inputs.survey import starter_mapping

    rules = _rule_set(args, get_registry())
    _emit(starter_mapping(rules, args.tool), args.output)
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    """Print the grade of a total by a year's bands."""
    from .exact import round_half_up
    from .rules.grading import grade_by_bands, next_band

    registry = get_registry()
    rules = _rule_set(args, registry)
    value = _percentage(args.score, "{!r}", "a total from 0 to 100")
    shown = round_half_up(value)
    grade = grade_by_bands(rules, shown)
    verdict = "ผ่านเกณฑ์ (passed)" if grade.passed else "ไม่ผ่านเกณฑ์ (not passed)"
    line = f"{shown}  {grade.code}  {verdict}"
    better = next_band(rules, shown)
    if better is not None:
        line += f"  · {better.lower - shown} to {better.code}"
    print(line)
    return EXIT_OK


def _pick_agency(agencies: Sequence[AgencyData], name: str | None, file: str) -> AgencyData:
    """The one agency a report is about: the only one in the file, or the one named by --agency."""
    if len(agencies) == 1:
        return agencies[0]
    for data in agencies:
        if data.agency == name:
            return data
    names = ", ".join(repr(a.agency) for a in agencies[:5]) + (" …" if len(agencies) > 5 else "")
    raise UsageError(f"{file} holds {len(agencies)} agencies ({names}); a report is about one: "
                     "give its name exactly with --agency, or a file of that agency alone")


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the improvement planner: gain per point of each indicator, failed OIT items, the way to the next grade."""
    from .inputs.read import read_input
    from .outputs.report import build_plan_report, render_text
    from .scoring.planner import plan_improvements
    from .scoring.score import score_many

    registry = get_registry()
    rules = _rule_set(args, registry)
    data = read_input(args.file, rules)
    results = score_many(rules, data.agencies, registry=registry)
    texts = [
        render_text(build_plan_report(rules, r, plan_improvements(rules, r, registry=registry), digits=args.digits))
        for r in results
    ]
    _emit("\n".join(texts), args.output)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the agency's analysis report (.docx, .html or .md by the output's extension), atomically."""
    from .inputs.planfile import read_measure_plan
    from .inputs.read import read_input
    from .outputs.report import build_report, report_format, write_report
    from .scoring.planner import plan_improvements
    from .scoring.score import score

    report_format(args.output)  # refuse an unknown extension before any work
    registry = get_registry()
    rules = _rule_set(args, registry)
    data = read_input(args.file, rules, skip_unreadable=args.skip_unreadable)
    agency = _pick_agency(data.agencies, args.agency, args.file)
    result = score(rules, agency, registry=registry)
    measures = read_measure_plan(args.plan, rules) if args.plan else None
    previous = None
    if args.previous:
        before = read_input(args.previous, rules, skip_unreadable=args.skip_unreadable)
        previous = score(rules, _pick_agency(before.agencies, args.agency, args.previous), registry=registry)
        if previous.year == rules.year:  # scored with this year's rules: it stands for the year before
            import attrs

            previous = attrs.evolve(previous, year=rules.year - 1)
    report = build_report(
        rules, result, agency=args.agency, digits=args.digits, measures=measures, chart=args.chart,
        plan=plan_improvements(rules, result, registry=registry), details=_report_details(args, measures),
        previous=previous, final=args.final,
    )
    write_report(args.output, report)
    return EXIT_OK


def _report_details(args: argparse.Namespace, measures: MeasurePlan | None) -> ReportDetails:
    """The agency's details: the plan file's ``[report]`` table, with --district and --province over it."""
    import attrs

    from .inputs.planfile import ReportDetails

    details = (measures.details if measures is not None else None) or ReportDetails()
    return attrs.evolve(details, agency=args.agency, district=args.district or details.district,
                        province=args.province or details.province)


def cmd_rules(args: argparse.Namespace) -> int:
    """Print a year's rule file, to copy and edit for ``--rules``."""
    rules = _rule_set(args, get_registry())
    if rules.source is None or not Path(rules.source).is_file():
        raise UsageError(f"the rules of {rules.year} were not read from a file, so there is none to show")
    sys.stdout.write(Path(rules.source).read_text(encoding="utf-8"))
    return EXIT_OK


# -- parser -------------------------------------------------------------------------------


def _add_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="fiscal year, Buddhist Era (default: the newest installed)")
    p.add_argument("--rules", metavar="FILE", help="use the rule set in this TOML file instead of an installed one")


def _add_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress on standard error (default: only when it is a terminal)")


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    _add_reading_and_writing(p)


def _add_reading_and_writing(p: argparse.ArgumentParser) -> None:
    """Options every command that reads agencies and prints results shares: digits, unreadable answers, -o, progress."""
    p.add_argument("--digits", choices=("thai", "arabic"), default="arabic",
                   help="digits in text output (JSON and CSV always use Arabic digits)")
    p.add_argument("--skip-unreadable", action="store_true",
                   help="count unreadable raw answers as blank (and list them) instead of refusing the file")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")
    _add_progress(p)


def _score_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help=".csv/.txt/.tsv text, .xlsx workbook or .json results")
    _add_year(p)
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default=None,
                   help="output format (default: xlsx for -o *.xlsx, else text)")
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of FILE: utf-8, utf-16, cp874 or tis-620 (default: detected)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx FILE to read (default: the first)")
    p.add_argument("--mapping", metavar="FILE",
                   help="survey mapping (.toml or .csv): which question each column of a survey export answers")
    _add_reading_and_writing(p)


def _mapping_arguments(p: argparse.ArgumentParser) -> None:
    _add_year(p)
    p.add_argument("--tool", type=str.upper, metavar="IIT|EIT", help="only this survey's questions")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")


def _summary_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    _add_year(p)
    p.add_argument("--by", metavar="COLUMN",
                   help="also summarise each group of this column of the file (province, agency type…)")
    p.add_argument("--target", default="80", metavar="PERCENT",
                   help="share of agencies that should reach the pass line (default 80, the national target)")
    p.add_argument("--weakest", type=int, default=3, metavar="N", help="how many weakest indicators to list (default 3)")
    _add_output_options(p)


def _compare_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--year-old", type=_year, metavar="YEAR", help="fiscal year of OLD (default: the newest installed)")
    p.add_argument("--year-new", type=_year, metavar="YEAR", help="fiscal year of NEW (default: the newest installed)")
    _add_output_options(p)


def _grade_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("score", metavar="SCORE")
    _add_year(p)


def _plan_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    _add_year(p)
    p.add_argument("--digits", choices=("thai", "arabic"), default="arabic", help="digits in the output")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    _add_year(p)
    p.add_argument("--agency", metavar="NAME", required=True,
                   help="the agency's name as printed in the report (also picks the agency in a many-agency file)")
    p.add_argument("--digits", choices=("thai", "arabic"), default="thai", help="digits in the report (default thai)")
    p.add_argument("--plan", metavar="PLAN", help="measures to fill section 4, a .toml or .csv file (docs/report.md)")
    p.add_argument("--chart", action="store_true",
                   help="add a bar chart of the indicator scores (extra 'chart' and a Thai font)")
    p.add_argument("--district", metavar="NAME", help="the agency's district (อำเภอ), for the cover")
    p.add_argument("--province", metavar="NAME", help="the agency's province (จังหวัด), for the cover")
    p.add_argument("--previous", metavar="FILE",
                   help="last year's scores (any input format), to compare the total with in section 3")
    p.add_argument("--final", action="store_true",
                   help="the copy to sign: drafted cells of section 4 are no longer highlighted")
    p.add_argument("--skip-unreadable", action="store_true",
                   help="count unreadable raw answers as blank (and list them) instead of refusing the file")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the report file; its extension (.docx, .html, .md) chooses the format")


_Command = tuple[str, Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None]]

#: Each sub-command: its help line, the function that runs it, and the function adding its options.
COMMANDS: dict[str, _Command] = {
    "years": ("list installed rule sets and their plugins", cmd_years, lambda p: None),
    "score": ("score an agency (or many) from a CSV, Excel or JSON file", cmd_score, _score_arguments),
    "mapping": ("write a starter mapping for survey exports (Google Forms)", cmd_mapping, _mapping_arguments),
    "summary": ("summarise many agencies: grades, share passing, means, weakest indicators",
                cmd_summary, _summary_arguments),
    "compare": ("compare two years' files agency by agency", cmd_compare, _compare_arguments),
    "grade": ("the grade of a total", cmd_grade, _grade_arguments),
    "plan": ("where the next points are cheapest, and the way to the next grade", cmd_plan, _plan_arguments),
    "report": ("write the analysis report (.docx, .html or .md)", cmd_report, _report_arguments),
    "rules": ("print a year's rule file (copy it to override values)", cmd_rules, _add_year),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser, with one sub-command per job.

    Given the ``command`` about to run, only that sub-command's options are built: each
    sub-parser costs start-up time (argparse translates its texts through gettext),
    and a run needs one.
    """
    parser = argparse.ArgumentParser(
        prog="itakit",
        description="Score Thailand's Integrity and Transparency Assessment (ITA) exactly.",
        epilog="exit codes: 0 ok, 1 bad input or plugin, 2 bad usage, 3 internal error",
    )
    parser.add_argument("--version", action="version", version=f"itakit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (help_text, run, add_arguments) in COMMANDS.items():
        if command in COMMANDS and name != command:
            continue
        p = sub.add_parser(name, help=help_text)
        add_arguments(p)
        p.set_defaults(func=run)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named on a command line: its first word that is not an option (the top-level options take no value)."""
    for word in argv:
        if not word.startswith("-"):
            return word
        if word == "--":
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(_command_in(argv)).parse_args(argv)
    try:
        return int(args.func(args))
    except ItakitError as exc:
        if args.debug:
            raise
        print(f"itakit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: say so plainly, traceback only with --debug
        if args.debug:
            raise
        print(f"itakit: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)",
              file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
