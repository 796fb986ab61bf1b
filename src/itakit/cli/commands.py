"""What each ``itakit`` sub-command does: read, score, present — each a few calls into the Python API.

Modules only some commands need are imported inside those commands, so that
``itakit score`` starts fast (docs/performance.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ItakitError, UsageError
from ..rules.plugins import Registry, get_registry
from ..thai import to_arabic_digits

if TYPE_CHECKING:
    from decimal import Decimal

    from ..inputs.data import AgencyData
    from ..inputs.planfile import MeasurePlan, ReportDetails
    from ..inputs.table import InputFile
    from ..rules.model import RuleSet
    from ..scoring.result import Result

__all__ = [
    "EXIT_BUG", "EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "cmd_compare", "cmd_grade", "cmd_mapping", "cmd_plan",
    "cmd_followup", "cmd_report", "cmd_rules", "cmd_score", "cmd_serve", "cmd_summary", "cmd_years", "year",
]

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


def year(text: str) -> int:
    try:
        value = int(to_arabic_digits(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year (expected a Buddhist-Era year such as 2565)") from None
    return value


def _rule_set(args: argparse.Namespace, registry: Registry) -> RuleSet:
    if getattr(args, "rules", None):
        from ..rules.rulefile import load_rule_set

        rules = load_rule_set(args.rules)
        if args.year is not None and args.year != rules.year:
            raise UsageError(f"{args.rules} holds the rules of {rules.year}, not {args.year}")
        return rules
    return registry.rule_set(args.year)


def _rules_for_file(args: argparse.Namespace, registry: Registry, path: str) -> RuleSet:
    """The rules for an input file: --rules or --year, else the year the file names, else the default year."""
    if getattr(args, "rules", None) or args.year is not None:
        return _rule_set(args, registry)
    from ..inputs.read import year_named_by

    return registry.rule_set(year_named_by(path, registry.years))


def _read_file(args: argparse.Namespace, registry: Registry, rules: RuleSet, path: str, **options: object) -> InputFile:
    """Read an input by ``rules``; when the year was not given and the file does not fit it, say which years it fits.

    The file is read once: whether it fits the year used, and each other installed
    year, is then told from its header and first records (:func:`read_head`), and a
    file whose header and first records fit the year used is refused for its own problems.
    """
    from ..errors import DataError
    from ..inputs.read import NeedsQuestions, read_head, read_input

    try:
        return read_input(path, rules, **options)  # type: ignore[arg-type]
    except DataError as exc:
        if getattr(args, "rules", None) or args.year is not None:
            raise
        if not isinstance(exc, NeedsQuestions):
            try:
                read_head(path, rules, **options)  # type: ignore[arg-type]
            except DataError:
                pass  # the header or the first records do not fit this year: perhaps another one
            else:
                raise exc from None  # they fit: the file's problems are its own, whatever the year
        fits, fallback = [], None
        for year in reversed(registry.years):
            if year == rules.year:
                continue
            other = registry.rule_set(year)
            try:
                read_head(path, other, **options)  # type: ignore[arg-type]
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
    from ..exact import HUNDRED, ZERO, decimal_fraction

    try:
        value = decimal_fraction(text)
    except ValueError:
        raise UsageError(f"{label.format(text)} is not a number (expected {expected})") from None
    if not ZERO <= value <= HUNDRED:
        raise UsageError(f"{label.format(text)} is out of range (expected {expected})")
    return value


def _emit(text: str, output: str | None = None) -> None:
    """Write a command's text to ``-o`` (atomically) or to standard output, made writable either way (safetext)."""
    if output:
        from ..atomic import write_atomic

        write_atomic(output, text)
    else:
        from ..safetext import write_out

        write_out(text)


def _warn(text: str) -> None:
    from ..safetext import write_out

    write_out(f"itakit: warning: {text}\n", sys.stderr)


# -- commands -----------------------------------------------------------------------------


