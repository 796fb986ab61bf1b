"""The officer's page (``itakit serve``): the result, the what-if, the measures editor and the documents, in Thai.

Another face on top of the same public API as the command line (docs/architecture.md): it
may use every wing, and nothing in itakit imports it but the ``serve`` command, lazily.
It needs the ``web`` extra (Starlette, Uvicorn, Jinja2, python-multipart); see docs/web.md.

>>> from itakit.web.app import create_app       # doctest: +SKIP
>>> app = create_app()                           # an ASGI application  # doctest: +SKIP
"""

from __future__ import annotations
