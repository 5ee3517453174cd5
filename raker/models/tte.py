"""Tanda tangan elektronik: who signs (with a PKCS#12 or through a remote signer), the documents
prepared for signing with their paraf chain, and every signature made on them."""

import secrets
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from .types import JSONList, JSONObject, UTCDateTime, utcnow

SIGNING_METHODS = ("p12", "remote")
DOCUMENT_STATES = ("paraf", "signing", "signed")  # waiting for paraf, for (more) signatures, all signed


def public_id() -> str:
    """The id in /verifikasi/<id> and its QR: random, so documents cannot be counted through."""
    return secrets.token_urlsafe(12)


class TteSigner(Model):
    """A person who signs a meeting's documents: a user with jabatan, pangkat and NIP as printed in
    the signature block. The PKCS#12 file is kept as uploaded (its key encrypted under the signer's
    passphrase, which Raker never stores: it is asked at every signing). A remote signer (BSrE-shaped)
    needs no file; its NIK is asked at signing, not kept (UU PDP)."""

    __tablename__ = "tte_signers"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_tte_signers_event_id_user_id"),
        CheckConstraint("method IN ('p12', 'remote')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))  # their account, if any
    name: Mapped[str] = mapped_column(String(200))  # as printed under the signature
    position: Mapped[str] = mapped_column(String(300), default="")  # jabatan
    rank: Mapped[str | None] = mapped_column(String(8))
    nip: Mapped[str | None] = mapped_column(String(18))
    method: Mapped[str] = mapped_column(String(8), default="p12")
    p12: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    certificate_subject: Mapped[str] = mapped_column(String(300), default="")
    certificate_not_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user = relationship("User")


class TteDocument(Model):
    """One official PDF prepared for signing. `pdf` is the current file: as rendered, then after each
    signature (incremental updates, earlier signatures stay valid). `fingerprint` is the SHA-256 of
    the rendered pages the paraf approved; `sha256` that of the file as it is now."""

    __tablename__ = "tte_documents"
    __table_args__ = (CheckConstraint("state IN ('paraf', 'signing', 'signed')", name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=public_id)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    params: Mapped[JSONObject] = mapped_column(JSON, default=dict)  # what the renderer needs again (a chair, a Nomor)
    state: Mapped[str] = mapped_column(String(16), default="paraf")
    version: Mapped[int] = mapped_column(default=1)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    places: Mapped[JSONList] = mapped_column(JSON, default=list)  # [{page, box, name, nip, position}]
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    parafs: Mapped[list["TteParaf"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TteParaf.step"
    )
    signatures: Mapped[list["TteSignature"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="TteSignature.id"
    )
    event = relationship("Event")


class TteParaf(Model):
    """One step of the paraf chain: a verifier approves a version of the document, in order. A change
    of the document voids every approval (voided_at), which stays in the history."""

    __tablename__ = "tte_parafs"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("tte_documents.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column()
    verifier_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200), default="")  # "Kepala Bagian Tata Laksana"
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_version: Mapped[int | None] = mapped_column()
    approved_fingerprint: Mapped[str | None] = mapped_column(String(64))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    document: Mapped[TteDocument] = relationship(back_populates="parafs")
    verifier = relationship("User")


class TteSignature(Model):
    """A signature made on a document: who, when, where, how, and the file's SHA-256 after it."""

    __tablename__ = "tte_signatures"
    __table_args__ = (
        UniqueConstraint("document_id", "place", name="uq_tte_signatures_document_id_place"),
        CheckConstraint("method IN ('p12', 'remote')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("tte_documents.id", ondelete="CASCADE"), index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("tte_signers.id", ondelete="SET NULL"))
    place: Mapped[int] = mapped_column()  # index into the document's places
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(300), default="")
    field_name: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(8))
    timestamped: Mapped[bool] = mapped_column(default=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    document: Mapped[TteDocument] = relationship(back_populates="signatures")
    signer: Mapped[TteSigner | None] = relationship()
