"""Papan nama meja (table tents) for the speakers' table and the heads of the delegations.

Who gets one, in this order:
- each narasumber and moderator of a session that is not cancelled (and who did not decline), once
  however many sessions they have, in agenda order; "Narasumber" when they are both;
- the head of each delegation: its approved member of the highest golongan (I/a … IV/e; PPPK and
  non-ASN without one come last), the first registered among equals. Registrations carry no
  "ketua delegasi" role (peserta, narasumber, moderator, panitia, undangan), and the head of a
  region's delegation is its most senior official; someone already on the speakers' table is not
  given a second tent;
- any name the secretariat types, one a line as "Nama | keterangan" (the keterangan, e.g. the office
  or "Pimpinan Sidang", is optional).

Built here as a format-neutral model; raker.pdf.papan_nama and raker.documents.docx_papan_nama print
it (each tent a sheet folded over, the text on both faces)."""

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..letters import LetterRefused
from ..models import AgendaSession, Registration, SessionPerson
from ..reference.ranks import RANKS
from ..safe_text import strip_control_characters
from ..session_roles import role_title
from .services import person_key

SPEAKER_ROLES = ("narasumber", "moderator")
ROLE_WORDS = {"narasumber": "Narasumber", "moderator": "Moderator"}
HEAD_WORD = "Ketua Delegasi"
MAX_EXTRA_LINES = 100
MAX_FIELD = 200
SENIORITY = {code: index for index, (code, _name) in enumerate(RANKS)}


@dataclass(frozen=True)
class TableTent:
    name: str  # "Dr. H. Yusmadi, S.Sos., M.Si."
    detail: str  # the delegation or the office: "Kabupaten Paser", "Kementerian PANRB"
    role: str  # "Narasumber", "Moderator", "Ketua Delegasi"; "" for a typed name


@dataclass(frozen=True)
class TableTentDocument:
    event_title: str  # small, at the table edge of each face
    tents: list[TableTent]
    file_title: str


def _speakers(event) -> list[tuple[str, TableTent]]:
    rows = db.session.execute(
        select(SessionPerson, AgendaSession)
        .join(AgendaSession, SessionPerson.session_id == AgendaSession.id)
        .where(
            AgendaSession.event_id == event.id,
            AgendaSession.cancelled.is_(False),
            SessionPerson.role.in_(SPEAKER_ROLES),
            SessionPerson.confirmation != "declined",
        )
        .order_by(AgendaSession.starts_at, AgendaSession.id, SessionPerson.id)
    ).all()
    found: dict[str, TableTent] = {}
    rank = {ROLE_WORDS["narasumber"]: 2, ROLE_WORDS["moderator"]: 1, "": 0}
    for person, session in rows:
        key = person_key(person)
        registration = person.registration
        # Who gives a sambutan or the laporan is no narasumber (session_roles): the tent names them only.
        word = role_title(person.role, session.kind)
        if key in found:
            if rank[word] > rank[found[key].role]:
                found[key] = TableTent(found[key].name, found[key].detail, word)
            continue
        if registration is not None:
            detail = (registration.institution or "").strip() or registration.delegation.name
            name = registration.full_name
        else:
            detail, name = (person.institution or "").strip(), person.name
        found[key] = TableTent(name=name.strip(), detail=detail, role=word)
    return list(found.items())


def delegation_heads(event) -> dict[int, Registration]:
    """Each delegation's head, by delegation id: the approved member of the highest golongan, the
    first registered among equals."""
    heads: dict[int, Registration] = {}
    for person in db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id, Registration.state == "approved", Registration.anonymised_at.is_(None)
        )
        .order_by(Registration.id)
    ):
        best = heads.get(person.delegation_id)
        if best is None or SENIORITY.get(person.rank or "", -1) > SENIORITY.get(best.rank or "", -1):
            heads[person.delegation_id] = person
    return heads


def parse_extra(text: str) -> list[TableTent]:
    """The names typed in, one a line, "Nama | keterangan"; blank lines skipped. Too many lines or
    too long a field is refused (LetterRefused, 400)."""
    lines = [line for line in strip_control_characters(str(text or "")).splitlines() if line.strip()]
    if len(lines) > MAX_EXTRA_LINES:
        raise LetterRefused(_("Paling banyak %(n)d nama tambahan.", n=MAX_EXTRA_LINES), 400)
    tents = []
    for line in lines:
        name, _bar, detail = line.partition("|")
        name, detail = " ".join(name.split()), " ".join(detail.split())
        if not name:
            raise LetterRefused(_("Baris nama tambahan tanpa nama: %(line)s", line=line.strip()[:60]), 400)
        if len(name) > MAX_FIELD or len(detail) > MAX_FIELD:
            raise LetterRefused(
                _("Nama atau keterangan tambahan terlalu panjang (paling banyak %(n)d huruf).", n=MAX_FIELD), 400
            )
        tents.append(TableTent(name=name, detail=detail, role=""))
    return tents


def options(values: Mapping) -> dict:
    """Which tents from a form or the CLI: speakers and heads, and the typed names. Both groups are
    on unless told "0"; from the page's form (marked by its field "form") an unticked box is off."""
    ticked = "form" in values

    def flag(name: str) -> bool:
        default = "" if ticked else "1"
        return str(values.get(name, default)).strip().lower() not in ("0", "", "false", "off", "no")

    return {"speakers": flag("speakers"), "heads": flag("heads"), "extra": parse_extra(values.get("extra") or "")}


def build(
    event, *, speakers: bool = True, heads: bool = True, extra: list[TableTent] | None = None
) -> TableTentDocument:
    tents: list[TableTent] = []
    seated: set[str] = set()
    if speakers:
        for key, tent in _speakers(event):
            tents.append(tent)
            seated.add(key)
    if heads:
        chosen = delegation_heads(event)
        for delegation in event.delegations:  # display order
            head = chosen.get(delegation.id)
            if head is not None and f"r:{head.id}" not in seated:
                tents.append(TableTent(name=head.full_name.strip(), detail=delegation.name, role=HEAD_WORD))
    tents += extra or []
    if not tents:
        raise LetterRefused(
            _(
                "Belum ada nama untuk papan nama: tambahkan narasumber/moderator pada susunan acara, "
                "setujui peserta, atau ketik nama tambahan."
            )
        )
    return TableTentDocument(event_title=event.title, tents=tents, file_title=f"Papan Nama {event.title}")


def export(event, fmt: str, **options) -> bytes:
    """The table tents as 'pdf' or 'docx', one sheet each (the participants page and the CLI use this)."""
    document = build(event, **options)
    if fmt == "pdf":
        from ..pdf.papan_nama import papan_nama_pdf

        return papan_nama_pdf(event, document)
    if fmt == "docx":
        from ..documents.docx_papan_nama import papan_nama_docx

        return papan_nama_docx(event, document)
    raise ValueError(f"unknown format: {fmt}")
