"""The rules of electronic signing: preparing a document, the paraf chain, who may sign where,
signing (PKCS#12 or remote), and checking an uploaded file. The cryptography is in signing.py,
which knows nothing of meetings; every refusal here is audited and leaves nothing signed."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any, NoReturn

from flask import current_app
from flask_babel import gettext as _
from pyhanko.sign.timestamps import TimeStamper
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..i18n import format_long_date
from ..ids import id_from
from ..letters import LetterRefused
from ..models import Event, EventStaff, TteDocument, TteParaf, TteSignature, TteSigner, User, UserRole, utcnow
from ..pdf.signature import collect_signature_places
from ..safe_text import strip_control_characters
from ..transitions import transition
from ..urls import public_url
from . import signing
from .kinds import KINDS

STAMP_TEXT = "Ditandatangani secara elektronik"
PDF_MAGIC = b"%PDF-"


class TteRefused(Exception):
    """A refusal in Indonesian, shown as it is; status is what a page answers with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


# paraf: verifiers still to approve; signing: every paraf given, signatures awaited; signed: every block
# signed. A change of the printed content sends a document back (a new version, its chain again).
DOCUMENT_TRANSITIONS = {"paraf": ("paraf", "signing"), "signing": ("paraf", "signing", "signed"), "signed": ()}


def _state_refused(from_state: str, to_state: str) -> "TteRefused":
    return TteRefused(_("Dokumen sudah ditandatangani lengkap dan tidak dapat diubah lagi."), 409)


def _reason_message(reason: str) -> str:
    messages: dict[str, str] = {
        signing.WRONG_PASSPHRASE: _("Passphrase salah atau berkas PKCS#12 rusak."),
        signing.EXPIRED: _("Sertifikat penanda tangan sudah kedaluwarsa atau belum berlaku."),
        signing.REVOKED: _("Sertifikat penanda tangan sudah dicabut."),
        signing.UNTRUSTED: _("Sertifikat penanda tangan tidak diterbitkan oleh CA yang dipercaya."),
        signing.NOT_PDF: _("Berkas bukan PDF yang dapat ditandatangani."),
    }
    failed: str = _("Penandatanganan gagal.")
    return messages.get(reason, failed)


# --- trust ---------------------------------------------------------------------------------------------


def tte_directory() -> Path:
    return Path(current_app.instance_path) / "tte"


def _pem_file(setting: str, default: str) -> Path:
    return Path(current_app.config.get(setting) or tte_directory() / default)


def trust_roots() -> list[Any]:  # asn1crypto certificates (untyped)
    path = _pem_file("TTE_TRUST_ROOTS", "ca.pem")
    return signing.load_certificates(path.read_bytes()) if path.exists() else []


def crls() -> list[bytes]:
    path = _pem_file("TTE_CRLS", "crl.pem")
    return signing.load_crls(path.read_bytes()) if path.exists() else []


def timestamper() -> TimeStamper | None:
    """PAdES B-T when a timestamp server is configured (RFC 3161 over HTTP)."""
    url = current_app.config.get("TTE_TSA_URL")
    if not url:
        return None
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    # pyHanko's constructor has no annotations.
    stamper: TimeStamper = RequestsHTTPTimeStamper(  # type: ignore[no-untyped-call]
        url, timeout=current_app.config.get("TTE_REMOTE_TIMEOUT", 60)
    )
    return stamper


# --- signers -------------------------------------------------------------------------------------------


def _clean(value: object, limit: int) -> str:
    text: str = strip_control_characters(str(value or ""))  # type: ignore[no-untyped-call]  # raker.safe_text
    return " ".join(text.split())[:limit]


