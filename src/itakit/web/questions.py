"""The agency's question-level results on the report page: uploaded once, then carried in the form like its figures.

From 2566 the question texts are not public, so the report names a weak question only when
the officer gives the list NACC's system shows them (``itakit report --questions``).  On the
page that list is uploaded on the report page; the file itself (its name and bytes) then
travels in a hidden field as one token, and every later post reads it again through
:func:`itakit.read_question_sheet`, so the page keeps nothing and a changed token is checked
like a new upload.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping

import attrs

from ..errors import ItakitError
from ..inputs.questions import QuestionSheet, read_question_sheet
from ..rules.model import RuleSet
from ..scoring.result import Result
from .refusals import Refusal, Refused, from_error
from .tokens import BadToken, pack, unpack
from .uploads import private_folder, safe_name

__all__ = ["FIELD", "CarriedSheet", "carry_sheet", "read_carried_sheet"]

_VERSION = 1
FIELD = "questions_token"
"""The hidden field that carries the sheet (the upload itself is the ``questions`` file field)."""


@attrs.frozen
class CarriedSheet:
    """A read question sheet with what the page shows of it: the file's name, its token and where it disagrees."""

    sheet: QuestionSheet
    name: str
    token: str
    notes: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        """How many questions and items the sheet lists."""
        return len(self.sheet.rows)


def _token(name: str, body: bytes) -> str:
    return pack({"v": _VERSION, "n": name, "b": base64.b64encode(body).decode("ascii")})


def _broken(detail: str) -> Refused:
    return Refused(Refusal(
        400, "ข้อมูลผลรายข้อในแบบฟอร์มไม่สมบูรณ์",
        "ส่งไฟล์ผลรายข้อใหม่อีกครั้งในช่องผลรายข้อของหน้ารายงาน",
        f"the page's question-sheet field cannot be read: {detail}"))


def _untoken(token: str, max_bytes: int) -> tuple[str, bytes]:
    try:
        payload = unpack(token, 2 * max_bytes)  # the file's bytes in base64, and its name
    except BadToken as exc:
        raise _broken(str(exc)) from None
    if not isinstance(payload, Mapping) or payload.get("v") != _VERSION:
        raise _broken("it is not a token of this version")
    name, body = payload.get("n"), payload.get("b")
    if not isinstance(name, str) or not isinstance(body, str):
        raise _broken("it must hold a file name and its contents")
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise _broken("it is not a token of this page") from None
    if len(data) > max_bytes:
        raise _broken("it is too large")
    return safe_name(name, "questions.csv"), data


def _read(name: str, body: bytes, rules: RuleSet, result: Result) -> CarriedSheet:
    import io

    with private_folder() as folder:
        saved = folder.save(io.BytesIO(body), name, "questions.csv")
        try:
            sheet = read_question_sheet(saved.path, rules)
        except ItakitError as exc:
            raise Refused(from_error(exc, folder.rename, what="ไฟล์ผลรายข้อ")) from None
    notes = tuple(sheet.disagreements(rules, {i.number: i.score for i in result.indicators}))
    return CarriedSheet(attrs.evolve(sheet, source=saved.name), saved.name, _token(saved.name, body), notes)


def carry_sheet(name: str | None, body: bytes, rules: RuleSet, result: Result) -> CarriedSheet:
    """Read a freshly uploaded question sheet; :class:`Refused` (400) with every problem when it cannot be used."""
    return _read(safe_name(name, "questions.csv"), body, rules, result)


def read_carried_sheet(token: object, rules: RuleSet, result: Result, *, max_bytes: int) -> CarriedSheet | None:
    """The sheet a form carries in its ``questions`` field, read again; None when the form carries none."""
    if not isinstance(token, str) or not token:
        return None
    name, body = _untoken(token, max_bytes)
    return _read(name, body, rules, result)

