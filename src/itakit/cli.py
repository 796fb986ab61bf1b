"""The ``itakit`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 the input or a plugin is wrong (the message says where);
2 the command was used wrongly (unknown option or year, missing file); 3 a bug in
itakit (run again with ``--debug`` to see the traceback and report it).
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import argparse
import errno
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
    from .inputs.table import InputFile
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


def _rules_for_file(args: argparse.Namespace, registry: Registry, path: str) -> RuleSet:
    """The rules for an input file: --rules or --year when given, else the year the file names, else the newest."""
    if getattr(args, "rules", None) or args.year is not None:
        return _rule_set(args, registry)
    from .inputs.read import year_named_by

    return registry.rule_set(year_named_by(path, registry.years))


def _read_file(args: argparse.Namespace, registry: Registry, rules: RuleSet, path: str, **options: object) -> InputFile:
    """Read an input by ``rules``; when the year was not given and the file does not fit it, say which years it fits."""
    from .errors import DataError
    from .inputs.read import NeedsQuestions, read_input

    try:
        return read_input(path, rules, **options)  # type: ignore[arg-type]
    except DataError as exc:
        if getattr(args, "rules", None) or args.year is not None:
            raise
        fits, fallback = [], None
        for year in reversed(registry.years):
            if year == rules.year:
                continue
            other = registry.rule_set(year)
            try:
                read_input(path, other, **options)  # type: ignore[arg-type]
            except DataError as again:
                if fallback is None and (other.question_codes or other.item_codes):
                    fallback = again
                continue
            except ItakitError:  # e.g. a mapping made for another year: this year does not fit either
                continue
            fits.append(str(year))
        if fits:
            first = exc.problems[0].message if exc.problems else str(exc)
            raise UsageError(
                f"{path} does not fit {rules.year}, the year used when --year is left out ({first}); "
                f"it fits {', '.join(fits)} of the installed years: give --year {fits[0]}"
            ) from None
        if isinstance(exc, NeedsQuestions) and fallback is not None:
            raise fallback from None
        raise


def _percentage(text: str, label: str, expected: str) -> Fraction:
    """A number from 0 to 100 given on the command line (Thai digits allowed), or a usage error saying why not."""
    from .exact import HUNDRED, ZERO, decimal_fraction

    try:
        value = decimal_fraction(text)
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
    from .inputs.tally import paused_gc
    from .outputs.render import to_csv, to_json, to_text
    from .scoring.score import score_many

    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    fmt = _output_format(args)
    # A national file makes millions of small acyclic objects: the cycle collector would
    # only rescan them over and over (docs/performance.md).
    with paused_gc(), progress.on_terminal(args.progress):
        data = _read_file(args, registry, rules, args.file, encoding=args.encoding, sheet=args.sheet,
                          mapping=args.mapping, skip_unreadable=args.skip_unreadable)
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
    from .outputs.render_batch import summary_to_csv, summary_to_json, summary_to_text
    from .scoring.batch import summarise
    from .scoring.score import score_many

    target = _percentage(args.target, "--target {!r}", "a percentage such as 80")
    if args.weakest < 0:
        raise UsageError("--weakest must be 0 or more")
    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
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
            data = _read_file(args, registry, rules, args.file, skip_unreadable=args.skip_unreadable)
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
            if year is None:
                from .inputs.read import year_named_by

                year = year_named_by(path, registry.years)
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
    if not rules.question_codes:
        raise UsageError(f"the rules of {rules.year} hold no survey questions (they are not public), so there is "
                         f"nothing to map; a rule file with {rules.year}'s questions is needed (--rules FILE)")
    _emit(starter_mapping(rules, args.tool), args.output)
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    """Print the rating of a total (and tool scores, when the year's rating looks at them), and the next one."""
    from .exact import round_half_up
    from .scoring.standing import grade_options, hook_rating

    registry = get_registry()
    rules = _rule_set(args, registry)
    value = _percentage(args.score, "{!r}", "a total from 0 to 100")
    shown = round_half_up(value)
    tools = {}
    codes = [t.code for t in rules.tools]
    for given in args.tool or ():
        code, _, figure = given.partition("=")
        code = code.strip().upper()
        if code not in codes or not figure:
            raise UsageError(f"--tool {given!r}: expected TOOL=SCORE with TOOL one of {', '.join(codes)}, e.g. EIT=84.00")
        tools[code] = round_half_up(_percentage(figure, f"--tool {code}={{!r}}", "a score from 0 to 100"))
    options = grade_options(rules, shown, tools)
    levels = rules.rating_levels
    decided = len(options) == 1 and not options[0][1].tools
    hooked = hook_rating(registry, rules, value, tools)
    if hooked is not None:
        if hooked:
            print(f"{shown}  {hooked}  (decided by a plugin's itakit_grade hook; {rules.year})")
        else:
            print(f"{shown}  the rating of {rules.year} is decided by a plugin's itakit_grade hook that may look "
                  f"at more than the total: give every tool (--tool {codes[0]}=… for each of {', '.join(codes)}), "
                  "or score the agency's file (itakit score FILE)")
    elif decided:
        level = options[0][0]
        verdict = "ผ่านเกณฑ์ (passed)" if level.passed else "ไม่ผ่านเกณฑ์ (not passed)"
        line = f"{shown}  {level.code}  {verdict}"
        place = levels.index(level)
        if place > 0:
            better = levels[place - 1]
            short = better.shortfall(shown, tools)
            needs = [f"{short.total} to {better.code}"] if short.total > 0 else [f"to {better.code}"]
            needs += [f"{code} +{points}" for code, points in short.tools]
            needs += [f"{code} at least {floor}" for code, floor in better.floors(codes).items() if code not in tools]
            line += "  · " + ", ".join(needs)
        print(line + f"  ({rules.year})")
    else:
        given_tools = ", ".join(f"{c} {v}" for c, v in tools.items())
        print(f"{shown}{' with ' + given_tools if given_tools else ''}: the rating of {rules.year} also depends on "
              "tool scores not given (--tool EIT=84.00 …); the total allows:")
        for level, short in options:
            verdict = "ผ่านเกณฑ์ (passed)" if level.passed else "ไม่ผ่านเกณฑ์ (not passed)"
            wanted = ", ".join(f"{c} at least {floor}" for c, floor in short.tools) or "the tools below the floors above"
            if level is options[-1][0] and not short.tools and len(options) > 1:
                wanted = "any tool scores (some tool below the floors above)"
            print(f"  {level.code}  {verdict}  if {wanted}")
    for note in rules.unverified:
        print(f"  not verified: {note}")
    return EXIT_OK


def _pick_agency(agencies: Sequence[AgencyData], name: str | None, file: str) -> AgencyData:
    """The one agency a report is about: the only one in the file, or the one named by --agency."""
    if len(agencies) == 1:
        return agencies[0]
    from .inputs.table import text_key

    for data in agencies:
        if data.agency is not None and name is not None and text_key(data.agency) == text_key(name):
            return data
    names = ", ".join(repr(a.agency) for a in agencies[:5]) + (" …" if len(agencies) > 5 else "")
    raise UsageError(f"{file} holds {len(agencies)} agencies ({names}); a report is about one: "
                     "give its name exactly with --agency, or a file of that agency alone")


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the improvement planner: gain per point of each indicator, failed OIT items, the way to the next grade."""
    from .scoring.planner import plan_improvements
    from .scoring.score import score_many

    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    data = _read_file(args, registry, rules, args.file)
    results = score_many(rules, data.agencies, registry=registry)
    if args.format == "json":
        import json

        plans = []
        for r in results:
            plan = plan_improvements(rules, r, registry=registry)
            one: dict[str, object] = {"year": rules.year, "grade": None if r.grade is None else r.grade.code,
                                      "total": None if r.display_total is None else str(r.display_total),
                                      "routes": [route.to_dict() for route in plan.routes],
                                      "rules_verified": rules.verified}
            if r.agency is not None:
                one = {"agency": r.agency, **one}
            plans.append(one)
        _emit(json.dumps(plans if data.is_many else plans[0], ensure_ascii=False, indent=2) + "\n", args.output)
        return EXIT_OK
    from .outputs.report import build_plan_report, render_text

    texts = [
        render_text(build_plan_report(rules, r, plan_improvements(rules, r, registry=registry), digits=args.digits))
        for r in results
    ]
    _emit("\n".join(texts), args.output)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the agency's analysis report (.docx, .html or .md by the output's extension), atomically."""
    from .inputs.planfile import read_measure_plan
    from .outputs.report import build_report, report_format, write_report
    from .scoring.planner import plan_improvements
    from .scoring.score import score

    report_format(args.output)  # refuse an unknown extension before any work
    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    data = _read_file(args, registry, rules, args.file, skip_unreadable=args.skip_unreadable)
    agency = _pick_agency(data.agencies, args.agency, args.file)
    result = score(rules, agency, registry=registry)
    measures = read_measure_plan(args.plan, rules) if args.plan else None
    previous = None
    if args.previous:
        from .inputs.read import year_named_by

        named = year_named_by(args.previous, registry.years)  # last year's file may name its own year
        old_rules = registry.rule_set(named) if named is not None and named != rules.year else rules
        before = _read_file(args, registry, old_rules, args.previous, skip_unreadable=args.skip_unreadable)
        previous = score(old_rules, _pick_agency(before.agencies, args.agency, args.previous), registry=registry)
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
    p.add_argument("--year", type=_year, help="fiscal year, Buddhist Era (default: the year the file names, else the "
                   "newest installed year whose rules are all confirmed; see docs/concepts.md)")
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
    p.add_argument("--year-old", type=_year, metavar="YEAR", help="fiscal year of OLD (default: as --year)")
    p.add_argument("--year-new", type=_year, metavar="YEAR", help="fiscal year of NEW (default: as --year)")
    _add_output_options(p)


def _grade_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("score", metavar="SCORE")
    _add_year(p)
    p.add_argument("--tool", action="append", metavar="TOOL=SCORE",
                   help="a tool's displayed score (repeat for each tool), for years whose rating looks at tools")


def _plan_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    _add_year(p)
    p.add_argument("--digits", choices=("thai", "arabic"), default="arabic", help="digits in the output")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: the checked routes to each better rating, {\"routes\": [...]}")
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
    if not args.debug:  # e.g. a zip writer closed twice after a full disk: nothing for the user to see
        sys.unraisablehook = lambda unraisable: None
    try:
        _check_paths(args)
        return int(args.func(args))
    except ItakitError as exc:
        if args.debug:
            raise
        print(f"itakit: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if args.debug:
            raise
        if exc.errno not in _ENVIRONMENT_ERRNOS:
            print(_internal(exc), file=sys.stderr)
            return EXIT_BUG
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"itakit: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - a bug: say so plainly, traceback only with --debug
        if args.debug:
            raise
        print(_internal(exc), file=sys.stderr)
        return EXIT_BUG


def _internal(exc: BaseException) -> str:
    return f"itakit: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)"


_ENVIRONMENT_ERRNOS = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR,
    errno.ENOENT, errno.EFBIG, errno.EIO, errno.EMFILE, errno.ENFILE, errno.ENOMEM,
})
"""Errors of the machine, not of itakit: a full disk, no permission, a read-only file system…"""

_INPUT_OPTIONS = (("file", "", "file"), ("old", "", "file"), ("new", "", "file"), ("rules", "--rules", "file"),
                  ("plan", "--plan", "file"), ("mapping", "--mapping", "mapping file"))


def _check_paths(args: argparse.Namespace) -> None:
    """Before any work: every input is a readable regular file, and the output is none of them nor a folder."""
    from .atomic import check_input, check_output

    inputs = []
    for attribute, label, kind in _INPUT_OPTIONS:
        path = getattr(args, attribute, None)
        if path:
            check_input(path, label, kind=kind)
            inputs.append(path)
    output = getattr(args, "output", None)
    if output:
        check_output(output, inputs)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