def cmd_years(args: argparse.Namespace) -> int:
    """List installed rule sets, the plugin of each, and plugins that failed to load."""
    registry = get_registry()
    years = registry.years
    conflicts = registry.conflicts()
    for year in years:
        if year in conflicts:
            names = " and ".join(f"{p.distribution} ({p.name})" for p in conflicts[year])
            _emit(f"{year}  CONFLICT: offered by {names}\n")
            continue
        rules = registry.rule_set(year)
        info = registry.plugin_of(year)
        _emit(f"{year}  {info.distribution} (plugin {info.name})  {rules.name_en}\n")
    for failure in registry.failures:
        _warn(str(failure))
    if not years:
        _warn("no ITA rule sets are installed")
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
    from .. import progress
    from ..outputs.render import to_csv, to_json, to_text
    from ..scoring.score import score_many

    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    fmt = _output_format(args)
    # A national file makes millions of small acyclic objects: the cycle collector would
    # only rescan them over and over (docs/performance.md).
    with progress.paused_gc(freeze=progress.IN_COMMAND), progress.on_terminal(args.progress):
        data = _read_file(args, registry, rules, args.file, encoding=args.encoding, sheet=args.sheet,
                          mapping=args.mapping, skip_unreadable=args.skip_unreadable)
        results = score_many(rules, data.agencies, registry=registry)
        ranks = None
        if data.is_many:
            from ..scoring.batch import rank_agencies

            ranks = rank_agencies(results)
        if fmt == "xlsx":
            from ..outputs.xlsx_export import write_xlsx

            write_xlsx(args.output, results, rules, ranks)
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
    from .. import progress
    from ..outputs.render_batch import summary_to_csv, summary_to_json, summary_to_text
    from ..scoring.batch import summarise
    from ..scoring.score import score_many

    target = _percentage(args.target, "--target {!r}", "a percentage such as 80")
    if args.weakest < 0:
        raise UsageError("--weakest must be 0 or more")
    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    summary = None
    if Path(args.file).suffix.lower() == ".csv":
        from ..scoring.fastsummary import summarise_csv

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
    from .. import progress
    from ..inputs.read import read_input
    from ..outputs.render_batch import comparison_to_csv, comparison_to_json, comparison_to_text
    from ..scoring.batch import compare
    from ..scoring.score import score_many

    registry = get_registry()
    years = []
    rule_sets = []
    with progress.on_terminal(args.progress):
        for path, year in ((args.old, args.year_old), (args.new, args.year_new)):
            if year is None:
                from ..inputs.read import year_named_by

                year = year_named_by(path, registry.years)
            rules = registry.rule_set(year)
            data = read_input(path, rules, skip_unreadable=args.skip_unreadable)
            years.append(score_many(rules, data.agencies, registry=registry))
            rule_sets.append(rules)
    comparison = compare(years[0], years[1], old_rules=rule_sets[0], new_rules=rule_sets[1])
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
    from ..inputs.survey import starter_mapping

    rules = _rule_set(args, get_registry())
    if not rules.question_codes:
        raise UsageError(f"the rules of {rules.year} hold no survey questions (they are not public), so there is "
                         f"nothing to map; a rule file with {rules.year}'s questions is needed (--rules FILE)")
    _emit(starter_mapping(rules, args.tool), args.output)
    return EXIT_OK