def save_signer(
    event: Event,
    *,
    name: str,
    position: str,
    rank: str | None = None,
    nip: str | None = None,
    user: User | None = None,
    method: str = "p12",
    p12: bytes | None = None,
    passphrase: str = "",
    by: User | None = None,
) -> TteSigner:
    """A signer of this meeting. A PKCS#12 is opened once with the passphrase to show whose certificate
    it holds and until when; the passphrase is then forgotten."""
    name, position = _clean(name, 200), _clean(position, 300)
    nip = re.sub(r"\s+", "", nip or "") or None
    if not name:
        raise TteRefused(_("Nama penanda tangan wajib diisi."))
    if nip and not (nip.isdigit() and len(nip) == 18):
        raise TteRefused(_("NIP harus 18 angka."))
    if method not in ("p12", "remote"):
        raise TteRefused(_("Cara menandatangani tidak dikenal."))
    if method == "remote" and not current_app.config.get("TTE_REMOTE_URL"):
        raise TteRefused(_("Layanan tanda tangan jarak jauh belum diatur (TTE_REMOTE_URL)."))
    if user is not None:
        _refuse_linked_elsewhere(event.id, user)
    subject, not_after = "", None
    if method == "p12":
        if not p12:
            raise TteRefused(_("Unggah berkas sertifikat PKCS#12 (.p12)."))
        try:
            key = signing.load_pkcs12(p12, passphrase)
        except signing.SigningRefused as error:
            raise TteRefused(_reason_message(error.reason)) from None
        subject = signing.certificate_name(key)[:300]
        not_after = signing.signing_certificate(key).not_valid_after
    signer = TteSigner(
        event_id=event.id,
        user_id=user.id if user else None,
        name=name,
        position=position,
        rank=(rank or None),
        nip=nip,
        method=method,
        p12=p12 if method == "p12" else None,
        certificate_subject=subject,
        certificate_not_after=not_after,
    )
    db.session.add(signer)
    db.session.flush()
    audit.record("tte.signer_saved", signer, event_id=event.id, user=by, name=name, method=method, certificate=subject)
    return signer


def _refuse_linked_elsewhere(event_id: int, user: User, signer: TteSigner | None = None) -> None:
    """One signer per account and meeting: whoever logs in with it signs as that signer only."""
    other = db.session.scalar(select(TteSigner).where(TteSigner.event_id == event_id, TteSigner.user_id == user.id))
    if other is not None and other is not signer:
        raise TteRefused(
            _("Akun %(user)s sudah terhubung ke penanda tangan %(name)s.", user=user.full_name, name=other.name), 409
        )


def link_user(signer: TteSigner, user: User | None, *, by: User | None = None) -> None:
    """The account whose owner, logged in, signs as this signer (None: nobody signs as them until one
    is linked)."""
    if user is not None:
        _refuse_linked_elsewhere(signer.event_id, user, signer)
    old = signer.user_id
    signer.user_id = user.id if user is not None else None
    audit.record(
        "tte.signer_linked", signer, event_id=signer.event_id, user=by, old_user_id=old, user_id=signer.user_id
    )


def signer_user_choices(event: Event) -> list[User]:
    """Accounts a signer of this meeting may be linked to: accounts made only to sign (no role on any
    meeting: a Sekretaris Daerah signs without being staff), this meeting's staff, and whoever one of
    its signers is linked to already. Staff of other meetings and delegation contacts are not listed:
    a meeting's secretariat does not see another meeting's people."""
    here = select(EventStaff.user_id).where(EventStaff.event_id == event.id)
    linked = select(TteSigner.user_id).where(TteSigner.event_id == event.id, TteSigner.user_id.is_not(None))
    signing_only = ~User.id.in_(select(EventStaff.user_id)) & ~User.id.in_(select(UserRole.user_id))
    return list(
        db.session.scalars(
            select(User)
            .where(User.active.is_(True), User.id.in_(here) | User.id.in_(linked) | signing_only)
            .order_by(User.full_name, User.id)
        )
    )


