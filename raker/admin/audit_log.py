"""Reading the audit log: filters, pages, CSV, and one sentence per row with names instead of codes
("Rahmawati membatalkan pendaftaran Budi Santoso (Kabupaten Paser): menunggu persetujuan → dibatalkan")."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..auth import ROLE_LABELS
from ..extensions import db
from ..i18n import format_moment, tz_abbreviation
from ..ids import MAX_ID
from ..models import AuditLog, CheckIn, Delegation, Event, Registration, User, VoteCast
from ..models.agenda import AgendaSession
from ..models.minutes import Certificate, Minutes, RumusanItem, RumusanTopic
from ..models.tte import TteDocument
from ..reference.text import N_
from ..safe_text import neutralise
from ..sidang.decisions import DECISION_LABELS
from ..states import model_state_label

PAGE_SIZE = 50
CSV_LIMIT = 100_000  # a whole meeting's history fits many times over; a runaway query does not

# action -> (what it is, for the filter; the sentence). %(who)s is the person acting, %(obj)s the object
# by name; the other keys are the row's details. Kept in one table so a new action is one line.
ACTIONS: dict[str, tuple[str, str]] = {
    "auth.login": (N_("Masuk"), N_("%(who)s masuk")),
    "auth.login_failed": (N_("Gagal masuk"), N_("Percobaan masuk gagal dengan email %(email)s")),
    "user.create": (N_("Pengguna dibuat"), N_("%(who)s membuat pengguna %(obj)s dengan peran %(roles)s")),
    "user.update": (
        N_("Pengguna diubah"),
        N_("%(who)s mengubah pengguna %(obj)s: peran %(roles_before)s → %(roles_after)s"),
    ),
    "user.password_change": (N_("Kata sandi diganti"), N_("%(who)s mengganti kata sandi %(obj)s")),
    "user.sessions_end": (N_("Semua sesi diakhiri"), N_("%(who)s mengakhiri semua sesi %(obj)s")),
    "event_staff.grant": (N_("Peran rapat diberikan"), N_("%(who)s memberi %(email)s peran %(role)s pada rapat ini")),
    "event_staff.revoke": (
        N_("Peran rapat dicabut"),
        N_("%(who)s mencabut peran %(role)s dari %(email)s pada rapat ini"),
    ),
    "token.issue": (N_("Token API dibuat"), N_("%(who)s membuat token API untuk %(obj)s")),
    "token.revoke_all": (N_("Token API dicabut"), N_("%(who)s mencabut %(count)s token API milik %(obj)s")),
    "token.use": (N_("Token API dipakai"), N_("Token API milik %(who)s dipakai (%(path)s)")),
    "event.create": (N_("Rapat dibuat"), N_("%(who)s membuat rapat %(obj)s")),
    "event.update": (N_("Rapat diubah"), N_("%(who)s mengubah rapat %(obj)s")),
    "event.anonymised": (
        N_("Data rapat dianonimkan"),
        N_("%(who)s menghapus data pribadi %(count)s pendaftaran rapat %(obj)s"),
    ),
    "demo.seed": (N_("Rapat contoh diisi"), N_("%(who)s mengisi rapat contoh %(obj)s")),
    "delegation.create": (N_("Delegasi ditambah"), N_("%(who)s menambah delegasi %(obj)s")),
    "delegation.update": (N_("Delegasi diubah"), N_("%(who)s mengubah delegasi %(obj)s")),
    "delegation.delete": (N_("Delegasi dihapus"), N_("%(who)s menghapus delegasi %(obj)s")),
    "delegation.invite_regions": (N_("Delegasi diundang"), N_("%(who)s mengundang delegasi %(added)s")),
    "registration.create": (N_("Pendaftaran baru"), N_("%(who)s mendaftarkan %(obj)s")),
    "registration.state": (N_("Status pendaftaran"), N_("%(who)s mengubah status pendaftaran %(obj)s")),
    "registration.promote": (N_("Naik dari daftar tunggu"), N_("%(who)s memindahkan %(obj)s dari daftar tunggu")),
    "registration.update": (
        N_("Data pendaftaran diubah"),
        N_("%(who)s mengubah data pendaftaran %(obj)s (%(fields)s)"),
    ),
    "registration.link_sent": (N_("Tautan pribadi dikirim"), N_("%(who)s mengirim tautan pribadi kepada %(obj)s")),
    "registration.link_resent": (N_("Tautan pribadi dikirim ulang"), N_("Tautan pribadi dikirim ulang kepada %(obj)s")),
    "registration.email_change_requested": (
        N_("Permintaan ganti email"),
        N_("%(obj)s meminta alamat email baru (tautan konfirmasi dikirim ke alamat itu)"),
    ),
    "registration.checkin_code_reissued": (N_("Kode QR baru"), N_("%(who)s menerbitkan kode QR baru untuk %(obj)s")),
    "registration.deletion_requested": (N_("Permintaan hapus data"), N_("%(obj)s meminta data pribadinya dihapus")),
    "registration.anonymised": (N_("Data pribadi dihapus"), N_("%(who)s menghapus data pribadi %(obj)s")),
    "registration.import": (N_("Impor peserta"), N_("%(who)s mengimpor peserta dari berkas %(filename)s")),
    "commission.create": (N_("Komisi dibuat"), N_("%(who)s membuat %(name)s: %(topic)s")),
    "commission.update": (N_("Komisi diubah"), N_("%(who)s mengubah %(name)s")),
    "commission.assign": (N_("Anggota komisi"), N_("%(who)s memasukkan %(obj)s ke %(commission)s")),
    "commission.unassign": (N_("Keluar komisi"), N_("%(who)s mengeluarkan %(obj)s dari %(commission)s")),
    "commission.import": (
        N_("Impor pembagian komisi"),
        N_("%(who)s mengimpor pembagian komisi: %(imported)s peserta dimasukkan, %(refused)s baris ditolak"),
    ),
    "commission.draft_add": (
        N_("Rancangan komisi"),
        N_("%(by_participant)s menulis butir %(obj)s dalam rancangan %(commission)s"),
    ),
    "commission.draft_edit": (
        N_("Rancangan komisi"),
        N_("%(by_participant)s mengubah butir %(obj)s dalam rancangan %(commission)s"),
    ),
    "commission.draft_drop": (
        N_("Rancangan komisi"),
        N_("%(by_participant)s menghapus butir %(obj)s dari rancangan %(commission)s"),
    ),
    "commission.draft_move": (
        N_("Rancangan komisi"),
        N_("%(by_participant)s memindahkan butir %(obj)s dalam rancangan %(commission)s"),
    ),
    "commission.split": (
        N_("Pembagian komisi"),
        N_("%(who)s membagi %(assigned)s peserta ke komisi (%(per_commission)s per delegasi per komisi)"),
    ),
    "berita_acara.sign": (
        N_("Tanda tangan berita acara"),
        N_("%(obj)s menandatangani berita acara pengesahan untuk %(delegation)s"),
    ),
    "berita_acara.unsign": (
        N_("Tanda tangan berita acara"),
        N_("%(who)s menghapus tanda tangan %(obj)s pada berita acara (%(delegation)s)"),
    ),
    "vote.open": (N_("Pemungutan suara dibuka"), N_("%(who)s membuka pemungutan suara: %(question)s")),
    "vote.cast": (N_("Suara diberikan"), N_("%(obj)s memberi suara")),
    "vote.close": (
        N_("Pemungutan suara ditutup"),
        N_("%(who)s menutup pemungutan suara: %(yes)s setuju, %(no)s tidak setuju, %(abstain)s abstain"),
    ),
    "vote.designate": (N_("Pemberi suara delegasi"), N_("%(who)s menunjuk %(obj)s memberi suara delegasinya")),
    "vote.designate_clear": (
        N_("Pemberi suara delegasi"),
        N_("%(who)s mencabut penunjukan pemberi suara delegasi %(obj)s"),
    ),
    "sidang.settings": (N_("Aturan sidang"), N_("%(who)s mengubah kuorum atau waktu bicara sidang")),
    "speaker.request": (N_("Minta bicara"), N_("Permintaan bicara (%(kind)s) dalam sidang pleno")),
    "speaker.move": (N_("Urutan pembicara"), N_("%(who)s mengubah urutan pembicara")),
    "speaker.start": (N_("Giliran bicara"), N_("%(who)s memberi waktu bicara")),
    "speaker.end": (N_("Selesai bicara"), N_("%(who)s mengakhiri waktu bicara")),
    "speaker.withdraw": (N_("Batal bicara"), N_("Permintaan bicara ditarik")),
    "sidang.current_item": (N_("Butir yang dibahas"), N_("%(who)s mengganti butir yang dibahas dalam sidang pleno")),
    "sidang.amend": (
        N_("Usulan perubahan dalam sidang"),
        N_("%(by_participant)s (%(delegation)s) mengusulkan perubahan butir yang dibahas"),
    ),
    "sidang.decide": (N_("Keputusan sidang"), N_("%(who)s memutuskan butir %(obj)s: %(decision)s")),
    "tte.signer_saved": (
        N_("Penanda tangan elektronik disimpan"),
        N_("%(who)s menyimpan penanda tangan elektronik %(name)s"),
    ),
    "tte.prepared": (
        N_("Dokumen disiapkan untuk ditandatangani"),
        N_("%(who)s menyiapkan %(obj)s untuk paraf dan tanda tangan"),
    ),
    "tte.paraf": (N_("Paraf dokumen"), N_("%(who)s memaraf %(obj)s (versi %(version)s)")),
    "tte.paraf_voided": (N_("Paraf gugur"), N_("Paraf %(obj)s gugur karena isi dokumen berubah (versi %(version)s)")),
    "tte.paraf_refused": (N_("Paraf ditolak sistem"), N_("Paraf %(obj)s oleh %(who)s ditolak: %(message)s")),
    "tte.signed": (
        N_("Dokumen ditandatangani secara elektronik"),
        N_("%(who)s menandatangani %(obj)s secara elektronik"),
    ),
    "tte.sign_refused": (
        N_("Tanda tangan ditolak sistem"),
        N_("Tanda tangan %(obj)s oleh %(who)s ditolak: %(message)s"),
    ),
    "tte.verified": (N_("Verifikasi dokumen"), N_("Dokumen %(obj)s diperiksa di halaman verifikasi")),
    "invitation.send": (N_("Undangan dikirim"), N_("%(who)s mengirim undangan kepada %(sent)s delegasi")),
    "registration.export": (
        N_("Unduh daftar peserta"),
        N_("%(who)s mengunduh daftar peserta (%(format)s, %(count)s orang)"),
    ),
    "export.attendance": (N_("Unduh daftar hadir"), N_("%(who)s mengunduh daftar hadir %(day)s (%(format)s)")),
    "export.badges": (N_("Cetak tanda peserta"), N_("%(who)s mencetak %(count)s tanda peserta")),
    "export.assignment_letter": (N_("Unduh surat tugas"), N_("%(who)s mengunduh surat tugas %(obj)s")),
    "export.certificates": (N_("Unduh sertifikat"), N_("%(who)s mengunduh %(count)s sertifikat (%(format)s)")),
    "export.bundle": (N_("Data luring pemindai"), N_("%(who)s mengunduh data luring pemindai (nama semua peserta)")),
    "export.api_registrations": (N_("Pendaftar lewat API"), N_("%(who)s mengambil %(count)s pendaftar lewat API")),
    "export.receipts": (N_("Unduh tanda terima"), N_("%(who)s mengunduh tanda terima (%(format)s)")),
    "export.table_tents": (N_("Unduh papan nama"), N_("%(who)s mengunduh papan nama meja (%(format)s)")),
    "job.started": (
        N_("Ekspor di latar belakang"),
        N_("%(who)s meminta %(kind)s (%(format)s) disusun di latar belakang"),
    ),
    "export.outbox_attachment": (N_("Unduh lampiran email"), N_("%(who)s mengunduh lampiran email %(filename)s")),
    "outbox.retry": (N_("Email dikirim ulang"), N_("%(who)s memasukkan lagi email “%(subject)s” ke antrean")),
    "audit.export": (N_("Unduh jejak audit"), N_("%(who)s mengunduh jejak audit (%(count)s baris)")),
    "checkin.undo": (N_("Daftar ulang dibatalkan"), N_("%(who)s membatalkan daftar ulang %(obj)s: %(reason)s")),
    "checkin.reviewed": (N_("Daftar ulang diperiksa"), N_("%(who)s menandai daftar ulang %(obj)s sudah diperiksa")),
    "agenda.session_create": (N_("Sesi ditambah"), N_("%(who)s menambah sesi %(obj)s")),
    "agenda.session_update": (N_("Sesi diubah"), N_("%(who)s mengubah sesi %(obj)s")),
    "agenda.session_cancel": (N_("Sesi dibatalkan"), N_("%(who)s membatalkan sesi %(obj)s")),
    "agenda.session_restore": (N_("Sesi dipulihkan"), N_("%(who)s memulihkan sesi %(obj)s")),
    "agenda.session_delete": (N_("Sesi dihapus"), N_("%(who)s menghapus sesi %(obj)s")),
    "agenda.copy_day": (N_("Susunan acara disalin"), N_("%(who)s menyalin susunan acara %(source)s ke %(target)s")),
    "agenda.room_add": (N_("Ruang ditambah"), N_("%(who)s menambah ruang %(name)s")),
    "agenda.room_update": (N_("Ruang diubah"), N_("%(who)s mengganti nama ruang %(old)s menjadi %(name)s")),
    "agenda.room_delete": (N_("Ruang dihapus"), N_("%(who)s menghapus ruang %(name)s")),
    "agenda.person_add": (N_("Pengisi sesi ditambah"), N_("%(who)s menambahkan %(name)s (%(role)s) pada sesi %(obj)s")),
    "agenda.person_remove": (N_("Pengisi sesi dihapus"), N_("%(who)s menghapus %(name)s (%(role)s) dari sesi %(obj)s")),
    "agenda.availability": (N_("Ketersediaan narasumber"), N_("%(who)s mencatat ketersediaan %(name)s")),
    "agenda.material": (N_("Materi diunggah"), N_("%(who)s mengunggah materi %(filename)s untuk sesi %(obj)s")),
    "agenda.publish": (
        N_("Susunan acara diumumkan"),
        N_("%(who)s mengumumkan susunan acara versi %(version)s (%(changes)s perubahan)"),
    ),
    "agenda.speaker_confirmed": (N_("Narasumber hadir"), N_("%(name)s menyatakan hadir pada sesi %(obj)s")),
    "agenda.speaker_declined": (
        N_("Narasumber berhalangan"),
        N_("%(name)s menyatakan tidak dapat hadir pada sesi %(obj)s"),
    ),
    "minutes.create": (N_("Notulen dibuat"), N_("%(who)s membuat notulen sesi %(obj)s")),
    "minutes.save": (N_("Notulen disimpan"), N_("%(who)s menyimpan notulen sesi %(obj)s (revisi %(revision)s)")),
    "minutes.finalize": (N_("Notulen difinalkan"), N_("%(who)s memfinalkan notulen sesi %(obj)s")),
    "minutes.reopen": (N_("Notulen dibuka kembali"), N_("%(who)s membuka kembali notulen sesi %(obj)s")),
    "rumusan.create": (N_("Rumusan dibuat"), N_("%(who)s membuat rumusan")),
    "rumusan.texts": (N_("Teks rumusan diubah"), N_("%(who)s mengubah teks pembuka dan penutup rumusan")),
    "rumusan.team": (N_("Tim perumus diubah"), N_("%(who)s mengubah susunan tim perumus")),
    "rumusan.topic_add": (N_("Topik ditambah"), N_("%(who)s menambah topik rumusan %(title)s")),
    "rumusan.topic_rename": (N_("Topik diubah"), N_("%(who)s mengganti nama topik %(old)s menjadi %(new)s")),
    "rumusan.topic_delete": (N_("Topik dihapus"), N_("%(who)s menghapus topik rumusan %(title)s")),
    "rumusan.topic_move": (N_("Topik dipindah"), N_("%(who)s memindahkan topik %(obj)s")),
    "rumusan.item_add": (N_("Butir ditambah"), N_("%(who)s menambah butir rumusan %(obj)s")),
    "rumusan.item_edit": (N_("Butir diubah"), N_("%(who)s mengubah butir rumusan %(obj)s (versi %(version)s)")),
    "rumusan.item_state": (N_("Status butir"), N_("%(who)s mengubah status butir rumusan %(obj)s")),
    "rumusan.item_sources": (N_("Sumber butir"), N_("%(who)s mengubah sumber butir rumusan %(obj)s")),
    "rumusan.item_take": (
        N_("Butir dari komisi"),
        N_("%(who)s mengambil butir %(obj)s dari %(commission)s ke topik %(topic)s"),
    ),
    "rumusan.item_move": (N_("Butir dipindah"), N_("%(who)s memindahkan butir rumusan %(obj)s")),
    "rumusan.propose": (N_("Usulan rumusan"), N_("%(who)s mengusulkan perubahan rumusan")),
    "rumusan.proposal_decide": (N_("Usulan diputuskan"), N_("%(who)s memutuskan usulan rumusan")),
    "rumusan.adopt": (N_("Rumusan disahkan"), N_("%(who)s mengesahkan rumusan")),
    "certificate.settings": (N_("Pengaturan sertifikat"), N_("%(who)s mengubah pengaturan sertifikat")),
    "letters.settings": (
        N_("Pengaturan surat"),
        N_("%(who)s mengubah pengaturan surat undangan dan permohonan narasumber"),
    ),
    "letters.addressee": (
        N_("Tujuan surat undangan"),
        N_("%(who)s mengubah tujuan surat undangan %(obj)s: %(addressee)s"),
    ),
    "certificate.issued": (N_("Sertifikat diterbitkan"), N_("%(who)s menerbitkan %(count)s sertifikat")),
    "certificate.revoked": (N_("Sertifikat dicabut"), N_("%(who)s mencabut sertifikat %(obj)s")),
    "certificate.restored": (N_("Sertifikat dipulihkan"), N_("%(who)s memulihkan sertifikat %(obj)s")),
    "committee.member_add": (
        N_("Anggota panitia ditambah"),
        N_("%(who)s menambahkan %(obj)s ke panitia sebagai %(place)s"),
    ),
    "committee.member_edit": (N_("Anggota panitia diubah"), N_("%(who)s mengubah data anggota panitia %(obj)s")),
    "committee.member_delete": (N_("Anggota panitia dihapus"), N_("%(who)s menghapus %(obj)s dari panitia")),
    "committee.member_move": (N_("Urutan panitia diubah"), N_("%(who)s memindahkan urutan %(obj)s di panitia")),
    "committee.import_staff": (N_("Staf diimpor ke panitia"), N_("%(who)s menambahkan %(count)s akun staf ke panitia")),
    "committee.settings": (N_("Pengaturan SK panitia"), N_("%(who)s mengubah pengaturan SK dan kartu panitia")),
    "report.settings": (N_("Isi laporan"), N_("%(who)s mengubah isi laporan pelaksanaan")),
    "report.photo_add": (N_("Foto dokumentasi"), N_("%(who)s menambah foto dokumentasi laporan")),
    "report.photo_edit": (N_("Keterangan foto"), N_("%(who)s mengubah keterangan foto dokumentasi")),
    "report.photo_delete": (N_("Foto dihapus"), N_("%(who)s menghapus foto dokumentasi laporan")),
}
# Sentences whose verb already says the change of state ("menutup", "memberi waktu bicara"): no "a → b" after them.
VERB_SAYS_STATE = {"vote.close", "speaker.start", "speaker.end", "speaker.withdraw"}
# A registration's state change reads as what was done to it.
STATE_VERBS = {
    "approved": N_("%(who)s menyetujui pendaftaran %(obj)s"),
    "rejected": N_("%(who)s menolak pendaftaran %(obj)s"),
    "cancelled": N_("%(who)s membatalkan pendaftaran %(obj)s"),
    "waitlisted": N_("%(who)s memindahkan pendaftaran %(obj)s ke daftar tunggu"),
    "pending": N_("%(who)s mengembalikan pendaftaran %(obj)s ke menunggu persetujuan"),
}
# The fields of a registration, as "mengubah data pendaftaran … (jabatan, nomor HP)" names them.
REGISTRATION_FIELDS = {
    "full_name": N_("nama"),
    "asn_status": N_("status ASN"),
    "nip": N_("NIP"),
    "rank": N_("pangkat/golongan"),
    "position": N_("jabatan"),
    "institution": N_("instansi"),
    "email": N_("email"),
    "phone": N_("nomor HP"),
    "role": N_("peran"),
    "notes": N_("catatan"),
    "delegation": N_("delegasi"),
}


class _Values(dict):
    """Details for a sentence: a missing key reads as a dash, never a KeyError."""

    def __missing__(self, key):
        return "—"


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def action_label(action: str) -> str:
    return _(ACTIONS[action][0]) if action in ACTIONS else action


# The filter's groups: "registration." finds every action on registrations.
ACTION_GROUPS = {
    "registration.": N_("Pendaftaran"),
    "checkin.": N_("Daftar ulang"),
    "export.": N_("Unduhan data pribadi"),
    "agenda.": N_("Susunan acara"),
    "minutes.": N_("Notulen"),
    "rumusan.": N_("Rumusan"),
    "certificate.": N_("Sertifikat"),
    "committee.": N_("Panitia"),
    "report.": N_("Laporan"),
    "event.": N_("Rapat"),
    "delegation.": N_("Delegasi"),
    "event_staff.": N_("Staf rapat"),
    "auth.": N_("Masuk"),
    "user.": N_("Pengguna"),
    "token.": N_("Token API"),
}


def action_choices() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(group prefix, group label, [(action, label)]) for the filter, the other actions in a last group."""
    groups = []
    for prefix, label in ACTION_GROUPS.items():
        members = sorted(
            ((code, action_label(code)) for code in ACTIONS if code.startswith(prefix)),
            key=lambda pair: pair[1].lower(),
        )
        groups.append((prefix, _(label), members))
    rest = sorted(
        ((code, action_label(code)) for code in ACTIONS if not code.startswith(tuple(ACTION_GROUPS))),
        key=lambda pair: pair[1].lower(),
    )
    if rest:
        groups.append(("", _("Lainnya"), rest))
    return groups


