"""Pangkat / golongan: PNS have pangkat I/a–IV/e; PPPK have their own golongan I–XVII (Perpres
No. 98 Tahun 2020), printed "Golongan IX". Both live in the same rank column: a PNS code always has
a slash, a PPPK one never."""

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

RANK_NAMES = dict(RANKS)  # PNS pangkat only: signers of official letters are PNS

PPPK_GOLONGAN: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)


def ranks_for(asn_status: str | None) -> tuple[str, ...]:
    """The codes a person of this employment status may hold: pangkat for PNS, golongan for PPPK."""
    if asn_status == "pns":
        return tuple(RANK_NAMES)
    if asn_status == "pppk":
        return PPPK_GOLONGAN
    return ()


def is_known_rank(code: str | None) -> bool:
    return code in RANK_NAMES or code in PPPK_GOLONGAN


def normalise_rank(raw: str | None) -> str:
    """What people type or an export wrote, as a code: 'iii/A' -> 'III/a', 'Penata Muda (III/a)' -> 'III/a',
    'Golongan IX' / 'gol. ix' -> 'IX'."""
    import re

    text = " ".join((raw or "").split())
    in_brackets = re.search(r"\(\s*([IVivx]+\s*/\s*[a-eA-E])\s*\)", text)  # "Penata Muda (III/a)" as we export it
    if in_brackets:
        text = in_brackets.group(1)
    compact = text.replace(" ", "")
    if "/" in compact:  # "iii/A" -> "III/a"
        roman, _sep, letter = compact.partition("/")
        return f"{roman.upper()}/{letter.lower()}"
    golongan = re.fullmatch(r"(?:gol(?:ongan)?\.?)?([IVXivx]+)", compact, flags=re.IGNORECASE)
    if golongan and golongan.group(1).upper() in PPPK_GOLONGAN:
        return golongan.group(1).upper()
    return compact


def rank_label(golongan: str | None) -> str:
    """'IV/b' -> 'Pembina Tingkat I (IV/b)', as written in signature blocks; a PPPK's 'IX' -> 'Golongan IX'."""
    if not golongan:
        return ""
    if golongan in PPPK_GOLONGAN:
        return f"Golongan {golongan}"
    name = RANK_NAMES.get(golongan)
    return f"{name} ({golongan})" if name else golongan
