"""The local web page: routes and the work behind each form."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..review import ReviewSettings
from .jobs import Job, JobStore
from .security import LocalOnly
from .uploads import UploadError, UploadLimits, save_uploads

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self'"
)
PACK_FILES = {
    "panel_pack.xlsx": "Panel workbook (Excel)",
    "chronology.docx": "Composite chronology (Word)",
    "timeline.html": "Interactive timeline (web page)",
    "chronology.csv": "Chronology (CSV)",
    "issues.csv": "Problems found (CSV)",
    "gaps.csv": "Gaps (CSV)",
    "flags.csv": "Possible missed opportunities (CSV)",
    "groups.csv": "Linked events (CSV)",
    "manifest.json": "Manifest (inputs and settings)",
}


def create_app(
    review: ReviewSettings | None = None,
    *,
    token: str,
    port_ref: list[int],
    limits: UploadLimits | None = None,
) -> Starlette:
    """The Starlette application (``port_ref[0]`` is set once the port is known)."""
    settings = review or ReviewSettings()
    limits = limits or UploadLimits()
    store = JobStore()
    env = Environment(
        loader=PackageLoader("chronomerge.serve", "templates"),
        autoescape=select_autoescape(default=True),
    )

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(review=settings.review, **context)
        return HTMLResponse(html, status_code=status, headers=_headers())

    async def home(request: Request) -> Response:
        return page("home.html")

    async def check_form(request: Request) -> Response:
        return page("check.html")

    async def receive(
        request: Request, kind: str, field: str
    ) -> tuple[Job, list[Path]] | str:
        """Save the form's files in a new job's folder, or say why not."""
        job = store.new(kind)
        try:
            async with request.form(max_files=limits.max_files + 5) as form:
                uploads = [f for f in form.getlist(field) if isinstance(f, UploadFile)]
                return job, await save_uploads(uploads, job.inputs, limits, job.notes)
        except UploadError as exc:
            store.delete(job.id)
            return str(exc)

    async def check_run(request: Request) -> Response:
        received = await receive(request, "check", "file")
        if isinstance(received, str):
            return page("check.html", status=400, error=received)
        job, saved = received
        job.stage = "Checking"
        await asyncio.to_thread(_check, job, saved, settings)
        if job.status == "failed":
            return page("check.html", status=400, error=job.error)
        return page("check_result.html", job=job, report=job.result)

    async def pack_form(request: Request) -> Response:
        return page("pack.html")

    async def pack_run(request: Request) -> Response:
        received = await receive(request, "pack", "files")
        if isinstance(received, str):
            return page("pack.html", status=400, error=received)
        job, saved = received
        store.run(job, lambda j: _pack(j, saved, settings))
        return Response(status_code=303, headers={"location": f"/pack/{job.id}"})

    async def pack_status(request: Request) -> Response:
        job = _job(store, request, "pack")
        if job is None:
            return page("gone.html", status=404)
        if job.status == "running":
            return page("pack_wait.html", job=job)
        return page("pack_result.html", job=job, files=_files(job))

    async def job_json(request: Request) -> Response:
        job = store.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"status": "gone"}, status_code=404)
        return JSONResponse(
            {"status": job.status, "stage": job.stage},
            headers={"cache-control": "no-store"},
        )

    async def job_file(request: Request) -> Response:
        job = store.get(request.path_params["job"])
        name = request.path_params["name"]
        allowed = set(PACK_FILES) | {"annotated.xlsx"}
        if job is None or name not in allowed or not (job.outputs / name).is_file():
            return page("gone.html", status=404)
        inline = name == "timeline.html" and "download" not in request.query_params
        headers = _headers()
        if inline:
            headers["content-security-policy"] = (
                "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
                "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
                "connect-src 'none'; frame-ancestors 'self'"
            )
            return FileResponse(
                job.outputs / name, media_type="text/html", headers=headers
            )
        return FileResponse(job.outputs / name, filename=name, headers=headers)

    async def job_delete(request: Request) -> Response:
        store.delete(request.path_params["job"])
        return page("deleted.html")

    async def template_file(request: Request) -> Response:
        fmt = request.path_params["fmt"]
        if fmt not in ("xlsx", "docx"):
            return page("gone.html", status=404)
        from ..export.template import write_template

        job = store.new("template")
        path = job.outputs / f"chronology_template.{fmt}"
        await asyncio.to_thread(write_template, path, settings, format=fmt)
        data = path.read_bytes()
        store.delete(job.id)
        media = (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if fmt == "xlsx"
            else "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document"
        )
        headers = _headers()
        headers["content-disposition"] = (
            f'attachment; filename="chronology_template.{fmt}"'
        )
        return Response(data, media_type=media, headers=headers)

    static = Path(__file__).parent / "static"
    routes = [
        Route("/", home),
        Route("/check", check_form, methods=["GET"]),
        Route("/check", check_run, methods=["POST"]),
        Route("/pack", pack_form, methods=["GET"]),
        Route("/pack", pack_run, methods=["POST"]),
        Route("/pack/{job}", pack_status),
        Route("/jobs/{job}.json", job_json),
        Route("/jobs/{job}/files/{name}", job_file),
        Route("/jobs/{job}/delete", job_delete, methods=["POST"]),
        Route("/template.{fmt}", template_file),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    extra: dict[str, Any] = {}
    if "max_body_size" in inspect.signature(Starlette.__init__).parameters:
        extra["max_body_size"] = int(limits.max_total_mb * 1024 * 1024) + 1024 * 1024
    app = Starlette(
        routes=routes,
        middleware=[Middleware(LocalOnly, token=token, port_ref=port_ref)],
        lifespan=lifespan,
        **extra,
    )
    app.state.store = store
    return app


def _headers() -> dict[str, str]:
    return {
        "content-security-policy": PAGE_CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "same-origin",
        "cache-control": "no-store",
    }


def _job(store: JobStore, request: Request, kind: str) -> Job | None:
    job = store.get(request.path_params["job"])
    return job if job is not None and job.kind == kind else None


def _files(job: Job) -> list[tuple[str, str]]:
    return [
        (name, label)
        for name, label in PACK_FILES.items()
        if (job.outputs / name).is_file()
    ]


def _check(job: Job, saved: list[Path], settings: ReviewSettings) -> None:
    """Validate the uploaded file(s) and write the annotated workbook."""
    from ..checking import validate_files
    from .jobs import _plain

    try:
        report = validate_files(saved, settings)
        report.annotate(job.outputs / "annotated.xlsx")
        job.result = report
        job.status = "done"
    except Exception as exc:  # a hostile file must never stop the server
        job.error = _plain(exc)
        job.status = "failed"
    finally:
        import shutil

        shutil.rmtree(job.inputs, ignore_errors=True)


def _pack(job: Job, saved: list[Path], settings: ReviewSettings) -> Any:
    from ..pipeline import build_pack

    def progress(stage: str) -> None:
        job.stage = stage.capitalize()

    chronology, _written = build_pack(saved, job.outputs, settings, progress=progress)
    return chronology
