"""The ``itakit`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 the input or a plugin is wrong (the message says where);
2 the command was used wrongly or its files cannot be used (unknown option or year,
missing file); 3 a bug in itakit (run again with ``--debug`` to see the traceback and
report it).  Tracebacks are shown only with ``--debug``.  What each command does is in
:mod:`itakit.cli.commands`, its options in :mod:`itakit.cli.arguments`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import __version__
from ..errors import DataError, ItakitError
from ..safetext import writable
from .arguments import (
    add_year,
    compare_arguments,
    followup_arguments,
    grade_arguments,
    mapping_arguments,
    plan_arguments,
    report_arguments,
    score_arguments,
    serve_arguments,
    summary_arguments,
)
from .commands import (
    EXIT_BUG,
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    cmd_compare,
    cmd_followup,
    cmd_grade,
    cmd_mapping,
    cmd_plan,
    cmd_report,
    cmd_rules,
    cmd_score,
    cmd_serve,
    cmd_summary,
    cmd_years,
)

__all__ = ["COMMANDS", "EXIT_BUG", "EXIT_DATA", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

_Command = tuple[str, Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None]]

#: Each sub-command: its help line, the function that runs it, and the function adding its options.
COMMANDS: dict[str, _Command] = {
    "years": ("list installed rule sets and their plugins", cmd_years, lambda p: None),
    "score": ("score an agency (or many) from a CSV, Excel or JSON file", cmd_score, score_arguments),
    "mapping": ("write a starter mapping for survey exports (Google Forms)", cmd_mapping, mapping_arguments),
    "summary": ("summarise many agencies: grades, share passing, means, weakest indicators",
                cmd_summary, summary_arguments),
    "compare": ("compare two years' files agency by agency", cmd_compare, compare_arguments),
    "grade": ("the grade of a total", cmd_grade, grade_arguments),
    "plan": ("where the next points are cheapest, and the way to the next grade", cmd_plan, plan_arguments),
    "report": ("write the analysis report (.pdf, .docx, .html or .md)", cmd_report, report_arguments),
    "followup": ("write the follow-up of last year's measures from a saved plan", cmd_followup, followup_arguments),
    "rules": ("print a year's rule file (copy it to override values)", cmd_rules, add_year),
    "serve": ("serve the officer's web page (extra 'web'; docs/web.md)", cmd_serve, serve_arguments),
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
    """Run the command line; returns the exit code.

    Every input the command reads is noted and no output may replace one
    (:func:`itakit.atomic.guarding_inputs`).  ``--debug`` adds the traceback to the
    message and never changes the exit code.
    """
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(_command_in(argv)).parse_args(argv)
    if not args.debug:  # e.g. a zip writer closed twice after a full disk: nothing for the user to see
        sys.unraisablehook = lambda unraisable: None
    from ..atomic import guarding_inputs

    try:
        with guarding_inputs():
            _check_paths(args)
            return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BaseException as exc:  # noqa: BLE001 - every failure becomes a message and an exit code
        if isinstance(exc, SystemExit):
            raise  # a signal during a write (atomic), after its clean-up: exit as the shell expects
        out_of_memory = isinstance(exc, MemoryError)
        try:
            if out_of_memory and not args.debug:
                _let_go(exc)
            if isinstance(exc, BrokenPipeError):
                _quiet_stdout()
            code, message = _failure(exc)
            if args.debug:
                import traceback

                traceback.print_exc()
            _say(message)
            return code
        except BaseException:  # noqa: BLE001 - failing even to say why (no memory left): a few bytes, written directly
            os.write(2, _NO_MEMORY if out_of_memory else b"itakit: internal error (run with --debug and report it)\n")
            return EXIT_USAGE if out_of_memory else EXIT_BUG


_NO_MEMORY = b"itakit: error: not enough memory to finish\n"


def _let_go(exc: BaseException | None) -> None:
    """Drop the tracebacks of a failure (and of those it arose from), so the data their frames hold can be freed.

    This runs when memory has run out: it imports nothing (an import needs memory, and
    under too little of it can fail or hang) and builds nothing.
    """
    for _ in range(64):  # a chain of causes
        if exc is None:
            break
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__
    gc.collect()


def _quiet_stdout() -> None:
    """Standard output's reader has gone (``itakit … | head``): point it at nothing, so the exit does not fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _say(message: str) -> None:
    """A message on standard error, escaped so that nothing a file or an argument holds acts on the terminal."""
    try:
        sys.stderr.write(writable(message, to="terminal") + "\n")
        sys.stderr.flush()
    except MemoryError:  # too little memory even for the message: the bytes of a short one, written directly
        os.write(2, _NO_MEMORY)


def _failure(exc: BaseException) -> tuple[int, str]:
    """The exit code and the message for an exception that ended a command."""
    if isinstance(exc, DataError):  # many agencies' problems: the first ones, the rest counted
        return exc.exit_code, f"itakit: error: {exc.first()}"
    if isinstance(exc, ItakitError):
        return exc.exit_code, f"itakit: error: {exc}"
    if isinstance(exc, MemoryError):
        return EXIT_USAGE, ("itakit: error: not enough memory to finish; close other programs, or give itakit a "
                            "smaller file (split a national file by agency, or summarise it per province)")
    if isinstance(exc, OSError) and exc.errno in _ENVIRONMENT_ERRNOS:
        where = f"{exc.filename}: " if exc.filename else ""
        return EXIT_USAGE, f"itakit: error: {where}{exc.strerror or exc}"
    return EXIT_BUG, _internal(exc)


def _internal(exc: BaseException) -> str:
    return f"itakit: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)"


_ENVIRONMENT_ERRNOS = frozenset({
    errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR,
    errno.ENOENT, errno.EFBIG, errno.EIO, errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.EPIPE,
})
"""Errors of the machine, not of itakit: a full disk, no permission, a read-only file system…"""

_INPUT_OPTIONS = (("file", "", "file"), ("old", "", "file"), ("new", "", "file"), ("rules", "--rules", "file"),
                  ("plan", "--plan", "file"), ("mapping", "--mapping", "mapping file"),
                  ("previous", "--previous", "file"), ("questions", "--questions", "file"),
                  ("status", "--status", "file"), ("phrases", "--phrases", "phrase file"))
"""Every option that names a file the command reads; files named inside them are noted as they are read."""


def _check_paths(args: argparse.Namespace) -> None:
    """Before any work: every input is a readable regular file, and the output is none of them nor a folder.

    The inputs are noted (:func:`itakit.atomic.note_input`); files named inside them (a
    rule file's measures catalogue) are noted when read, and the write refuses them too.
    """
    from ..atomic import check_input, check_output

    inputs = []
    for attribute, label, kind in _INPUT_OPTIONS:
        path = getattr(args, attribute, None)
        if path:
            check_input(path, label, kind=kind)
            inputs.append(path)
    for output in (getattr(args, "output", None), getattr(args, "save_plan", None)):
        if output:
            check_output(output, inputs)
    if getattr(args, "save_plan", None) and getattr(args, "output", None) and \
            Path(args.save_plan).resolve() == Path(args.output).resolve():
        from ..errors import UsageError

        raise UsageError(f"{args.save_plan}: --save-plan and -o name the same file")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
