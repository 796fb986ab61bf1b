"""The agencies a page is about, carried in its forms: nothing is kept on the server between two requests.

After an upload the page holds the agencies' figures (exact scores, OIT items, answer tallies)
as one compact token in a hidden field — JSON, deflated, base64url — and every later form
(what-if, report, downloads, another agency of the file) posts it back to be scored again.
A token is data the officer already has, not a secret: decoding checks its shape and size
and scoring checks its values, so a changed token only changes that officer's own result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..inputs.data import AgencyData, AnswerTally
from .refusals import Refusal, Refused
from .tokens import BadToken, pack, unpack

__all__ = ["decode_agencies", "decode_agency", "encode_agencies"]

_VERSION = 1


def _agency(data: AgencyData) -> dict[str, object]:
    out: dict[str, object] = {}
    if data.agency is not None:
        out["n"] = data.agency
    if data.indicator_scores:
        out["i"] = {str(k): str(v) for k, v in data.indicator_scores.items()}
    if data.question_scores:
        out["q"] = {k: str(v) for k, v in data.question_scores.items()}
    if data.item_results:
        out["o"] = dict(data.item_results)
    if data.answers:
        out["a"] = {code: [dict(t.counts), t.blank] for code, t in data.answers.items()}
    if data.respondents:
        out["r"] = data.respondents
    if data.unreadable:
        out["u"] = list(data.unreadable)
    if data.extra:
        out["x"] = dict(data.extra)
    return out


def encode_agencies(agencies: Sequence[AgencyData]) -> str:
    """The agencies as one token for a hidden form field."""
    return pack({"v": _VERSION, "a": [_agency(a) for a in agencies]})


def _broken(detail: str) -> Refused:
    return Refused(Refusal(
        400, "ข้อมูลในแบบฟอร์มไม่สมบูรณ์",
        "ข้อมูลที่หน้านี้ส่งกลับมาเสียหายหรือถูกแก้ไข: กลับไปหน้าแรกแล้วส่งไฟล์ใหม่อีกครั้ง",
        f"the page's data field cannot be read: {detail}"))


def _text_map(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _broken(f"{what} must map text to text")
    return dict(value)


def _one(value: object) -> AgencyData:
    if not isinstance(value, Mapping) or set(value) - set("niqoarux"):
        raise _broken("an agency must be an object of known fields")
    name = value.get("n")
    if name is not None and not isinstance(name, str):
        raise _broken("an agency's name must be text")
    items = value.get("o", {})
    if not isinstance(items, Mapping) or not all(isinstance(v, bool) for v in items.values()):
        raise _broken("OIT items must map codes to true or false")
    answers: dict[str, AnswerTally] = {}
    raw_answers = value.get("a", {})
    if not isinstance(raw_answers, Mapping):
        raise _broken("answers must be an object")
    for code, tally in raw_answers.items():
        if (not isinstance(tally, list) or len(tally) != 2 or not isinstance(tally[1], int)
                or not isinstance(tally[0], Mapping)
                or not all(isinstance(n, int) and not isinstance(n, bool) for n in tally[0].values())):
            raise _broken(f"the tally of {code!r} must be [counts, blank]")
        answers[str(code)] = AnswerTally(dict(tally[0]), tally[1])
    respondents = value.get("r", 0)
    unreadable = value.get("u", [])
    if (not isinstance(respondents, int) or isinstance(respondents, bool) or respondents < 0
            or not isinstance(unreadable, list) or not all(isinstance(u, str) for u in unreadable)):
        raise _broken("respondents must be a count and unreadable answers a list of texts")
    return AgencyData(
        agency=name, indicator_scores=_text_map(value.get("i", {}), "indicator scores"),
        question_scores=_text_map(value.get("q", {}), "question scores"), item_results=dict(items),
        answers=answers, respondents=respondents, unreadable=tuple(unreadable),
        extra=_text_map(value.get("x", {}), "extra columns"),
    )


def _payload(token: object, max_bytes: int) -> list[object]:
    """The agencies' raw entries of a token, checked to be ours and not empty."""
    try:
        payload = unpack(token, max_bytes)
    except BadToken as exc:
        raise _broken(str(exc)) from None
    if not isinstance(payload, Mapping) or payload.get("v") != _VERSION or not isinstance(payload.get("a"), list):
        raise _broken("it is not a token of this version")
    if not payload["a"]:
        raise _broken("it holds no agency")
    return list(payload["a"])


def _checked(entry: object) -> AgencyData:
    try:
        return _one(entry)
    except (ValueError, TypeError) as exc:  # AgencyData's own checks: a score outside 0-100, a negative count
        raise _broken(str(exc)) from None


def decode_agencies(token: object, *, max_bytes: int) -> tuple[AgencyData, ...]:
    """The agencies of a token (at least one); :class:`Refused` (400) for anything that is not one of ours.

    ``max_bytes`` bounds the inflated size, so that a small token cannot unpack into a huge one.
    """
    return tuple(_checked(entry) for entry in _payload(token, max_bytes))


def decode_agency(token: object, index: int, *, max_bytes: int) -> AgencyData | None:
    """Only the agency at ``index`` of a token (None when there is no such agency), without building the others.

    Picking one agency of a national file of raw answers builds one agency's tallies, not 8,303.
    """
    entries = _payload(token, max_bytes)
    return _checked(entries[index]) if 0 <= index < len(entries) else None