def signers_of_user(event: Event, user: User | None) -> list[TteSigner]:
    """The signers of this meeting the logged-in `user` signs as (at most one; none for the anonymous
    current_user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.scalars(select(TteSigner).where(TteSigner.event_id == event.id, TteSigner.user_id == user.id))
    )


def signers(event: Event) -> list[TteSigner]:
    return list(
        db.session.scalars(
            select(TteSigner).where(TteSigner.event_id == event.id).order_by(TteSigner.name, TteSigner.id)
        )
    )


# --- documents -----------------------------------------------------------------------------------------


def render(event: Event, kind: str, params: dict[str, Any]) -> tuple[bytes, list[dict[str, Any]]]:
    """The PDF as the meeting prints it now, with where its signature blocks are."""
    if kind not in KINDS:
        raise TteRefused(_("Jenis dokumen tidak dikenal."))
    try:
        with collect_signature_places() as places:
            pdf = KINDS[kind].render(event, params)
    except LetterRefused as error:
        raise TteRefused(error.message, error.status) from None
    except ValueError as error:
        raise TteRefused(str(error), 409) from None
    return pdf, [
        {"page": p.page, "box": list(p.box), "name": p.name, "nip": p.nip, "position": p.position} for p in places
    ]


def prepare(
    event: Event,
    kind: str,
    *,
    params: dict[str, Any] | None = None,
    verifiers: Sequence[tuple[User, str]] = (),
    by: User | None = None,
) -> TteDocument:
    """A document ready for paraf (or, without verifiers, for signing): rendered once and kept.
    `verifiers`: (user, label) in the order they approve."""
    params = {
        key: _clean(value, 200)
        for key, value in (params or {}).items()
        if key in KINDS.get(kind, KINDS["rumusan"]).params
    }
    pdf, places = render(event, kind, params)
    if not [p for p in places if KINDS[kind].must_sign(p)]:
        raise TteRefused(_("Dokumen ini belum mencantumkan nama penanda tangan di blok tanda tangannya."), 409)
    document = TteDocument(
        event_id=event.id,
        kind=kind,
        title=_title(event, kind),
        params=params,
        state="paraf" if verifiers else "signing",
        fingerprint=signing.content_fingerprint(pdf),
        sha256=signing.sha256(pdf),
        places=places,
        pdf=pdf,
        created_by_id=getattr(by, "id", None),
    )
    for step, (user, label) in enumerate(verifiers, start=1):
        document.parafs.append(TteParaf(step=step, verifier_id=user.id, label=_clean(label, 200)))
    db.session.add(document)
    db.session.flush()
    audit.record(
        "tte.prepared",
        document,
        user=by,
        kind=kind,
        fingerprint=document.fingerprint,
        verifiers=[user.id for user, _label in verifiers],
    )
    return document


def _title(event: Event, kind: str) -> str:
    return f"{KINDS[kind].label} {event.title}"[:300]


def documents(event: Event) -> list[TteDocument]:
    return list(
        db.session.scalars(
            select(TteDocument)
            .where(TteDocument.event_id == event.id)
            .order_by(TteDocument.created_at.desc(), TteDocument.id.desc())
        )
    )


@dataclass(frozen=True)
class Waiting:
    """A document waiting for this user: their paraf (their turn in the chain) or their signature."""

    document: TteDocument
    action: str  # "paraf" or "sign"


def waiting_for(user: User | None) -> list[Waiting]:
    """What waits for `user` in every meeting, for their dashboard: the documents whose next paraf is
    theirs, and those ready for signing with a block of a signer they sign as still unsigned."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    waiting: list[Waiting] = []
    steps = db.session.scalars(
        select(TteParaf)
        .join(TteDocument, TteDocument.id == TteParaf.document_id)
        .where(
            TteParaf.verifier_id == user.id,
            TteParaf.voided_at.is_(None),
            TteParaf.approved_at.is_(None),
            TteDocument.state == "paraf",
        )
        .options(selectinload(TteParaf.document).selectinload(TteDocument.parafs))
        .order_by(TteDocument.created_at, TteDocument.id)
    ).all()
    waiting += [Waiting(step.document, "paraf") for step in steps if next_step(step.document) is step]
    for signer in db.session.scalars(select(TteSigner).where(TteSigner.user_id == user.id)).all():
        ready = db.session.scalars(
            select(TteDocument)
            .where(TteDocument.event_id == signer.event_id, TteDocument.state == "signing")
            .options(selectinload(TteDocument.signatures).selectinload(TteSignature.signer))
            .order_by(TteDocument.created_at, TteDocument.id)
        ).all()
        waiting += [Waiting(document, "sign") for document in ready if _places_for(document, signer)]
    return waiting


def by_public_id(public_id: str) -> TteDocument | None:
    return db.session.scalar(select(TteDocument).where(TteDocument.public_id == public_id))


def changed(document: TteDocument) -> bool:
    """Whether the meeting now prints something else than the version approved and signed."""
    try:
        pdf, _places = render(document.event, document.kind, document.params)
    except TteRefused:
        return True
    return signing.content_fingerprint(pdf) != document.fingerprint