def _state(row: AuditLog, state: str | None) -> str:
    return model_state_label(row.object_type, state)


@dataclass
class Names:
    """Names of the objects a page of rows is about, loaded with one query per kind."""

    by_type: dict[str, dict[int, str]] = field(default_factory=dict)

    def get(self, row: AuditLog) -> str | None:
        if row.object_id is None:
            return None
        return self.by_type.get(row.object_type, {}).get(row.object_id)


def _person(registration: Registration) -> str:
    return f"{registration.full_name} ({registration.delegation.name})"


def load_names(rows) -> Names:
    ids: dict[str, set[int]] = {}
    for row in rows:
        if row.object_id is not None:
            ids.setdefault(row.object_type, set()).add(row.object_id)
    names = Names()

    def load(kind, query, label):
        if ids.get(kind):
            names.by_type[kind] = {obj.id: label(obj) for obj in db.session.scalars(query(ids[kind])).unique()}

    load(
        "Registration",
        lambda i: select(Registration).options(joinedload(Registration.delegation)).where(Registration.id.in_(i)),
        _person,
    )
    load(
        "CheckIn",
        lambda i: (
            select(CheckIn)
            .options(joinedload(CheckIn.registration).joinedload(Registration.delegation))
            .where(CheckIn.id.in_(i))
        ),
        lambda c: f"{_person(c.registration)}, {c.day.isoformat()}",
    )
    load(
        "Certificate",
        lambda i: (
            select(Certificate)
            .options(joinedload(Certificate.registration).joinedload(Registration.delegation))
            .where(Certificate.id.in_(i))
        ),
        lambda c: f"{c.number} ({_person(c.registration)})",
    )
    load(
        "VoteCast",
        lambda i: (
            select(VoteCast)
            .options(joinedload(VoteCast.cast_by).joinedload(Registration.delegation))
            .where(VoteCast.id.in_(i))
        ),
        lambda c: _person(c.cast_by) if c.cast_by else "",
    )
    load("User", lambda i: select(User).where(User.id.in_(i)), lambda u: u.full_name)
    load("Event", lambda i: select(Event).where(Event.id.in_(i)), lambda e: e.title)
    load("Delegation", lambda i: select(Delegation).where(Delegation.id.in_(i)), lambda d: d.name)
    load("AgendaSession", lambda i: select(AgendaSession).where(AgendaSession.id.in_(i)), lambda s: s.title)
    load(
        "Minutes",
        lambda i: select(Minutes).options(joinedload(Minutes.session)).where(Minutes.id.in_(i)),
        lambda m: m.session.title,
    )
    load("RumusanTopic", lambda i: select(RumusanTopic).where(RumusanTopic.id.in_(i)), lambda t: t.title)
    load("TteDocument", lambda i: select(TteDocument).where(TteDocument.id.in_(i)), lambda d: d.title)
    if ids.get("RumusanItem"):
        names.by_type["RumusanItem"] = _item_references(ids["RumusanItem"])
    return names


