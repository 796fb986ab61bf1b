"""``python -m itakit``: the same as the ``itakit`` command."""

import sys

from .cli import main

sys.exit(main())