def void_chain(document: TteDocument, *, by: User | None = None) -> None:
    """The document changed: every paraf of the old version is void, it starts again as a new version."""
    pdf, places = render(document.event, document.kind, document.params)
    now = utcnow()
    for step in [s for s in current_chain(document) if s.approved_at]:
        step.voided_at = now
        document.parafs.append(TteParaf(step=step.step, verifier_id=step.verifier_id, label=step.label))
    old = document.fingerprint
    document.version += 1
    document.fingerprint, document.sha256, document.places, document.pdf = (
        signing.content_fingerprint(pdf),
        signing.sha256(pdf),
        places,
        pdf,
    )
    transition(
        document,
        "paraf" if current_chain(document) else "signing",
        DOCUMENT_TRANSITIONS,
        by=by,
        audit_action="tte.paraf_voided",
        refuse=_state_refused,
        event_id=document.event_id,
        old_fingerprint=old,
        new_fingerprint=document.fingerprint,
        version=document.version,
    )


def current_chain(document: TteDocument) -> list[TteParaf]:
    """The steps that count now (void ones are history)."""
    return sorted((step for step in document.parafs if step.voided_at is None), key=lambda step: step.step)


def next_step(document: TteDocument) -> TteParaf | None:
    return next((step for step in current_chain(document) if step.approved_at is None), None)


def _refuse(
    document: TteDocument, action: str, message: str, *, by: User | None = None, status: int = 400, **details: Any
) -> NoReturn:
    """Nothing of the attempt is kept but its audit row."""
    db.session.rollback()
    audit.record(action, document, user=by, message=message, **details)
    db.session.commit()
    raise TteRefused(message, status)


def approve(document: TteDocument, user: User) -> TteParaf:
    """The next verifier's paraf on the current version."""
    step = next_step(document)
    if document.signatures:
        _refuse(document, "tte.paraf_refused", _("Dokumen sudah ditandatangani."), by=user, status=409)
    if step is None:
        _refuse(document, "tte.paraf_refused", _("Tidak ada paraf yang menunggu."), by=user, status=409)
    if step.verifier_id != user.id:
        _refuse(
            document,
            "tte.paraf_refused",
            _("Giliran paraf: %(label)s (%(name)s).", label=step.label, name=step.verifier.full_name),
            by=user,
            status=403,
        )
    if changed(document):
        void_chain(document, by=user)
        db.session.commit()
        raise TteRefused(
            _("Dokumen berubah sejak disiapkan: paraf sebelumnya batal, mulai lagi dari paraf pertama."), 409
        )
    step.approved_at = utcnow()
    step.approved_version = document.version
    step.approved_fingerprint = document.fingerprint
    details: dict[str, Any] = {"step": step.step, "version": document.version, "fingerprint": document.fingerprint}
    if next_step(document) is None:  # the last paraf: the document waits for its signatures
        transition(
            document,
            "signing",
            DOCUMENT_TRANSITIONS,
            by=user,
            audit_action="tte.paraf",
            refuse=_state_refused,
            event_id=document.event_id,
            **details,
        )
    else:
        audit.record("tte.paraf", document, user=user, **details)
    return step


def _prints(place: dict[str, Any], signer: TteSigner) -> bool:
    """Whether this block is the signer's: its printed NIP, or its name when no NIP is printed."""
    if place.get("nip") and signer.nip:
        return re.sub(r"\s+", "", place["nip"]) == signer.nip
    return bool(place.get("name")) and _clean(place.get("name"), 200).casefold() == signer.name.casefold()


def printed_in(document: TteDocument, signer: TteSigner) -> bool:
    return signer.event_id == document.event_id and any(_prints(place, signer) for place in document.places)


def covered_places(document: TteDocument) -> dict[int, TteSignature]:
    """Which signature blocks are signed, and by which signature: a signer's one signature covers every
    block printed with them (its field in the first, its stamp in the others)."""
    covered: dict[int, TteSignature] = {}
    for signature in document.signatures:
        covered[signature.place] = signature
        if signature.signer is not None:
            for index, place in enumerate(document.places):
                if _prints(place, signature.signer):
                    covered.setdefault(index, signature)
    return covered


def _places_for(document: TteDocument, signer: TteSigner) -> list[int]:
    """The signer's signature blocks still unsigned (an SK's keputusan and its lampiran, every letter of an
    undangan)."""
    taken = covered_places(document)
    return [i for i, place in enumerate(document.places) if i not in taken and _prints(place, signer)]


def appearance_lines(document: TteDocument, signer: TteSigner, place: dict[str, Any]) -> list[str]:
    today = datetime.now(document.event.tz).date()
    return [
        STAMP_TEXT,
        signer.name,
        _clean(place.get("position") or signer.position, 120).rstrip(","),
        format_long_date(today, "id"),
    ]


