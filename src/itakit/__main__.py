"""Where the ``itakit`` command starts (``python -m itakit`` too): load the CLI with the cycle collector paused, then run it.

Start-up builds some hundred thousand objects — modules, classes, the year's rules —
that live until the command exits, and next to no garbage.  Python's cycle collector
would scan them again and again while they load, and once more at exit; pausing it
while the command loads, then freezing what was loaded (:func:`gc.freeze`), spares
both, about a tenth of the command's start-up (docs/performance.md).  Collection is
on again for the command's own work; what the command leaves is frozen too before the
interpreter's last collection at exit, which would only scan it.
"""

from __future__ import annotations

import gc
import sys


def main() -> int:
    """Run the ``itakit`` command line; returns its exit code."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from . import progress
        from .cli import main as run_command

        progress.IN_COMMAND = True  # this process ends with the command: what it builds may be frozen
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    code = run_command()  # every failure is a message and an exit code (a lack of memory collected first)
    gc.freeze()  # the process ends: nothing left is worth scanning at exit
    return code


if __name__ == "__main__":
    sys.exit(main())
