"""Kemendagri region codes used for delegations (see shared/DESIGN.md)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str  # provinsi | kabupaten | kota
    seat: str  # the capital / seat of government


KALTIM_PROVINCE = Region("64", "Provinsi Kalimantan Timur", "provinsi", "Samarinda")

KALTIM_REGENCIES_AND_CITIES: tuple[Region, ...] = (
    Region("64.01", "Kabupaten Paser", "kabupaten", "Tanah Grogot"),
    Region("64.02", "Kabupaten Kutai Kartanegara", "kabupaten", "Tenggarong"),
    Region("64.03", "Kabupaten Berau", "kabupaten", "Tanjung Redeb"),
    Region("64.07", "Kabupaten Kutai Barat", "kabupaten", "Sendawar"),
    Region("64.08", "Kabupaten Kutai Timur", "kabupaten", "Sangatta"),
    Region("64.09", "Kabupaten Penajam Paser Utara", "kabupaten", "Penajam"),
    Region("64.11", "Kabupaten Mahakam Ulu", "kabupaten", "Ujoh Bilang"),
    Region("64.71", "Kota Balikpapan", "kota", "Balikpapan"),
    Region("64.72", "Kota Samarinda", "kota", "Samarinda"),
    Region("64.74", "Kota Bontang", "kota", "Bontang"),
)

# The provincial secretariat is invited alongside the ten kabupaten/kota.
KALTIM_DELEGATION_REGIONS: tuple[Region, ...] = (KALTIM_PROVINCE, *KALTIM_REGENCIES_AND_CITIES)


def region_kind_from_code(code: str) -> str | None:
    """'64' is a province, '64.01'..'64.69' a regency, '64.71'..'64.99' a city."""
    parts = code.split(".")
    if len(parts) == 1 and len(parts[0]) == 2 and parts[0].isdigit():
        return "provinsi"
    if len(parts) == 2 and all(p.isdigit() and len(p) == 2 for p in parts):
        number = int(parts[1])
        if 1 <= number <= 69:
            return "kabupaten"
        if 71 <= number <= 99:
            return "kota"
    return None
