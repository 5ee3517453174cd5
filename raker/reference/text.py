"""Text helpers with no Flask dependency."""


def N_(message: str) -> str:
    """Marks a message for the translation catalogue (pybabel -k N_); it is translated where shown."""
    return message


def position_at(position: str | None, institution: str | None) -> str:
    """'Jabatan, Instansi' for a list's cell, the institution left out when the jabatan already names it
    ("Kepala Biro Organisasi Sekretariat Daerah Provinsi Kalimantan Timur" at "Biro Organisasi Sekretariat
    Daerah Provinsi Kalimantan Timur" is said once)."""
    position, institution = " ".join((position or "").split()), " ".join((institution or "").split())
    if institution and institution.casefold() in position.casefold():
        return position
    return ", ".join(part for part in (position, institution) if part)
