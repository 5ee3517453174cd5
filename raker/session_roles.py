"""How a document names someone's part in a session, for the agenda's renderers and the domains alike
(plain and domain-free): "Narasumber: Dwiyoga P. Soediarto" under a paparan, but only the name under a
sambutan or the laporan, whose acara already says what the person does ("Sambutan Bupati Paser",
"Laporan Penyelenggara oleh Kepala Biro Organisasi"): they are no narasumber, and an official reading
"Narasumber: Yusmadi" under his own report would strike it out."""

ROLE_TITLES = {
    "narasumber": "Narasumber",
    "moderator": "Moderator",
    "notulis": "Notulis",
    "pembawa_acara": "Pembawa Acara",
}
# The parts of the ceremony where the one who speaks is named by the acara itself.
CEREMONIAL_KINDS = frozenset({"pembukaan", "laporan", "sambutan", "penutupan"})


def role_title(role: str, kind: str) -> str:
    """The word before a name in the agenda ('' when the acara says it), Indonesian: official documents."""
    if role == "narasumber" and kind in CEREMONIAL_KINDS:
        return ""
    return ROLE_TITLES.get(role, role)


def with_role(name: str, role: str, kind: str) -> str:
    """'Dwiyoga P. Soediarto (Narasumber)', or the name alone where role_title() is ''."""
    title = role_title(role, kind)
    return f"{name} ({title})" if title else name