def required_places(document: TteDocument) -> list[int]:
    kind = KINDS[document.kind]
    return [index for index, place in enumerate(document.places) if kind.must_sign(place)]


def verification_url(document: TteDocument) -> str:
    return public_url("tte_public.verify", public_id=document.public_id)


def sign(
    document: TteDocument, signer: TteSigner, *, passphrase: str, nik: str = "", by: User | None = None
) -> TteSignature:
    """The signer's one signature, an incremental update: its field in the first of their blocks, its
    stamp (QR, "Ditandatangani secara elektronik") in the others, all in the revision it signs. One
    signature a signer, however many blocks: a PDF reader lists each signer once (and poppler 22.12,
    Debian 12's pdfsig, misreports the certificate of a repeated one). Only the signer's own account
    (`by`) signs as them.
    Refused (audited, nothing signed): someone else signing as the signer, a signer without an account,
    an unfinished or void paraf chain, a signer not printed in the document, a wrong passphrase, an
    expired, revoked or untrusted certificate."""
    refused = "tte.sign_refused"
    details: dict[str, Any] = {"signer_id": signer.id, "signer": signer.name}
    if signer.event_id != document.event_id:
        _refuse(document, refused, _("Penanda tangan bukan dari rapat ini."), by=by, status=404, **details)
    if signer.user_id is None:
        _refuse(
            document,
            refused,
            _(
                "%(name)s belum terhubung ke akun pengguna: sekretariat menghubungkannya di daftar penanda tangan,"
                " lalu %(name)s sendiri yang menandatangani.",
                name=signer.name,
            ),
            by=by,
            status=403,
            **details,
        )
    if getattr(by, "id", None) != signer.user_id:
        _refuse(
            document,
            refused,
            _(
                "Hanya %(name)s sendiri, masuk dengan akunnya, yang dapat menandatangani sebagai penanda tangan ini.",
                name=signer.name,
            ),
            by=by,
            status=403,
            **details,
        )
    if document.state == "signed":
        _refuse(
            document,
            refused,
            _("Semua blok tanda tangan dokumen ini sudah ditandatangani."),
            by=by,
            status=409,
            **details,
        )
    pending = next_step(document)
    if pending is not None:
        _refuse(
            document,
            refused,
            _("Paraf belum lengkap: menunggu %(label)s.", label=pending.label or pending.verifier.full_name),
            by=by,
            status=409,
            **details,
        )
    if changed(document):
        if document.signatures:
            _refuse(
                document,
                refused,
                _("Isi dokumen di rapat sudah berubah sejak ditandatangani; siapkan dokumen baru."),
                by=by,
                status=409,
                **details,
            )
        void_chain(document, by=by)  # kept: the new version awaits its paraf again
        message = _("Dokumen berubah setelah paraf: paraf batal dan harus diulang.")
        audit.record(refused, document, user=by, message=message, **details)
        db.session.commit()
        raise TteRefused(message, 409)
    indexes = _places_for(document, signer)
    if not indexes and any(s.signer_id == signer.id for s in document.signatures):
        _refuse(
            document,
            refused,
            _("%(name)s sudah menandatangani dokumen ini.", name=signer.name),
            by=by,
            status=409,
            **details,
        )
    if not indexes:
        _refuse(
            document,
            refused,
            _("%(name)s tidak tercantum sebagai penanda tangan dokumen ini.", name=signer.name),
            by=by,
            status=403,
            **details,
        )
    index, others = indexes[0], indexes[1:]
    place = document.places[index]
    field_name = f"ttd-{index + 1}"
    lines = appearance_lines(document, signer, place)
    url = verification_url(document)
    stamps = [(document.places[i]["page"], tuple(document.places[i]["box"])) for i in others]
    try:
        if signer.method == "remote":  # the service places one visible signature: the stamps drawn before
            signed, timestamped = _sign_remote(
                document, place, nik=nik, passphrase=passphrase, url=url, lines=lines, stamps=stamps
            )
        else:
            key = signing.load_pkcs12(signer.p12 or b"", passphrase)
            signing.check_certificate(key, trust_roots(), crls())
            stamper = timestamper()
            signed = signing.sign_pdf(
                document.pdf,
                key,
                page=place["page"],
                box=tuple(place["box"]),
                field_name=field_name,
                lines=lines,
                url=url,
                reason=STAMP_TEXT,
                location=document.event.city,
                timestamper=stamper,
                stamps=stamps,
            )
            timestamped = stamper is not None
    except signing.SigningRefused as error:
        _refuse(
            document,
            refused,
            error.detail if error.reason == "remote" else _reason_message(error.reason),
            by=by,
            reason=error.reason,
            **details,
        )
    signature = TteSignature(
        signer=signer,
        place=index,
        name=signer.name,
        position=lines[2],
        field_name=field_name,
        method=signer.method,
        timestamped=timestamped,
        sha256=signing.sha256(signed),
    )
    document.signatures.append(signature)
    document.pdf, document.sha256 = signed, signature.sha256
    done: dict[str, Any] = {"place": index, "stamps": others, "sha256": signature.sha256, **details}
    if set(covered_places(document)) >= set(required_places(document)):  # the last block signed
        transition(
            document,
            "signed",
            DOCUMENT_TRANSITIONS,
            by=by,
            audit_action="tte.signed",
            refuse=_state_refused,
            event_id=document.event_id,
            **done,
        )
    else:
        audit.record("tte.signed", document, user=by, **done)
    return signature