def _item_references(item_ids) -> dict[int, str]:
    """Items of the rumusan by the number they carry in print ("A.3"), as the drafting team knows them."""
    from ..rumusan.services import printed_references

    items = (
        db.session.scalars(
            select(RumusanItem)
            .options(joinedload(RumusanItem.topic).joinedload(RumusanTopic.rumusan))
            .where(RumusanItem.id.in_(item_ids))
        )
        .unique()
        .all()
    )
    references: dict[int, str] = {}
    for rumusan in {item.topic.rumusan for item in items if item.topic is not None}:
        references.update(printed_references(rumusan))
    return {
        item.id: references.get(item.id)
        or (
            _("(rancangan %(name)s)", name=item.commission.name)
            if item.topic is None and item.commission is not None
            else _("(butir yang dihapus)")
        )
        for item in items
    }


def sentence(row: AuditLog, names: Names | None = None) -> str:
    """The row as an Indonesian (or English) sentence, with the names of the person acting and the object."""
    names = names or load_names([row])
    details = row.details or {}
    obj = (
        names.get(row)
        or details.get("name")
        or details.get("title")
        or (f"#{row.object_id}" if row.object_id is not None else "")
    )
    values = _Values({key: _text(value) for key, value in details.items()})
    for key in ("roles", "roles_before", "roles_after", "role"):  # role codes read as their names
        roles = details.get(key)
        if isinstance(roles, list):
            values[key] = ", ".join(str(ROLE_LABELS.get(role, role)) for role in roles) or "—"
        elif key == "role" and row.action.startswith("event_staff.") and roles in ROLE_LABELS:
            values[key] = str(ROLE_LABELS[roles])
    if row.action == "registration.update" and isinstance(details.get("fields"), list):
        values["fields"] = (
            ", ".join(_(REGISTRATION_FIELDS[f]) if f in REGISTRATION_FIELDS else f for f in details["fields"]) or "—"
        )
    if row.action == "sidang.decide" and details.get("decision") in DECISION_LABELS:
        values["decision"] = _(DECISION_LABELS[details["decision"]])
    values["obj"] = obj
    values["who"] = row.user.full_name if row.user else _("Sistem")
    if row.action == "registration.state" and row.user is None and row.to_state == "cancelled":
        template = N_("%(obj)s membatalkan pendaftarannya sendiri")  # from the personal link
    elif row.action == "registration.state" and row.from_state == "cancelled":
        template = N_("%(who)s memulihkan pendaftaran %(obj)s")  # a cancellation taken back
    elif row.action == "registration.state" and row.to_state in STATE_VERBS:
        template = STATE_VERBS[row.to_state]
    elif row.action == "registration.create" and row.user is None:
        template = N_("%(obj)s mendaftar")
    elif row.action in ACTIONS:
        template = ACTIONS[row.action][1]
    else:
        template = N_("%(who)s: %(action)s %(obj)s")
        values["action"] = row.action
    text = _(template) % values
    if (row.from_state or row.to_state) and row.action not in VERB_SAYS_STATE:
        if row.from_state:
            text += f": {_state(row, row.from_state)} → {_state(row, row.to_state)}"
        else:
            text += f": {_state(row, row.to_state)}"
    if row.action in ("registration.state",) and details.get("reason"):
        text += f" ({details['reason']})"
    return text


