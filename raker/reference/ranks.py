"""Pangkat / golongan of civil servants (PNS)."""

RANKS: tuple[tuple[str, str], ...] = (
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
)

RANK_NAMES = dict(RANKS)


def rank_label(golongan: str | None) -> str:
    """'IV/b' -> 'Pembina Tingkat I (IV/b)', as written in signature blocks."""
    if not golongan:
        return ""
    name = RANK_NAMES.get(golongan)
    return f"{name} ({golongan})" if name else golongan
