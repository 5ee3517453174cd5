"""Plenary API: the live state as the projector shows it (read), and a delegate's requests to speak
and votes with the personal link's token (/api/v1/delegates/<token>/…), as the phone page does.
Rate-limited per token; refusals are {"error", "message"} with a 4xx and record nothing."""

from typing import Any

from flask import abort, jsonify, request
from sqlalchemy import select

from ..extensions import db, limiter
from ..models import CHOICES, REQUEST_KINDS, Registration, Vote
from ..sidang import SidangRefused, push, speakers, votes
from ..web import api_error
from . import payload
from .blueprint import bp
from .openapi import SCHEMAS, operation
from .routes import _visible_event, ref

DELEGATE_LIMIT = "30 per minute"

_PERSON: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "delegation", "kind"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "delegation": {"type": "string"},
        "kind": {"type": "string", "enum": list(REQUEST_KINDS)},
    },
}
SCHEMAS.update(
    {
        "PlenoState": {
            "type": "object",
            "required": [
                "item",
                "speaking",
                "speaking_seconds",
                "waiting",
                "quorum",
                "vote",
                "delegation_seconds",
                "choices",
                "version",
            ],
            "properties": {
                "item": {
                    "type": "object",
                    "nullable": True,
                    "description": "butir yang sedang dibahas",
                    "properties": {
                        "id": {"type": "integer"},
                        "number": {"type": "string", "example": "A.2"},
                        "text": {"type": "string"},
                        "topic": {"type": "string"},
                        "state": {"type": "string"},
                        "subs": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"letter": {"type": "string"}, "text": {"type": "string"}},
                            },
                        },
                    },
                },
                "speaking": {
                    **_PERSON,
                    "nullable": True,
                    "properties": {**_PERSON["properties"], "started_at": {"type": "string", "format": "date-time"}},
                },
                "speaking_seconds": {"type": "integer", "description": "waktu bicara per pembicara"},
                "waiting": {"type": "array", "items": _PERSON, "description": "daftar pembicara, menurut urutan"},
                "quorum": {
                    "type": "object",
                    "required": ["present", "total", "needed", "met"],
                    "properties": {
                        "present": {"type": "integer"},
                        "total": {"type": "integer"},
                        "needed": {"type": "integer"},
                        "met": {"type": "boolean"},
                    },
                },
                "vote": {
                    "type": "object",
                    "nullable": True,
                    "description": "pemungutan suara terbuka, atau yang terakhir ditutup; hasil hanya setelah ditutup",
                    "properties": {
                        "id": {"type": "integer"},
                        "question": {"type": "string"},
                        "state": {"type": "string", "enum": ["open", "closed"]},
                        "secret": {"type": "boolean"},
                        "electorate": {"type": "string"},
                        "majority": {"type": "string"},
                        "eligible": {"type": "integer"},
                        "cast": {"type": "integer"},
                        "yes": {"type": "integer", "nullable": True},
                        "no": {"type": "integer", "nullable": True},
                        "abstain": {"type": "integer", "nullable": True},
                        "passed": {"type": "boolean", "nullable": True},
                    },
                },
                "delegation_seconds": {
                    "type": "object",
                    "additionalProperties": {"type": "integer"},
                    "description": "detik bicara per delegasi (id), pidato yang sudah selesai",
                },
                "choices": {"type": "object", "additionalProperties": {"type": "string"}},
                "version": {"type": "string", "description": "sama dengan ETag; berubah bila keadaannya berubah"},
            },
        },
        "SpeakerRequestInput": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "kind": {
                    "type": "string",
                    "enum": list(REQUEST_KINDS),
                    "default": "bicara",
                    "description": "interupsi didahulukan dari semua permintaan bicara yang menunggu",
                }
            },
        },
        "SpeakerRequest": {
            "type": "object",
            "required": ["id", "kind", "position", "item_id"],
            "properties": {
                "id": {"type": "integer"},
                "kind": {"type": "string", "enum": list(REQUEST_KINDS)},
                "position": {"type": "integer", "description": "0 = berikutnya"},
                "item_id": {"type": "integer"},
            },
        },
        "VoteInput": {
            "type": "object",
            "required": ["choice"],
            "additionalProperties": False,
            "properties": {"choice": {"type": "string", "enum": list(CHOICES)}},
        },
        "VoteCast": {
            "type": "object",
            "required": ["vote_id", "counted"],
            "properties": {"vote_id": {"type": "integer"}, "counted": {"type": "boolean", "enum": [True]}},
        },
    }
)