# --- filters and pages ---------------------------------------------------------------------------


@dataclass
class Filters:
    user_id: int | None = None
    action: str | None = None  # one action, or a group ending in "." ("registration.")
    date_from: date | None = None
    date_to: date | None = None
    event_id: int | None = None  # on the global page; 0: rows of no meeting (logins, users, tokens)
    page: int = 1
    errors: list[str] = field(default_factory=list)

    def args(self) -> dict:
        """The filters as query arguments, for the next page and the CSV link."""
        values = {
            "user": self.user_id,
            "action": self.action,
            "from": self.date_from and self.date_from.isoformat(),
            "to": self.date_to and self.date_to.isoformat(),
            "event": self.event_id,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        errors.append(_("%(label)s bukan tanggal (format YYYY-MM-DD).", label=label))
        return None
    if not 2000 <= value.year <= 2100:
        errors.append(_("%(label)s harus antara tahun 2000 dan 2100.", label=label))
        return None
    return value


def _int(raw: str, label: str, errors: list[str], *, minimum: int = 1) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdecimal() or not minimum <= int(raw) <= MAX_ID:  # "²" is isdigit(), not int()
        errors.append(_("%(label)s tidak sah.", label=label))
        return None
    return int(raw)


def parse_filters(args) -> Filters:
    errors: list[str] = []
    action = (args.get("action") or "").strip() or None
    if action and action not in ACTIONS and not (action.endswith(".") and any(a.startswith(action) for a in ACTIONS)):
        errors.append(_("Jenis tindakan tidak dikenal."))
        action = None
    filters = Filters(
        user_id=_int(args.get("user"), _("Pengguna"), errors),
        action=action,
        date_from=_date(args.get("from", ""), _("Tanggal awal"), errors),
        date_to=_date(args.get("to", ""), _("Tanggal akhir"), errors),
        event_id=_int(args.get("event"), _("Rapat"), errors, minimum=0),
        page=_int(args.get("page"), _("Halaman"), errors) or 1,
        errors=errors,
    )
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        errors.append(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
    filters.page = min(filters.page, 100_000)
    return filters


def server_timezone() -> str:
    return current_app.config.get("TIMEZONE", "Asia/Makassar")


def query(filters: Filters, *, event: Event | None = None, tz_name: str):
    """Rows matching the filters, newest first; `event` fixes the meeting (the secretariat's page)."""
    stmt = select(AuditLog).options(joinedload(AuditLog.user))
    if event is not None:
        stmt = stmt.where(AuditLog.event_id == event.id)
    elif filters.event_id == 0:
        stmt = stmt.where(AuditLog.event_id.is_(None))
    elif filters.event_id:
        stmt = stmt.where(AuditLog.event_id == filters.event_id)
    if filters.user_id:
        # The person acting, or the account a row is about: a failed login is done by nobody (no one is
        # signed in) to an account, and "what happened to Rahmawati's account" must find it.
        stmt = stmt.where(
            or_(
                AuditLog.user_id == filters.user_id,
                and_(AuditLog.object_type == "User", AuditLog.object_id == filters.user_id),
            )
        )
    if filters.action and filters.action.endswith("."):
        stmt = stmt.where(AuditLog.action.startswith(filters.action, autoescape=True))
    elif filters.action:
        stmt = stmt.where(AuditLog.action == filters.action)
    zone = ZoneInfo(tz_name)
    # Dates are days in the zone the page shows its times in.
    if filters.date_from:
        stmt = stmt.where(AuditLog.at >= datetime.combine(filters.date_from, time(), zone))
    if filters.date_to:
        stmt = stmt.where(AuditLog.at < datetime.combine(filters.date_to + timedelta(days=1), time(), zone))
    return stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())


@dataclass
class Page:
    rows: list
    number: int
    has_next: bool


def page(filters: Filters, *, event: Event | None = None, tz_name: str) -> Page:
    # One row more than a page tells whether there is a next one, without counting the whole table.
    stmt = query(filters, event=event, tz_name=tz_name).offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    rows = list(db.session.scalars(stmt).unique())
    return Page(rows=rows[:PAGE_SIZE], number=filters.page, has_next=len(rows) > PAGE_SIZE)


@dataclass
class Entry:
    row: AuditLog
    when: str
    text: str
    meeting: str
    tz_name: str


def entries(rows, *, event: Event | None = None) -> list[Entry]:
    """Rows ready to show: the time in the meeting's zone (with the zone), or the server's for global rows."""
    names = load_names(rows)
    events = {event.id: event} if event is not None else {}
    missing = {row.event_id for row in rows if row.event_id and row.event_id not in events}
    if missing:
        events.update({e.id: e for e in db.session.scalars(select(Event).where(Event.id.in_(missing)))})
    result = []
    for row in rows:
        meeting = events.get(row.event_id)
        tz_name = meeting.timezone if meeting else server_timezone()
        result.append(
            Entry(
                row=row,
                when=format_moment(row.at, tz_name),
                text=sentence(row, names),
                meeting=meeting.title if meeting else "",
                tz_name=tz_name,
            )
        )
    return result


def registration_history(registration: Registration) -> list[Entry]:
    """A registration's history as the participants' page shows it: the same sentences as the audit log."""
    rows = (
        db.session.scalars(
            select(AuditLog)
            .options(joinedload(AuditLog.user))
            .where(AuditLog.object_type == "Registration", AuditLog.object_id == registration.id)
            .order_by(AuditLog.at, AuditLog.id)
        )
        .unique()
        .all()
    )
    return entries(rows, event=registration.event)


def users_in_log(event: Event | None = None) -> list[User]:
    """The users the "who" filter offers: those who acted, and the accounts rows are about."""
    actors = select(AuditLog.user_id).where(AuditLog.user_id.is_not(None))
    accounts = select(AuditLog.object_id).where(AuditLog.object_type == "User", AuditLog.object_id.is_not(None))
    if event is not None:
        actors, accounts = actors.where(AuditLog.event_id == event.id), accounts.where(AuditLog.event_id == event.id)
    return list(
        db.session.scalars(
            select(User)
            .where(or_(User.id.in_(actors.distinct()), User.id.in_(accounts.distinct())))
            .order_by(User.full_name)
        )
    )


def export_csv(filters: Filters, *, event: Event | None = None, tz_name: str) -> tuple[bytes, int]:
    rows = list(db.session.scalars(query(filters, event=event, tz_name=tz_name).limit(CSV_LIMIT)).unique())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Waktu"), _("Zona"), _("Oleh"), _("Tindakan"), _("Kode"), _("Keterangan"), _("Rapat")])
    for start in range(0, len(rows), 500):
        for entry in entries(rows[start : start + 500], event=event):
            writer.writerow(
                [
                    neutralise(value)
                    for value in (
                        entry.row.at.astimezone(ZoneInfo(entry.tz_name)).strftime("%Y-%m-%d %H:%M:%S"),
                        tz_abbreviation(entry.tz_name),
                        entry.row.user.full_name if entry.row.user else _("Sistem"),
                        action_label(entry.row.action),
                        entry.row.action,
                        entry.text,
                        entry.meeting,
                    )
                ]
            )
    # A BOM so Excel opens the UTF-8 file with the right letters.
    return ("\ufeff" + out.getvalue()).encode("utf-8"), len(rows)
