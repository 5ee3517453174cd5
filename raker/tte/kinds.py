"""The official PDFs that can be signed: how each is rendered again from the meeting (the paraf
compares what it approved with what the meeting prints now) and what it is called."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Kind:
    label: str  # "Rumusan", shown in lists and on /verifikasi
    render: Callable[[object, dict], bytes]  # (event, params) -> PDF bytes
    params: tuple[str, ...] = ()  # what the secretariat types when preparing it (a chair, a Nomor, a day)
    # The blocks that must be signed, by the position printed over them; empty: every block with a name.
    required: tuple[str, ...] = ()

    def must_sign(self, place: dict) -> bool:
        if not place.get("name"):
            return False
        return not self.required or (place.get("position") or "").strip().rstrip(",") in self.required


def _exported(event, kind: str, **options) -> bytes:
    """The PDF as the pages and `flask export` make it (raker.exports.export, the one way to a file)."""
    from ..exports import export

    return export(event, kind, "pdf", **options).body


def _rumusan(event, params):
    return _exported(event, "rumusan")


def _berita_acara(event, params):
    chair = {key: params.get(f"chair_{key}", "") for key in ("position", "name", "rank", "nip")}
    return _exported(event, "berita-acara", chair=chair, number=params.get("number", ""))


def _notulen(event, params):
    return _exported(event, "minutes", final_only=True)


def _keputusan(kind):
    def render(event, params):
        return _exported(event, kind)

    return render


def _laporan(event, params):
    return _exported(event, "report")


def _undangan(event, params):
    """Every invited delegation's letter in one PDF, with the saved signer and letter date."""
    return _exported(event, "undangan")


def _daftar_hadir(event, params):
    from ..checkin.attendance import check_day

    day = date.fromisoformat(params["day"]) if params.get("day") else event.today()
    check_day(event, day)  # a day outside the meeting: refused with the day named (export() says 404)
    signer = {key: params.get(f"signer_{key}", "") for key in ("position", "name", "rank", "nip")}
    return _exported(event, "attendance", day=day, signer=signer if signer["name"] else None)


def _sertifikat(event, params):
    """Every certificate issued (not revoked), one a page: one signature by the signer printed on them,
    its stamp on every other page."""
    from flask_babel import gettext as _

    from ..certificates import services as certificates
    from ..letters import LetterRefused

    if not certificates.issued_count(event):
        raise LetterRefused(_("Belum ada sertifikat yang diterbitkan untuk rapat ini."))
    return _exported(event, "certificates")


def _keterangan(event, params):
    """The surat keterangan kehadiran of everyone who checked in, signed by the head of the secretariat
    saved in the letter settings."""
    return _exported(event, "keterangan-hadir")


KINDS: dict[str, Kind] = {
    "rumusan": Kind("Rumusan", _rumusan, required=("Ketua", "Sekretaris")),  # of the tim perumus
    "berita_acara": Kind(
        "Berita acara pengesahan rumusan",
        _berita_acara,
        ("number", "chair_position", "chair_name", "chair_rank", "chair_nip"),
    ),
    "notulen": Kind("Notulen", _notulen),
    "undangan": Kind("Surat undangan", _undangan),
    "daftar_hadir": Kind(
        "Daftar hadir", _daftar_hadir, ("day", "signer_position", "signer_name", "signer_rank", "signer_nip")
    ),
    "laporan": Kind("Laporan pelaksanaan", _laporan),
    "sk_panitia": Kind("SK panitia", _keputusan("sk-panitia")),
    "sk_tim_perumus": Kind("SK tim perumus", _keputusan("sk-tim-perumus")),
    "sertifikat": Kind("Sertifikat", _sertifikat),
    "keterangan": Kind("Surat keterangan kehadiran", _keterangan),
}
