"""The pages of a job: its status (a progress bar that a small script polls from status.json, or the
page refreshing itself without JavaScript), its file, and the meeting's recent jobs. Staff see only
their meeting's jobs: another meeting's job is not found."""

from flask import Blueprint, Response, abort, g, jsonify, render_template, url_for
from flask_babel import gettext as _

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..models.user import SEKRETARIAT
from ..web import content_disposition
from . import services

bp = event_scoped(Blueprint("jobs", __name__, url_prefix="/admin/events/<slug>/berkas"))


def _job_or_404(key: str):
    job = services.of_event(g.event, key)
    if job is None:
        abort(404)
    return job


@bp.get("/")
@roles_required(SEKRETARIAT)
def index():
    return render_template("jobs/index.html", event=g.event, jobs=services.recent(g.event))


@bp.get("/<key>")
@roles_required(SEKRETARIAT)
def show(key):
    job = _job_or_404(key)
    return render_template("jobs/show.html", event=g.event, job=job, title=services.title(job))


@bp.get("/<key>/status.json")
@roles_required(SEKRETARIAT)
def status(key):
    job = _job_or_404(key)
    body = services.status(job)
    body["download_url"] = url_for("jobs.download", key=job.key) if job.state == "done" else None
    return jsonify(body), 200, {"Cache-Control": "no-store"}


@bp.get("/<key>/unduh")
@roles_required(SEKRETARIAT)
def download(key):
    job = _job_or_404(key)
    path = services.result_path(job)
    if job.state == "expired" or (job.state == "done" and not path.exists()):
        return render_template(
            "errors/error.html",
            status=410,
            back_url=url_for("jobs.index"),
            message=_(
                "Berkas ini sudah kedaluwarsa dan dihapus. Unduh sekali lagi dari halamannya untuk menyusunnya kembali."
            ),
        ), 410
    if job.state != "done":
        return render_template(
            "errors/error.html",
            status=409,
            back_url=url_for("jobs.show", key=job.key),
            message=_("Berkas belum selesai disusun."),
        ), 409
    return Response(
        path.read_bytes(),
        mimetype=job.mimetype,
        headers={
            "Content-Disposition": content_disposition(job.filename, inline=job.inline),
            "Cache-Control": "no-store",
        },
    )
