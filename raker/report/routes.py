"""The post-event report (laporan) for the secretariat: a page with the figures, and the PDF and DOCX.
Thin: what the report says is in services.py."""
from flask import Blueprint, Response, g, render_template, request

from ..auth import roles_required
from ..events.scoped import event_scoped
from ..models.user import SEKRETARIAT
from ..web import content_disposition
from .forms import ReportSignerForm
from .services import build_report, export

bp = event_scoped(Blueprint("report", __name__, url_prefix="/admin/events/<slug>/laporan"))

MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@bp.route("/")
@roles_required(SEKRETARIAT)
def index():
    form = ReportSignerForm(request.args)
    return render_template("report/index.html", event=g.event, report=build_report(g.event), form=form)


@bp.route("/laporan.<any(pdf, docx):fmt>")
@roles_required(SEKRETARIAT)
def download(fmt):
    event = g.event
    form = ReportSignerForm(request.args)
    if not form.validate():
        return render_template("report/index.html", event=event, report=build_report(event), form=form), 400
    return Response(export(event, fmt, signer=form.signer()), mimetype=MIMETYPES[fmt], headers={
        "Content-Disposition": content_disposition(f"laporan-{event.slug}.{fmt}"), "Cache-Control": "no-store"})