def _delegate(token: str) -> Registration:
    registration = (
        db.session.scalar(select(Registration).where(Registration.token == token)) if len(token) <= 64 else None
    )
    if registration is None or registration.anonymised_at:
        abort(404)
    return registration


def _refused(exc: SidangRefused):
    db.session.rollback()
    return api_error(exc.status, exc.message, code=exc.code)


def _per_token() -> str:
    return "pleno-api:" + (request.view_args or {}).get("token", "")[:64]


@bp.route("/events/<slug>/pleno")
@operation(
    "Keadaan sidang pleno",
    ref("PlenoState"),
    tags=("pleno",),
    description="Yang ditampilkan layar proyektor: butir yang dibahas, pembicara, kuorum, pemungutan suara. "
    "ETag/If-None-Match: 304 selama tidak berubah. Untuk mengikuti langsung: "
    "server-sent events di /events/{slug}/pleno/stream.",
)
def pleno_state(slug):
    return push.state_response(_visible_event(slug))


@bp.route("/delegates/<token>/pleno/speaker-requests", methods=["POST"])
@limiter.limit(DELEGATE_LIMIT, key_func=_per_token)
@operation(
    "Minta bicara",
    ref("SpeakerRequest"),
    status=201,
    tags=("pleno",),
    request=ref("SpeakerRequestInput"),
    description="Dengan token tautan pribadi peserta. Ditolak (4xx, tidak dicatat): belum hadir hari ini, "
    "tidak ada butir yang dibahas atau sudah diputuskan, sudah ada dalam daftar.",
)
def request_floor(token):
    registration = _delegate(token)
    data = payload.json_object()
    errors: dict[str, str] = {}
    kind = payload.choice(data, "kind", errors, REQUEST_KINDS, "bicara")
    if errors:
        raise payload.PayloadError(errors)
    try:
        row = speakers.request_floor(registration.event, registration, kind)
    except SidangRefused as exc:
        return _refused(exc)
    return jsonify({"id": row.id, "kind": row.kind, "position": row.position, "item_id": row.item_id}), 201


@bp.route("/delegates/<token>/pleno/speaker-requests/withdraw", methods=["POST"])
@limiter.limit(DELEGATE_LIMIT, key_func=_per_token)
@operation(
    "Batal bicara",
    {"type": "object", "required": ["withdrawn"], "properties": {"withdrawn": {"type": "boolean", "enum": [True]}}},
    tags=("pleno",),
    description="Menarik permintaan bicara yang masih menunggu.",
)
def withdraw(token):
    registration = _delegate(token)
    try:
        speakers.withdraw(registration.event, registration)
    except SidangRefused as exc:
        return _refused(exc)
    return jsonify({"withdrawn": True})


@bp.route("/delegates/<token>/pleno/votes/<int:vote_id>", methods=["POST"])
@limiter.limit(DELEGATE_LIMIT, key_func=_per_token)
@operation(
    "Beri suara",
    ref("VoteCast"),
    status=201,
    tags=("pleno",),
    request=ref("VoteInput"),
    description="Satu suara per pemilih (delegasi atau peserta), juga bila dikirim dua kali bersamaan. "
    "Ditolak (4xx, tidak dicatat): sudah ditutup, sudah memberi suara, belum hadir hari ini, "
    "bukan anggota yang ditunjuk delegasinya.",
)
def cast_vote(token, vote_id):
    registration = _delegate(token)
    data = payload.json_object()
    errors: dict[str, str] = {}
    choice = payload.choice(data, "choice", errors, CHOICES, None)
    if errors:
        raise payload.PayloadError(errors)
    vote = db.session.get(Vote, vote_id) if vote_id < 2**31 else None
    if vote is None or vote.event_id != registration.event_id:
        return api_error(404, "Pemungutan suara tidak ditemukan.", code="not_found")
    try:
        votes.cast(vote, registration, choice)
    except SidangRefused as exc:
        return _refused(exc)
    return jsonify({"vote_id": vote_id, "counted": True}), 201
