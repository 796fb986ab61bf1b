"""The routes of the officer's page: upload or type in a result, read it, try changes, edit the measures, download.

========================  ==========================================================================
``GET /``                 home: the year, a file to upload (any format ``itakit score`` reads), or the
                          ten indicator scores typed in
``POST /result``          an uploaded file: one agency's result page, or the summary of many agencies
``POST /scores``          typed-in indicator scores: the result page
``POST /agency``          one agency picked from a summary: its result page
``POST /summary``         the summary again, grouped by another column
``POST /whatif``          the result page with changed indicator scores tried beside it
``POST /report``          the report page: the agency's details and the drafted measures, editable
``POST /download``        a document (every format of ``FORMATS``) or the plan file, of what the form holds
``POST /followup``        the follow-up of last year's measures: a saved plan file (and a status file) in,
                          the document out
``GET /healthz``          "ok", for a reverse proxy's health check
``GET /static/…``         the style sheet
========================  ==========================================================================

Nothing is kept between requests: each page carries the agencies it is about in its forms
(:mod:`itakit.web.state`), uploads live in a private folder for the request only
(:mod:`itakit.web.uploads`), and reading, scoring and writing documents run in worker threads
so that one officer's large file does not hold up the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import DataError, ItakitError
from ..inputs.data import AgencyData
from ..inputs.planfile import Measure, MeasurePlan, ReportDetails, read_measure_plan
from ..inputs.read import read_input, year_named_by
from ..inputs.table import InputFile
from ..outputs.report import FORMATS, drafted_plan
from ..rules.model import RuleSet
from ..rules.plugins import Registry, get_registry
from ..scoring.batch import rank_agencies, summarise
from ..scoring.planner import plan_improvements
from ..scoring.result import Result
from ..scoring.score import score, score_many
from ..scoring.standing import apply_route
from . import documents
from .forms import (
    AUTO_YEAR,
    MAX_ROWS,
    SIGNER_ROLES,
    choose_year,
    details_from,
    file_of,
    measures_from,
    options_from,
    rows_as_posted,
    scores_from,
    text_of,
)
from .pages import editor_rows, outcome, result_view, summary_view, year_choices
from .questions import FIELD as SHEET_FIELD
from .questions import CarriedSheet, carry_sheet, read_carried_sheet
from .refusals import Refusal, Refused, from_error, problem_rows
from .security import CSRF_COOKIE, CSRF_FIELD, Guard, csrf_token, csrf_valid, new_csrf_cookie, same_origin
from .settings import Settings
from .state import decode_agencies, decode_agency, encode_agencies
from .uploads import private_folder

__all__ = ["create_app"]

log = logging.getLogger("itakit.web")
_GROUP_COLUMNS = ("province", "จังหวัด")
_ENCODINGS = {"utf-8": "utf-8", "utf-16": "utf-16", "cp874": "cp874"}
"""The encodings the home page offers (anything else is left to detection)."""


class Web:
    """The page's routes over one registry, one set of templates and one server's settings."""

    def __init__(self, settings: Settings, registry: Registry) -> None:
        self.settings = settings
        self.registry = registry
        self.templates = Environment(loader=PackageLoader("itakit.web", "templates"), autoescape=True,
                                     undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.templates.globals.update(version=__version__, signer_roles=SIGNER_ROLES, max_rows=MAX_ROWS)
        self._warm()

    def _warm(self) -> None:
        """Load every installed year's rules and compile the templates now, not in the first officer's request."""
        for year in self.registry.years:
            try:
                self.registry.rule_set(year)
            except ItakitError:  # a broken plugin: `itakit years` says why; the other years still serve
                log.warning("the rules of %s cannot be loaded", year)
        for name in ("home.html", "result.html", "summary.html", "report.html", "error.html"):
            self.templates.get_template(name)

    # -- answering ----------------------------------------------------------------------------

    def render(self, name: str, **context: Any) -> str:
        """A template rendered (HTML-escaped: every value from a file or a form is escaped)."""
        return self.templates.get_template(name).render(**context)

    def refusal_response(self, refusal: Refusal) -> HTMLResponse:
        """The Thai error page of a refusal, with its status."""
        html = self.render("error.html", refusal=refusal, rows=problem_rows(refusal.problems), csrf="")
        return HTMLResponse(html, status_code=refusal.status)

    async def page(self, request: Request, name: str, context: Mapping[str, Any], status: int = 200) -> HTMLResponse:
        """A page with forms: each signed for this browser's CSRF cookie (set here when the browser has none)."""
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not cookie or len(cookie) > 128:
            cookie = fresh = new_csrf_cookie()
        html = await run_in_threadpool(self.render, name, csrf=csrf_token(self.settings.secret, cookie), **context)
        response = HTMLResponse(html, status_code=status)
        if fresh is not None:
            response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/",
                                secure=request.url.scheme == "https")
        return response

    async def form(self, request: Request) -> FormData:
        """The posted form, after its CSRF token and origin are checked (403 otherwise)."""
        form = await request.form(max_files=4, max_fields=12 * MAX_ROWS + 100,
                                  max_part_size=self.settings.max_upload_bytes)
        if not same_origin(request.headers, self.settings) or not csrf_valid(
                self.settings.secret, request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            await form.close()
            raise Refused(Refusal(
                403, "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งจากหน้านี้",
                "เปิดหน้าแรกใหม่ (กดโหลดซ้ำ) แล้วส่งอีกครั้ง: แบบฟอร์มใช้ได้จนกว่าจะเริ่มโปรแกรมใหม่ "
                "และต้องเปิดเบราว์เซอร์ที่ยอมรับคุกกี้ของหน้านี้",
                "the form's CSRF token is missing or does not match this browser's cookie"))
        return form

    async def _answer(self, request: Request, work: Any) -> Response:
        """Check the posted form, run ``work(form)`` in a worker thread, and answer with the page it names."""
        form = await self.form(request)
        try:
            template, context, status = await run_in_threadpool(self._refusing, work, form)
        finally:
            await form.close()
        return await self.page(request, template, context, status)

    @staticmethod
    def _refusing(work: Callable[[FormData], Any], form: FormData) -> Any:
        """``work(form)``, with an itakit error of the posted data (a year that does not fit it…) as a refusal."""
        try:
            return work(form)
        except ItakitError as exc:
            raise Refused(from_error(exc, what="ข้อมูล")) from None

    # -- reading and scoring (in worker threads) ----------------------------------------------

    def _rules(self, year: int | None) -> RuleSet:
        return self.registry.rule_set(year)

    def _read(self, path: Path, name: str, year: int | None, options: dict[str, Any],
              rename: Callable[[str], str]) -> tuple[RuleSet, InputFile]:
        """Read an upload with the chosen year; when the year was automatic and the file fits others, say which."""
        rules = self._rules(year if year is not None else year_named_by(path, self.registry.years))
        try:
            return rules, read_input(path, rules, **options)
        except DataError as exc:
            if year is not None:
                raise
            fits = []
            for other in reversed(self.registry.years):
                if other == rules.year:
                    continue
                try:
                    read_input(path, self._rules(other), **options)
                except ItakitError:
                    continue
                fits.append(str(other))
            if not fits:
                raise
            refusal = from_error(exc, rename)
            raise Refused(attrs.evolve(
                refusal, title=f"ไฟล์นี้ไม่ตรงกับเกณฑ์ปี {rules.year} ที่เลือกให้โดยอัตโนมัติ",
                advice=f"ไฟล์นี้ตรงกับเกณฑ์ปี {', '.join(fits)}: เลือกปี {fits[0]} ในช่องปีงบประมาณแล้วส่งใหม่",
                english=f"{name} does not fit {rules.year}; it fits {', '.join(fits)} of the installed years",
            )) from None

    def _posted(self, form: FormData) -> tuple[RuleSet, tuple[AgencyData, ...]]:
        """The rules and agencies a page's form carries back."""
        year = choose_year(text_of(form, "year"), self.registry)
        agencies = decode_agencies(form.get("data"), max_bytes=4 * self.settings.max_upload_bytes)
        return self._rules(year), agencies

    def _one(self, form: FormData) -> tuple[RuleSet, AgencyData]:
        rules, agencies = self._posted(form)
        if len(agencies) != 1:
            raise Refused(Refusal(400, "ข้อมูลในแบบฟอร์มไม่สมบูรณ์", "เลือกหน่วยงานจากหน้าสรุปก่อน",
                                  f"expected one agency, the form holds {len(agencies)}"))
        return rules, agencies[0]

    def _result_context(self, rules: RuleSet, data: AgencyData, source: str,
                        tried: dict[int, Decimal] | None = None) -> dict[str, Any]:
        result = score(rules, data, registry=self.registry)
        plan = plan_improvements(rules, result, registry=self.registry)
        view = result_view(rules, result, plan, data.agency or result.agency or "")
        values = {i.number: i.score for i in view.indicators}
        whatif = None
        if tried is not None:
            changed = {n: v for n, v in tried.items() if n in values and v != Decimal(values[n])}
            if changed:
                after = score(rules, apply_route(rules, data, changed), registry=self.registry)
                whatif = {"changed": sorted(changed.items()),
                          "outcome": outcome(rules, after, plan_improvements(rules, after, registry=self.registry)),
                          "tools": [(t.code, str(t.display_score)) for t in after.tools]}
            else:
                whatif = {"changed": [], "outcome": None, "tools": []}
            values.update({n: str(v) for n, v in tried.items() if n in values})
        return {"view": view, "year": rules.year, "token": encode_agencies([data]), "source": source,
                "whatif": whatif, "tried": values, "formats": documents.download_formats()}

    def _summary_context(self, rules: RuleSet, agencies: tuple[AgencyData, ...], source: str,
                         by: str | None) -> dict[str, Any]:
        results = score_many(rules, agencies, registry=self.registry)
        columns = list(dict.fromkeys(key for data in agencies for key in data.extra))
        if by is None:
            by = next((c for c in columns if c.strip().casefold() in _GROUP_COLUMNS), columns[0] if columns else None)
        summary = summarise(results, rules, by=by)
        view = summary_view(rules, summary, results, rank_agencies(results), columns)
        return {"view": view, "year": rules.year, "token": encode_agencies(agencies), "source": source}

    # -- the routes' work -------------------------------------------------------------------------

    def _upload(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        upload = file_of(form, "file")
        if upload is None:
            raise Refused(Refusal(400, "ยังไม่ได้เลือกไฟล์", "กดปุ่มเลือกไฟล์ เลือกไฟล์ผลคะแนน แล้วกดส่งอีกครั้ง",
                                  "no file was chosen"))
        year = choose_year(text_of(form, "year", AUTO_YEAR), self.registry)
        with private_folder() as folder:
            saved = folder.save(upload.file, upload.filename, "upload.csv")
            chosen_mapping = file_of(form, "mapping")
            mapping = (folder.save(chosen_mapping.file, chosen_mapping.filename, "mapping.toml").path
                       if chosen_mapping is not None else None)
            options = {"sheet": text_of(form, "sheet") or None, "mapping": mapping,
                       "encoding": _ENCODINGS.get(text_of(form, "encoding"))}
            try:
                rules, data = self._read(saved.path, saved.name, year, options, folder.rename)
                if data.is_many:
                    return "summary.html", self._summary_context(rules, data.agencies, saved.name, None), 200
                return "result.html", self._result_context(rules, data.agencies[0], saved.name), 200
            except ItakitError as exc:
                raise Refused(from_error(exc, folder.rename)) from None

    def _typed(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        rules = self._rules(choose_year(text_of(form, "year", AUTO_YEAR), self.registry))
        scores = scores_from(form, rules, "s")
        data = AgencyData(agency=text_of(form, "agency")[:500] or None, indicator_scores=scores)
        return "result.html", self._result_context(rules, data, "พิมพ์คะแนนเอง"), 200

    def _agency(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        rules = self._rules(choose_year(text_of(form, "year"), self.registry))
        pick = text_of(form, "pick")
        data = decode_agency(form.get("data"), int(pick) if pick.isdigit() else -1,
                             max_bytes=4 * self.settings.max_upload_bytes)
        if data is None:
            raise Refused(Refusal(400, "ไม่พบหน่วยงานที่เลือก", "เลือกหน่วยงานจากรายการในหน้าสรุป",
                                  f"no agency number {pick!r} in the form"))
        return "result.html", self._result_context(rules, data, text_of(form, "source")), 200

    def _regroup(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        rules, agencies = self._posted(form)
        context = self._summary_context(rules, agencies, text_of(form, "source"), text_of(form, "by") or None)
        return "summary.html", context, 200

    def _whatif(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        rules, data = self._one(form)
        tried = scores_from(form, rules, "w")
        return "result.html", self._result_context(rules, data, text_of(form, "source"), tried), 200

    def _report(self, form: FormData) -> tuple[str, dict[str, Any], int]:
        rules, data = self._one(form)
        result = score(rules, data, registry=self.registry)
        plan = plan_improvements(rules, result, registry=self.registry)
        first_visit = "agency" not in form
        details = ReportDetails(agency=data.agency or result.agency) if first_visit else details_from(form)
        action = text_of(form, "action", "update")
        refusal: Refusal | None = None
        measures: MeasurePlan | None = None
        rows = None
        carried = self._sheet(form, rules, result)
        if action == "questions":
            loaded = self._load_sheet(form, rules, result)
            if isinstance(loaded, Refusal):
                refusal = loaded
            else:
                carried = loaded
        elif action == "drop-questions":
            carried = None
        sheet = carried.sheet if carried is not None else None
        if action not in ("questions", "drop-questions"):  # a new sheet drafts the rows anew, by its questions
            try:
                measures = measures_from(form, rules, sheet)
            except Refused as exc:
                refusal, rows = exc.refusal, rows_as_posted(form, rules, sheet)
        if action == "load" and refusal is None:
            loaded_plan = self._load_plan(form, rules)
            if isinstance(loaded_plan, Refusal):
                refusal, rows = loaded_plan, rows_as_posted(form, rules, sheet)
            else:
                measures = loaded_plan
                if loaded_plan.details is not None:
                    details = attrs.evolve(loaded_plan.details, agency=loaded_plan.details.agency or details.agency)
        if action == "add" and refusal is None:
            code = text_of(form, "add")
            entries = (measures.entries if measures is not None
                       else drafted_plan(rules, result, plan, questions=sheet).entries)
            if code and code not in {m.code for m in entries}:
                measures = MeasurePlan((*entries, Measure(code)), year=rules.year)
        addable: tuple[tuple[str, str], ...] = ()
        if rows is None:
            rows, addable = editor_rows(rules, result, drafted_plan(rules, result, plan, measures, details,
                                                                    questions=sheet), sheet)
        context = {
            "view": result_view(rules, result, plan, details.agency or data.agency or result.agency or ""),
            "year": rules.year, "token": encode_agencies([data]), "source": text_of(form, "source"),
            "details": details, "options": options_from(form), "rows": rows, "addable": addable,
            "formats": documents.download_formats(), "chart_available": documents.chart_available(),
            "refusal": refusal, "problems": problem_rows(refusal.problems) if refusal is not None else (),
            "sheet": carried, "sheet_field": SHEET_FIELD, "questions_public": bool(rules.question_codes),
        }
        return "report.html", context, 200 if refusal is None else refusal.status

    def _sheet(self, form: FormData, rules: RuleSet, result: Result) -> CarriedSheet | None:
        """The question sheet the form carries, read again (None when it carries none)."""
        return read_carried_sheet(form.get(SHEET_FIELD), rules, result, max_bytes=self.settings.max_upload_bytes)

    def _load_sheet(self, form: FormData, rules: RuleSet, result: Result) -> CarriedSheet | Refusal:
        chosen = file_of(form, "questions")
        if chosen is None:
            return Refusal(400, "ยังไม่ได้เลือกไฟล์ผลรายข้อ",
                           "เลือกไฟล์ผลรายข้อที่ส่งออกจากระบบ ITAS (.csv หรือ .xlsx) แล้วกดอ่านผลรายข้ออีกครั้ง",
                           "no question sheet was chosen")
        chosen.file.seek(0)
        try:
            return carry_sheet(chosen.filename, chosen.file.read(self.settings.max_upload_bytes + 1), rules, result)
        except Refused as exc:
            return exc.refusal

    def _load_plan(self, form: FormData, rules: RuleSet) -> MeasurePlan | Refusal:
        chosen = file_of(form, "plan")
        if chosen is None:
            return Refusal(400, "ยังไม่ได้เลือกไฟล์แผน", "เลือกไฟล์แผนมาตรการ (.toml หรือ .csv) แล้วกดเปิดแผนอีกครั้ง",
                           "no plan file was chosen")
        with private_folder() as folder:
            saved = folder.save(chosen.file, chosen.filename, "plan.toml")
            try:
                return read_measure_plan(saved.path, rules)
            except ItakitError as exc:
                return from_error(exc, folder.rename, what="ไฟล์แผน")

    def _download(self, form: FormData) -> Response:
        rules, data = self._one(form)
        result = score(rules, data, registry=self.registry)
        plan = plan_improvements(rules, result, registry=self.registry)
        details = details_from(form)
        carried = self._sheet(form, rules, result)
        sheet = carried.sheet if carried is not None else None
        measures = measures_from(form, rules, sheet)
        chosen = text_of(form, "format")
        agency = details.agency or data.agency or result.agency
        if chosen == documents.PLAN_FORMAT:
            body = documents.plan_file(rules, result, plan, details, measures, sheet).encode("utf-8")
            suffix = ".toml"
            names = documents.file_names(rules, agency, suffix, plan=True)
        elif chosen in FORMATS:
            suffix = chosen
            body = documents.document(rules, result, plan, details, measures, options_from(form), suffix, sheet)
            names = documents.file_names(rules, agency, suffix)
        else:
            raise Refused(Refusal(400, "ไม่รู้จักรูปแบบเอกสารนี้", "เลือกรูปแบบจากปุ่มดาวน์โหลดในหน้ารายงาน",
                                  f"unknown document format {chosen!r}"))
        return Response(body, media_type=documents.MEDIA_TYPES.get(suffix, "application/octet-stream"),
                        headers={"content-disposition": documents.content_disposition(*names)})

    def _followup(self, form: FormData) -> Response:
        """The follow-up document of an uploaded saved plan (its year read from the plan) and status file."""
        import attrs as _attrs

        from ..inputs.planfile import plan_year
        from ..inputs.status import read_status_file
        from ..outputs.report import render_report
        from ..outputs.report.followup import build_followup

        chosen = file_of(form, "plan")
        if chosen is None:
            raise Refused(Refusal(400, "ยังไม่ได้เลือกไฟล์แผน", "เลือกไฟล์แผนมาตรการที่บันทึกไว้ (.toml) แล้วส่งอีกครั้ง",
                                  "no plan file was chosen"))
        suffix = text_of(form, "format") or ".docx"
        if suffix not in FORMATS:
            raise Refused(Refusal(400, "ไม่รู้จักรูปแบบเอกสารนี้", "เลือกรูปแบบจากรายการในหน้าแรก",
                                  f"unknown document format {suffix!r}"))
        with private_folder() as folder:
            saved = folder.save(chosen.file, chosen.filename, "plan.toml")
            try:
                year = plan_year(saved.path) or choose_year(text_of(form, "year"), self.registry)
                rules = self._rules(year)
                plan = read_measure_plan(saved.path, rules)
                status_file = file_of(form, "status")
                status = None
                if status_file is not None:
                    kept = folder.save(status_file.file, status_file.filename, "status.csv")
                    status = read_status_file(kept.path, [m.id for m in plan.entries if not m.omit])
            except ItakitError as exc:
                raise Refused(from_error(exc, folder.rename, what="ไฟล์")) from None
        details = plan.details or ReportDetails()
        agency = text_of(form, "agency") or details.agency or ""
        details = _attrs.evolve(details, agency=agency or None)
        options = options_from(form)
        document = build_followup(rules, plan, agency=agency or None, status=status, details=details,
                                  digits=options.digits, final=options.final)
        body = render_report(document, suffix)
        names = (f"รายงานผลการดำเนินการตามมาตรการ {rules.year + 1}" + (f" {agency}" if agency else "") + suffix,
                 f"ita-followup-{rules.year + 1}{suffix}")
        return Response(body, media_type=documents.MEDIA_TYPES.get(suffix, "application/octet-stream"),
                        headers={"content-disposition": documents.content_disposition(*names)})

    # -- routes -----------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """The home page: choose the year, upload a file or type the indicator scores in."""
        try:
            typed_year = choose_year(request.query_params.get("year", ""), self.registry)
        except Refused:
            typed_year = None
        rules = self._rules(typed_year)
        context = {"years": year_choices(self.registry), "typed_rules": rules,
                   "max_mb": f"{self.settings.max_upload_mb:g}"}
        return await self.page(request, "home.html", context)

    async def upload(self, request: Request) -> Response:
        return await self._answer(request, self._upload)

    async def typed(self, request: Request) -> Response:
        return await self._answer(request, self._typed)

    async def agency(self, request: Request) -> Response:
        return await self._answer(request, self._agency)

    async def regroup(self, request: Request) -> Response:
        return await self._answer(request, self._regroup)

    async def whatif(self, request: Request) -> Response:
        return await self._answer(request, self._whatif)

    async def report(self, request: Request) -> Response:
        return await self._answer(request, self._report)

    async def download(self, request: Request) -> Response:
        form = await self.form(request)
        try:
            response: Response = await run_in_threadpool(self._refusing, self._download, form)
        finally:
            await form.close()
        return response

    async def followup(self, request: Request) -> Response:
        form = await self.form(request)
        try:
            response: Response = await run_in_threadpool(self._refusing, self._followup, form)
        finally:
            await form.close()
        return response

    async def health(self, request: Request) -> Response:
        return PlainTextResponse("ok\n")

    # -- refusals -----------------------------------------------------------------------------------

    async def refused(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return self.refusal_response(exc.refusal)

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        titles = {404: ("ไม่พบหน้านี้", "กลับไปหน้าแรกแล้วเริ่มใหม่"),
                  405: ("หน้านี้เปิดด้วยวิธีนี้ไม่ได้", "หน้านี้เปิดได้จากปุ่มในแบบฟอร์มเท่านั้น: กลับไปหน้าแรกแล้วเริ่มใหม่")}
        title, advice = titles.get(exc.status_code, ("คำขอไม่ถูกต้อง", "กลับไปหน้าแรกแล้วส่งใหม่อีกครั้ง"))
        status = exc.status_code if 400 <= exc.status_code < 600 else 400
        response = self.refusal_response(Refusal(status, title, advice, str(exc.detail)))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def internal(self, request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return self.refusal_response(Refusal(
            500, "เกิดข้อผิดพลาดภายในโปรแกรม", "ข้อมูลของท่านไม่ได้ถูกเก็บไว้: ลองอีกครั้ง หากยังเป็นอยู่ โปรดแจ้งผู้ดูแล",
            f"internal error: {type(exc).__name__} (details in the server's log)"))


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> Starlette:
    """The officer's page as an ASGI application (the settings of ``itakit serve``, else those of the environment)."""
    settings = settings if settings is not None else Settings.from_environment()
    web = Web(settings, registry if registry is not None else get_registry())
    routes = [
        Route("/", web.home, methods=["GET", "HEAD"]),
        Route("/result", web.upload, methods=["POST"]),
        Route("/scores", web.typed, methods=["POST"]),
        Route("/agency", web.agency, methods=["POST"]),
        Route("/summary", web.regroup, methods=["POST"]),
        Route("/whatif", web.whatif, methods=["POST"]),
        Route("/report", web.report, methods=["POST"]),
        Route("/download", web.download, methods=["POST"]),
        Route("/followup", web.followup, methods=["POST"]),
        Route("/healthz", web.health, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(packages=[("itakit.web", "static")]), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, settings=settings, refuse=web.refusal_response)],
        exception_handlers={Refused: web.refused, HTTPException: web.http_error, Exception: web.internal},
    )