def _sign_remote(
    document: TteDocument,
    place: dict[str, Any],
    *,
    nik: str,
    passphrase: str,
    url: str,
    lines: list[str],
    stamps: Sequence[signing.Placement],
) -> tuple[bytes, bool]:
    """One signature by the remote service, which places one visible signature: the signer's other
    blocks get the stamp first, in an incremental update the service's signature covers. Its answer
    kept only when it is the file sent with one more sound signature (an incremental update)."""
    from .remote import sign_remote

    sent = signing.stamp_pdf(document.pdf, lines=lines, url=url, stamps=stamps)
    signed = sign_remote(sent, nik=nik, passphrase=passphrase, page=place["page"], box=place["box"], url=url)
    checks = signing.validate(signed, trust_roots())
    if not (
        signed.startswith(sent)
        and len(checks) == len(document.signatures) + 1
        and all(c.intact and c.valid for c in checks)
    ):
        raise signing.SigningRefused(
            "remote", _("Layanan tanda tangan elektronik mengembalikan berkas yang tidak sah.")
        )
    return signed, checks[-1].timestamped


# --- verification --------------------------------------------------------------------------------------


def too_big(limit: int) -> TteRefused:
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return TteRefused(_("Berkas terlalu besar (paling besar %(size)s).", size=size), 413)


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """At most `limit` bytes; more is refused without reading the rest."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_big(limit)
    return data


def read_upload(stream: IO[bytes], limit: int) -> bytes:
    """An uploaded PDF, bounded, checked to be one."""
    data = read_bounded(stream, limit)
    if not data.startswith(PDF_MAGIC):
        raise TteRefused(_("Berkas bukan PDF."))
    return data


def check_upload(document: TteDocument, data: bytes) -> dict[str, Any]:
    """'sesuai' when the file is this document as signed here (its latest file, or the file after an
    earlier signature), unaltered; the signatures inside as pyHanko's validator sees them."""
    digest = signing.sha256(data)
    known = {document.sha256: len(document.signatures)} | {s.sha256: n for n, s in enumerate(document.signatures, 1)}
    checks = signing.validate(data, trust_roots())
    matches = digest in known
    audit.record("tte.verified", document, user=None, sha256=digest, matches=matches)
    return {
        "matches": matches,
        "sha256": digest,
        "signatures_in_version": known.get(digest),
        "checks": checks,
        "all_valid": bool(checks) and all(c.intact and c.valid for c in checks),
    }


def verifier_choices(event: Event) -> list[User]:
    """Who may paraf: the meeting's secretariat staff (admins everywhere)."""
    from ..auth.services import event_staff

    return sorted(
        {row.user for row in event_staff(event) if row.role == "sekretariat" and row.user.active},
        key=lambda user: (user.full_name, user.id),
    )


def document_of(event: Event, document_id: int) -> TteDocument | None:
    document = db.session.get(TteDocument, document_id)
    return document if document is not None and document.event_id == event.id else None


def signer_of(event: Event, signer_id: str | int | None) -> TteSigner | None:
    """The meeting's signer of that id (a form's text): None for anything else (raker.ids)."""
    number = id_from(signer_id)
    signer = db.session.get(TteSigner, number) if number is not None else None
    return signer if signer is not None and signer.event_id == event.id else None
