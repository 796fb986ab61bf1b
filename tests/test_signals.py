"""Signals during a write (itakit.atomic): TERM, INT, HUP and QUIT all remove the temporary file; an ignored one stays ignored.

Each case runs in a child process that sets, itself, the disposition of the signal it
relies on — a child inherits ignored signals (SIGINT in a background job, SIGHUP under
``nohup``), so the tests pass however pytest was started.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from conftest import EXAMPLES

_DISPOSITIONS = """
import signal
for _name in ("SIGTERM", "SIGHUP", "SIGQUIT"):
    signal.signal(getattr(signal, _name), signal.SIG_DFL)   # as a process started from a terminal has them
signal.signal(signal.SIGINT, signal.default_int_handler)     # Python's own: Ctrl-C raises KeyboardInterrupt
"""

_WRITER = _DISPOSITIONS + textwrap.dedent("""
    import os, sys, time
    from itakit.atomic import write_atomic_with

    if sys.argv[3] == "ignored":
        signal.signal(getattr(signal, sys.argv[2]), signal.SIG_IGN)

    def write(fh):
        fh.write(b"x" * 4_000_000)
        fh.flush()
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
        if sys.argv[3] != "ignored":
            time.sleep(30)  # never reached in full: the signal unwinds the write
        fh.write(b"\\n")

    write_atomic_with(sys.argv[1], write)
""")

SIGNALS = [("SIGTERM", 128 + signal.SIGTERM), ("SIGHUP", 128 + signal.SIGHUP), ("SIGQUIT", 128 + signal.SIGQUIT),
           ("SIGINT", -signal.SIGINT)]
"""Each signal and the exit status it leaves: 128 + its number, or (Ctrl-C, not caught) death by SIGINT."""


def _child(*argv: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", *argv], capture_output=True, text=True, timeout=timeout,
                          check=False, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("name", "code"), SIGNALS)
def test_a_signal_during_the_write_removes_the_temporary_file(tmp_path, name, code):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    done = _child(_WRITER, str(target), name, "default")
    assert done.returncode == code, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("name", ["SIGHUP", "SIGINT", "SIGTERM"])
def test_an_ignored_signal_stays_ignored_and_the_write_completes(tmp_path, name):
    """``nohup`` ignores SIGHUP, a background job SIGINT: itakit does not take them over."""
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    done = _child(_WRITER, str(target), name, "ignored")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.read_bytes() == b"x" * 4_000_000 + b"\n"


@pytest.mark.parametrize(("name", "code"), [(n, c) for n, c in SIGNALS if n != "SIGINT"] + [("SIGINT", 130)])
def test_a_signal_to_the_command_during_a_write_leaves_nothing(tmp_path, name, code):
    script = _DISPOSITIONS + textwrap.dedent(f"""
        import os, sys
        import itakit.atomic as atomic
        real = atomic.os.fsync
        def fsync(fd):
            os.kill(os.getpid(), signal.{name})
            real(fd)
        atomic.os.fsync = fsync
        from itakit.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    out = tmp_path / "out.json"
    done = _child(script, "score", str(EXAMPLES / "lamliang-2565-indicators.csv"), "--format", "json",
                  "-o", str(out), timeout=60)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_handlers_are_given_back_after_the_write(tmp_path):
    """Outside a write every disposition is as it was: the command's own handlers, or the defaults."""
    from itakit.atomic import write_atomic

    before = {n: signal.getsignal(getattr(signal, n)) for n in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT")}
    write_atomic(tmp_path / "x.txt", "x")
    assert {n: signal.getsignal(getattr(signal, n)) for n in before} == before
