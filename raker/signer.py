"""Who signs a document, as the document models carry it and the PDF and Word renderers print it: the
jabatan (which may hold "a.n. …" on a line of its own), the name (empty: a line to write it by hand),
the golongan code ("IV/b") and the NIP. Plain and domain-free, so both sides import it."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Signer:
    position: str  # "Kepala Biro Organisasi", "Ketua Panitia"
    name: str = ""
    rank: str | None = None
    nip: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping) -> "Signer":
        return cls(
            position=data.get("position") or "", name=data.get("name") or "", rank=data.get("rank"), nip=data.get("nip")
        )


def _bare_name(name: str) -> str:
    """'Dr. H. Yusmadi, M.Si.' and 'yusmadi' alike: the name without degrees, case and spacing."""
    words = " ".join((name or "").split(",")[0].split()).casefold().split()
    return " ".join(w for w in words if not w.endswith("."))


def outranks(rank: str | None, signer: Signer) -> bool:
    """Whether a PNS pangkat is above the signer's ("IV/c" over "IV/b"): a Kepala Biro does not attest
    the attendance of the Asisten he reports to. False when either is unknown or not a PNS pangkat."""
    from .reference.ranks import RANKS

    order = [code for code, _name in RANKS]
    return rank in order and signer.rank in order and order.index(rank) > order.index(signer.rank)


def position_line(signer: Signer) -> str:
    """The jabatan itself, for a "Jabatan :" row: the last line of the signer's lines, without the
    "a.n. GUBERNUR KALIMANTAN TIMUR" above it or the comma after ("SEKRETARIS DAERAH" of
    "a.n. GUBERNUR KALIMANTAN TIMUR\nSEKRETARIS DAERAH,"), written as running text when in capitals."""
    lines = [line.strip().rstrip(",") for line in (signer.position or "").splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    if last and last == last.upper():
        return " ".join(word.capitalize() for word in last.split())
    return last


def is_the_person(signer: Signer, name: str, nip: str | None) -> bool:
    """Whether the signer is the person the document is about: the same NIP when both have one, else
    the same name (degrees and case aside)."""
    if signer.nip and nip:
        return signer.nip == nip
    return bool(_bare_name(signer.name)) and _bare_name(signer.name) == _bare_name(name)