def cmd_grade(args: argparse.Namespace) -> int:
    """Print the rating of a total (and tool scores, when the year's rating looks at them), and the next one."""
    from ..exact import round_half_up
    from ..scoring.standing import grade_options, hook_rating

    registry = get_registry()
    rules = _rule_set(args, registry)
    value = _percentage(args.score, "{!r}", "a total from 0 to 100")
    shown = round_half_up(value)
    codes = [t.code for t in rules.tools]
    tools = _given_tools(args.tool or (), rules, shown)
    lines: list[str] = []
    say = lines.append
    options = grade_options(rules, shown, tools)
    levels = rules.rating_levels
    decided = len(options) == 1 and not options[0][1].tools
    hooked = hook_rating(registry, rules, value, tools)
    if hooked is not None:
        if hooked:
            say(f"{shown}  {hooked}  (decided by a plugin's itakit_grade hook; {rules.year})")
        else:
            say(f"{shown}  the rating of {rules.year} is decided by a plugin's itakit_grade hook that may look "
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
        say(line + f"  ({rules.year})")
    else:
        given_tools = ", ".join(f"{c} {v}" for c, v in tools.items())
        say(f"{shown}{' with ' + given_tools if given_tools else ''}: the rating of {rules.year} also depends on "
            "tool scores not given (--tool EIT=84.00 …); the total allows:")
        for level, short in options:
            verdict = "ผ่านเกณฑ์ (passed)" if level.passed else "ไม่ผ่านเกณฑ์ (not passed)"
            wanted = ", ".join(f"{c} at least {floor}" for c, floor in short.tools) or "the tools below the floors above"
            if level is options[-1][0] and not short.tools and len(options) > 1:
                wanted = "any tool scores (some tool below the floors above)"
            say(f"  {level.code}  {verdict}  if {wanted}")
    for note in rules.unverified:
        say(f"  not verified: {note}")
    _emit("".join(line + "\n" for line in lines))
    return EXIT_OK


def _given_tools(given: Sequence[str], rules: RuleSet, shown: Decimal) -> dict[str, Decimal]:
    """The displayed tool scores of ``grade --tool``: each tool once, and together possible with the total ``shown``.

    A displayed figure stands for any exact score within half a cent of it, so the
    tools given (and those not given, anywhere from 0 to 100) must be able to make a
    total that displays as ``shown`` with the year's weights; else the figures contradict.
    """
    from ..exact import HUNDRED, ZERO, round_half_up

    codes = [t.code for t in rules.tools]
    tools: dict[str, Decimal] = {}
    for text in given:
        code, _, figure = text.partition("=")
        code = code.strip().upper()
        if code not in codes or not figure:
            raise UsageError(f"--tool {text!r}: expected TOOL=SCORE with TOOL one of {', '.join(codes)}, e.g. EIT=84.00")
        score = round_half_up(_percentage(figure, f"--tool {code}={{!r}}", "a score from 0 to 100"))
        if code in tools:
            raise UsageError(f"--tool {code} is given twice ({code}={tools[code]} and {code}={score}); give each tool once")
        tools[code] = score
    if not tools:
        return tools
    half = Fraction(1, 200)
    given_part = missing_part = Fraction(0)  # the given tools' share of the total, and the most the others add
    for tool in rules.tools:
        if tool.code in tools:
            given_part += tool.weight / HUNDRED * Fraction(tools[tool.code])
        else:
            missing_part += tool.weight
    slack = half * sum((t.weight / HUNDRED for t in rules.tools if t.code in tools), ZERO)  # each tool ± half a cent
    total = Fraction(shown)
    # a displayed figure d stands for [d - half, d + half): the sums' ranges are half-open too
    if given_part + missing_part + slack <= total - half or given_part - slack >= total + half:
        weights = ", ".join(f"{t.code} {t.weight}" for t in rules.tools)
        named = ", ".join(f"{code} {score}" for code, score in tools.items())
        low, high = round_half_up(given_part), round_half_up(given_part + missing_part)
        span = f"of {low}" if low == high else f"from {low} to {high}"
        raise UsageError(f"the tool scores {named} cannot go with the total {shown}: with the weights of {rules.year} "
                         f"({weights}) they make a total {span}; check the figures")
    return tools


def _pick_agency(agencies: Sequence[AgencyData], name: str | None, file: str) -> AgencyData:
    """The one agency a report is about: the only one in the file, or the one named by --agency."""
    if len(agencies) == 1:
        return agencies[0]
    from ..inputs.table import text_key

    for data in agencies:
        if data.agency is not None and name is not None and text_key(data.agency) == text_key(name):
            return data
    names = ", ".join(repr(a.agency) for a in agencies[:5]) + (" …" if len(agencies) > 5 else "")
    raise UsageError(f"{file} holds {len(agencies)} agencies ({names}); a report is about one: "
                     "give its name exactly with --agency, or a file of that agency alone")


def cmd_plan(args: argparse.Namespace) -> int:
    """Print the improvement planner: gain per point of each indicator, failed OIT items, the way to the next grade."""
    from ..scoring.planner import plan_improvements
    from ..scoring.score import score_many

    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    data = _read_file(args, registry, rules, args.file)
    results = score_many(rules, data.agencies, registry=registry)
    if args.format == "json":
        from ..outputs.render import plans_to_json

        plans = [plan_improvements(rules, r, registry=registry) for r in results]
        _emit(plans_to_json(rules, results, plans, many=data.is_many), args.output)
        return EXIT_OK
    from ..outputs.report import build_plan_report, render_text

    texts = [
        render_text(build_plan_report(rules, r, plan_improvements(rules, r, registry=registry), digits=args.digits))
        for r in results
    ]
    _emit("\n".join(texts), args.output)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the agency's analysis report (.pdf, .docx, .html or .md by the output's extension), atomically."""
    from ..inputs.planfile import read_measure_plan
    from ..outputs.report import build_report, drafted_plan, report_format, write_report
    from ..scoring.planner import plan_improvements
    from ..scoring.score import score

    report_format(args.output)  # refuse an unknown extension before any work
    if args.save_plan and Path(args.save_plan).suffix.casefold() != ".toml":
        raise UsageError(f"{args.save_plan}: a saved plan is a TOML file; name it .toml")
    registry = get_registry()
    rules = _rules_for_file(args, registry, args.file)
    data = _read_file(args, registry, rules, args.file, encoding=args.encoding, sheet=args.sheet,
                      mapping=args.mapping, skip_unreadable=args.skip_unreadable)
    agency = _pick_agency(data.agencies, args.agency, args.file)
    result = score(rules, agency, registry=registry)
    measures = read_measure_plan(args.plan, rules) if args.plan else None
    questions = None
    if args.questions:
        from ..inputs.questions import read_question_sheet

        questions = read_question_sheet(args.questions, rules)
        for line in questions.disagreements(rules, {i.number: i.score for i in result.indicators}):
            _note(f"{args.questions}: {line}")
    previous = _previous(args, registry, rules) if args.previous else None
    plan = plan_improvements(rules, result, registry=registry)
    details = _report_details(args, measures)
    report = build_report(
        rules, result, agency=args.agency, digits=args.digits, measures=measures, chart=args.chart, plan=plan,
        details=details, previous=previous, final=args.final, date_line=_date_line(args), questions=questions,
        phrases=args.phrases,
    )
    _unconfirmed(rules, "report", final=args.final)
    write_report(args.output, report)
    if args.save_plan:
        from ..atomic import write_atomic
        from ..outputs.plan_toml import plan_toml

        write_atomic(args.save_plan, plan_toml(drafted_plan(rules, result, plan, measures, details,
                                                            questions=questions)))
    return EXIT_OK


def _note(text: str) -> None:
    print(f"itakit: note: {text}", file=sys.stderr)


def _unconfirmed(rules: RuleSet, what: str, *, final: bool) -> None:
    """Say on the command's output when the year's rules carry values no public source confirms."""
    if not rules.unverified:
        return
    where = "" if final else " (the draft carries a shaded note; --final leaves it out)"
    _note(f"the {what} for {rules.year} rests on values not confirmed by NACC{where}:")
    for line in rules.unverified:
        print(f"  not verified: {line}", file=sys.stderr)


def _date_line(args: argparse.Namespace) -> str | None:
    """The document's month and year ("ตุลาคม ๒๕๖๕") from --date, or None for today's."""
    if not getattr(args, "date", None):
        return None
    from datetime import date

    from ..thai import christian_year, format_date

    text = args.date.strip()
    try:
        year, month, day = (int(part) for part in text.split("-"))
        if year >= 2400:  # a Buddhist-Era year, as Thai officers write dates
            year = christian_year(year)
        when = date(year, month, day)
    except ValueError:
        raise UsageError(f"--date {text!r}: not a date (expected YYYY-MM-DD, e.g. 2022-10-31 or 2565-10-31)") from None
    return format_date(when, style="month_year", digits=args.digits)


def _previous(args: argparse.Namespace, registry: Registry, rules: RuleSet) -> Result:
    """Last year's result for --previous, scored by that year's rules when the file names its year."""
    from ..inputs.read import year_named_by
    from ..scoring.score import score

    named = year_named_by(args.previous, registry.years)  # last year's file may name its own year
    old_rules = registry.rule_set(named) if named is not None and named != rules.year else rules
    before = _read_file(args, registry, old_rules, args.previous, skip_unreadable=args.skip_unreadable)
    previous = score(old_rules, _pick_agency(before.agencies, args.agency, args.previous), registry=registry)
    if previous.year > rules.year:  # the report compares with an earlier year, never a later one
        raise UsageError(f"--previous {args.previous} holds the scores of {previous.year}, after this report's "
                         f"year {rules.year}; --previous is the year before: give an earlier year's file")
    if previous.year == rules.year:  # scored with this year's rules: it stands for the year before
        import attrs

        previous = attrs.evolve(previous, year=rules.year - 1)
    return previous


def cmd_followup(args: argparse.Namespace) -> int:
    """Write the follow-up of a saved plan's measures (.pdf, .docx, .html or .md), atomically."""
    import attrs

    from ..inputs.planfile import ReportDetails, plan_year, read_measure_plan
    from ..inputs.status import read_status_file
    from ..outputs.report import report_format, write_report
    from ..outputs.report.followup import build_followup

    report_format(args.output)
    registry = get_registry()
    year = args.year if args.year is not None else plan_year(args.file)
    if year is None:
        raise UsageError(f"{args.file}: the plan does not say which year's result it answers ([plan] year = …); "
                         "give --year")
    rules = registry.rule_set(year)
    plan = read_measure_plan(args.file, rules)
    status = read_status_file(args.status, [m.id for m in plan.entries if not m.omit]) if args.status else None
    details = plan.details or ReportDetails()
    details = attrs.evolve(details, agency=args.agency or details.agency, district=args.district or details.district,
                           province=args.province or details.province)
    if not details.agency:
        raise UsageError(f"{args.file}: the plan names no agency ([report] agency = …); give --agency NAME")
    document = build_followup(rules, plan, agency=details.agency, status=status, details=details,
                              digits=args.digits, final=args.final, phrases=args.phrases)
    write_report(args.output, document)
    return EXIT_OK


