"""The label of every state of every domain, in one place: pages (the `state_label` Jinja global),
exports, documents and the audit sentences all read them from here, so one state has one name
("menunggu persetujuan" on the participants page, in the XLSX and in the audit log alike).

Labels are lower case, as they read inside a sentence ("pending → cancelled" becomes
"menunggu persetujuan → dibatalkan"); a badge capitalises the first letter (`state_title`).
Official documents are Indonesian whatever the page's language: they ask with `indonesian=True`."""

from flask_babel import gettext as _

from .reference.text import N_

LABELS: dict[str, dict[str, str]] = {
    "registration": {
        "pending": N_("menunggu persetujuan"),
        "approved": N_("disetujui"),
        "rejected": N_("ditolak"),
        "waitlisted": N_("daftar tunggu"),
        "cancelled": N_("dibatalkan"),
    },
    "event": {
        "draft": N_("draf"),
        "open": N_("pendaftaran dibuka"),
        "closed": N_("pendaftaran ditutup"),
        "finished": N_("selesai"),
    },
    "rumusan": {"draft": N_("draf"), "adopted": N_("ditetapkan")},
    # An item is agreed in the plenary by musyawarah: "disepakati".
    "rumusan_item": {
        "draft": N_("draf"),
        "proposed": N_("diusulkan"),
        "adopted": N_("disepakati"),
        "dropped": N_("dihapus"),
    },
    "proposal": {"open": N_("menunggu keputusan"), "accepted": N_("diterima"), "rejected": N_("ditolak")},
    "minutes": {"draft": N_("draf"), "final": N_("final")},
    "certificate": {"issued": N_("terbit"), "revoked": N_("dicabut")},
    "agenda": {
        "unpublished": N_("belum diumumkan"),
        "published": N_("diumumkan"),
        "changed": N_("ada perubahan yang belum diumumkan"),
    },
    "session": {"scheduled": N_("terjadwal"), "cancelled": N_("dibatalkan")},
    "checkin": {"present": N_("hadir"), "undone": N_("daftar ulang dibatalkan")},
}
# A participant's role in the meeting is not a state, but it is shown beside one in every list and export.
PARTICIPANT_ROLE_LABELS = {
    "peserta": N_("Peserta"),
    "narasumber": N_("Narasumber"),
    "moderator": N_("Moderator"),
    "panitia": N_("Panitia"),
    "undangan": N_("Undangan"),
}
# The audit log names its objects by model; the model says which states it has.
KIND_OF_MODEL = {
    "Registration": "registration",
    "Event": "event",
    "Rumusan": "rumusan",
    "RumusanItem": "rumusan_item",
    "Proposal": "proposal",
    "Minutes": "minutes",
    "Certificate": "certificate",
    "CheckIn": "checkin",
}


def state_label(state: str | None, kind: str = "registration", *, indonesian: bool = False) -> str:
    """'pending' -> 'menunggu persetujuan' (or 'awaiting approval' on an English page); an unknown
    state is shown as it is rather than hidden."""
    if state is None:
        return "—"
    label = LABELS.get(kind, {}).get(state)
    if label is None:
        return state
    return label if indonesian else _(label)


def state_title(state: str | None, kind: str = "registration", *, indonesian: bool = False) -> str:
    """The label as a badge starts it: 'Menunggu persetujuan'."""
    label = state_label(state, kind, indonesian=indonesian)
    return label[:1].upper() + label[1:]


def participant_role_label(role: str | None, *, indonesian: bool = False) -> str:
    label = PARTICIPANT_ROLE_LABELS.get(role or "")
    if label is None:
        return role or "—"
    return label if indonesian else _(label)


def model_state_label(object_type: str, state: str | None) -> str:
    return state_label(state, KIND_OF_MODEL.get(object_type, ""))


def init_app(app) -> None:
    app.jinja_env.globals.update(
        state_label=state_label, state_title=state_title, participant_role_label=participant_role_label
    )
