"""How a download route answers through raker.exports: the file at once when it is small, else a job
and the page that follows it (no request waits on work that grows with the meeting)."""

from flask import Response, current_app, redirect, render_template, url_for
from flask_login import current_user

from .. import exports
from ..extensions import db
from ..web import content_disposition
from . import services


def file_response(result: exports.ExportFile) -> Response:
    return Response(
        result.body,
        mimetype=result.mimetype,
        headers={
            "Content-Disposition": content_disposition(result.filename, inline=result.inline),
            "Cache-Control": "no-store",
        },
    )


def refused(error: exports.LetterRefused, back_url: str | None = None):
    return render_template(
        "errors/error.html", status=error.status, message=error.message, back_url=back_url
    ), error.status


def deliver(event, kind: str, fmt: str, *, back_url: str | None = None, **options):
    """The export as a response: a file when it has at most JOBS_INLINE_ROWS rows, else a redirect to
    the job's page (progress bar, then the file). A refusal is a page with its message and status."""
    try:
        if exports.size(event, kind, **options) > current_app.config["JOBS_INLINE_ROWS"]:
            job = services.start(event, kind, fmt, options, by=current_user)
            return redirect(url_for("jobs.show", slug=event.slug, key=job.key), 303)
        result = exports.export(event, kind, fmt, **options)
    except exports.LetterRefused as error:  # ExportRefused, and the domains' own refusals
        db.session.rollback()
        return refused(error, back_url)
    services.audit(event, result, current_user)
    db.session.commit()
    return file_response(result)