def _report_details(args: argparse.Namespace, measures: MeasurePlan | None) -> ReportDetails:
    """The agency's details: the plan file's ``[report]`` table, with --district and --province over it."""
    import attrs

    from ..inputs.planfile import ReportDetails

    details = (measures.details if measures is not None else None) or ReportDetails()
    return attrs.evolve(details, agency=args.agency, district=args.district or details.district,
                        province=args.province or details.province)


def cmd_rules(args: argparse.Namespace) -> int:
    """Print a year's rule file, to copy and edit for ``--rules``."""
    rules = _rule_set(args, get_registry())
    if rules.source is None or not Path(rules.source).is_file():
        raise UsageError(f"the rules of {rules.year} were not read from a file, so there is none to show")
    _emit(Path(rules.source).read_text(encoding="utf-8"))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the officer's web page (the ``web`` extra) until interrupted; the web face is imported only here."""
    from ..web.server import serve
    from ..web.settings import Settings

    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: expected a port from 1 to 65535")
    if not 0 < args.max_upload_mb <= 4096:
        raise UsageError(f"--max-upload-mb {args.max_upload_mb:g}: expected a size in MB above 0 (at most 4096)")
    if args.workers < 1:
        raise UsageError(f"--workers {args.workers}: expected at least 1")
    settings = Settings(host=args.host, port=args.port, allowed_hosts=tuple(args.allowed_host),
                        max_upload_bytes=int(args.max_upload_mb * 1024 * 1024), workers=args.workers)
    return serve(settings, open_browser=args.open)


# -- parser -------------------------------------------------------------------------------
