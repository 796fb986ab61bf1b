"""The options of each ``itakit`` sub-command, one function per command, added only when that command runs."""

from __future__ import annotations

import argparse

from .commands import year

__all__ = ["add_year", "add_progress", "add_output_options", "add_reading_and_writing", "add_file_reading", "score_arguments", "mapping_arguments", "summary_arguments", "compare_arguments", "grade_arguments", "plan_arguments", "report_arguments", "followup_arguments", "add_document_options", "serve_arguments"]


def add_year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=year, help="fiscal year, Buddhist Era (default: the year the file names, else the "
                   "newest installed year whose rules are all confirmed; see docs/concepts.md)")
    p.add_argument("--rules", metavar="FILE", help="use the rule set in this TOML file instead of an installed one")


def add_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress on standard error (default: only when it is a terminal)")


def add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    add_reading_and_writing(p)


def add_reading_and_writing(p: argparse.ArgumentParser) -> None:
    """Options every command that reads agencies and prints results shares: digits, unreadable answers, -o, progress."""
    p.add_argument("--digits", choices=("thai", "arabic"), default="arabic",
                   help="digits in text output (JSON and CSV always use Arabic digits)")
    p.add_argument("--skip-unreadable", action="store_true",
                   help="count unreadable raw answers as blank (and list them) instead of refusing the file")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")
    add_progress(p)


def score_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help=".csv/.txt/.tsv text, .xlsx workbook or .json results")
    add_year(p)
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default=None,
                   help="output format (default: xlsx for -o *.xlsx, else text)")
    add_file_reading(p)
    add_reading_and_writing(p)


def add_file_reading(p: argparse.ArgumentParser) -> None:
    """How to read FILE: its text encoding, the sheet of a workbook and the mapping of a survey export's columns."""
    p.add_argument("--encoding", metavar="NAME",
                   help="text encoding of FILE: utf-8, utf-16, cp874 or tis-620 (default: detected)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx FILE to read (default: the first)")
    p.add_argument("--mapping", metavar="FILE",
                   help="survey mapping (.toml or .csv): which question each column of a survey export answers")


def mapping_arguments(p: argparse.ArgumentParser) -> None:
    add_year(p)
    p.add_argument("--tool", type=str.upper, metavar="IIT|EIT", help="only this survey's questions")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")


def summary_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    add_year(p)
    p.add_argument("--by", metavar="COLUMN",
                   help="also summarise each group of this column of the file (province, agency type…)")
    p.add_argument("--target", default="80", metavar="PERCENT",
                   help="share of agencies that should reach the pass line (default 80, the national target)")
    p.add_argument("--weakest", type=int, default=3, metavar="N", help="how many weakest indicators to list (default 3)")
    add_output_options(p)


def compare_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--year-old", type=year, metavar="YEAR", help="fiscal year of OLD (default: as --year)")
    p.add_argument("--year-new", type=year, metavar="YEAR", help="fiscal year of NEW (default: as --year)")
    add_output_options(p)


def grade_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("score", metavar="SCORE")
    add_year(p)
    p.add_argument("--tool", action="append", metavar="TOOL=SCORE",
                   help="a tool's displayed score (repeat for each tool), for years whose rating looks at tools")


def plan_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    add_year(p)
    p.add_argument("--digits", choices=("thai", "arabic"), default="arabic", help="digits in the output")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: the checked routes to each better rating, {\"routes\": [...]}")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file (atomically) instead of stdout")


def report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    add_year(p)
    add_file_reading(p)
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
                   help="the copy to sign: no drafting marks or notes (drafted cells are no longer shaded)")
    p.add_argument("--questions", metavar="FILE",
                   help="the agency's question-level results as NACC's system lists them (indicator, question, "
                        "text, score), so that sections 3 and 4 name every weak question (any year)")
    p.add_argument("--save-plan", metavar="PLAN.toml",
                   help="also write the drafted measures as an editable plan file (for --plan, and next year for "
                        "itakit followup)")
    add_document_options(p)
    p.add_argument("--skip-unreadable", action="store_true",
                   help="count unreadable raw answers as blank (and list them) instead of refusing the file")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the report file; its extension (.pdf, .docx, .html, .md) chooses the format")


def add_document_options(p: argparse.ArgumentParser) -> None:
    """Options every document command shares: its date line and the phrase file that rewords it."""
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help="the date of the document (its month and year end the foreword; default: today)")
    p.add_argument("--phrases", metavar="FILE",
                   help="a phrase file whose sentences replace the built-in ones (docs/report.md, 'Wording')")


def followup_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="PLAN", help="the plan saved by itakit report --save-plan (.toml or .csv)")
    add_year(p)
    p.add_argument("--status", metavar="STATUS",
                   help="what was done with each measure: a CSV or Excel file of id, status, result, evidence")
    p.add_argument("--agency", metavar="NAME", help="the agency's name (default: the plan's [report] agency)")
    p.add_argument("--district", metavar="NAME", help="the agency's district (อำเภอ)")
    p.add_argument("--province", metavar="NAME", help="the agency's province (จังหวัด)")
    p.add_argument("--digits", choices=("thai", "arabic"), default="thai", help="digits in the document (default thai)")
    p.add_argument("--final", action="store_true", help="the copy to sign: no drafting marks or notes")
    p.add_argument("--phrases", metavar="FILE",
                   help="a phrase file whose sentences replace the built-in ones (docs/report.md, 'Wording')")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="the document; its extension (.pdf, .docx, .html, .md) chooses the format")


def serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface, "
                   "behind a reverse proxy, see docs/web.md)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--open", action="store_true", help="open the page in a web browser once it is ready")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a further name the page may be asked for in the Host header (the public name behind a "
                   "reverse proxy); repeat for more. Other names are refused (DNS rebinding)")
    p.add_argument("--max-upload-mb", type=float, default=20, metavar="MB",
                   help="largest request accepted, in MB (default 20); larger uploads are refused with 413")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes (default 1; more let several officers' large files be read at once)")
