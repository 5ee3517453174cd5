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


def _rumusan(event, params):
    from ..rumusan.document import rumusan_pdf

    return rumusan_pdf(event)


def _berita_acara(event, params):
    from ..rumusan.berita_acara import export

    chair = {key: params.get(f"chair_{key}", "") for key in ("position", "name", "rank", "nip")}
    return export(event, "pdf", chair=chair, number=params.get("number", ""))


def _notulen(event, params):
    from ..minutes.services import export

    return export(event, "pdf", final_only=True)


def _keputusan(kind):
    def render(event, params):
        from ..panitia.keputusan import export

        return export(event, kind, "pdf")

    return render


def _laporan(event, params):
    from ..report.document import render

    return render(event, "pdf")


def _undangan(event, params):
    from ..invitations.services import export_invitations

    return export_invitations(event, "pdf")


def _daftar_hadir(event, params):
    from ..checkin.attendance import export

    day = date.fromisoformat(params["day"]) if params.get("day") else event.today()
    signer = {key: params.get(f"signer_{key}", "") for key in ("position", "name", "rank", "nip")}
    return export(event, "pdf", day=day, signer=signer if signer["name"] else None)


def _sertifikat(event, params):
    """Every certificate issued (not revoked), one a page: one signature by the signer printed on them,
    its stamp on every other page."""
    from flask_babel import gettext as _

    from ..certificates import services as certificates
    from ..letters import LetterRefused

    issued = certificates.issued(event)
    if not issued:
        raise LetterRefused(_("Belum ada sertifikat yang diterbitkan untuk rapat ini."))
    return certificates.render(event, issued, "pdf")


def _keterangan(event, params):
    """The surat keterangan kehadiran of everyone who checked in, signed by the head of the secretariat
    saved in the letter settings."""
    from ..checkin import keterangan

    return keterangan.export(event, keterangan.ever_checked_in(event), "pdf")


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
    "sk_panitia": Kind("SK panitia", _keputusan("panitia")),
    "sk_tim_perumus": Kind("SK tim perumus", _keputusan("perumus")),
    "sertifikat": Kind("Sertifikat", _sertifikat),
    "keterangan": Kind("Surat keterangan kehadiran", _keterangan),
}
