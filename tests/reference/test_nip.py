from datetime import UTC, date, datetime

import pytest
import time_machine

from raker.reference.nip import NipError, format_nip, parse_nip
from raker.reference.ranks import rank_label
from raker.reference.regions import KALTIM_DELEGATION_REGIONS, region_kind_from_code

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("raw", ["198609262015051001", "19860926 201505 1 001", " 19860926  201505 1 001 "])
def test_valid_nip_normalised(raw):
    assert parse_nip(raw, today=TODAY) == "198609262015051001"


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("19860926201505100", "18 angka"),  # 17 digits
        ("1986092620150510011", "18 angka"),  # 19 digits
        ("19860926201505100A", "18 angka"),
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "18 angka"),  # Arabic-Indic digits: digits, but not a NIP's
        ("²" * 18, "18 angka"),  # superscripts are str.isdigit() too
        ("198602302015051001", "tanggal lahir"),  # 30 February
        ("203001012015051001", "tidak masuk akal"),  # born in the future
        ("198609262015131001", "Bulan TMT"),  # month 13
        ("198609262015001001", "Bulan TMT"),  # month 00
        ("198609262030051001", "masa depan"),  # TMT in the future
        ("198609262000051001", "usia 18"),  # TMT at age 13
        ("198609262015053001", "jenis kelamin"),  # gender 3
        ("198609262015051000", "000"),  # sequence 000
    ],
)
def test_invalid_nip_says_why(raw, reason):
    with pytest.raises(NipError, match=reason):
        parse_nip(raw, today=TODAY)


def test_pppk_number_accepted_without_month_rule():
    pppk = "199003152022212003"  # digits 13-14 are "21": not a month, fine for PPPK
    with pytest.raises(NipError):
        parse_nip(pppk, today=TODAY)
    assert parse_nip(pppk, pppk=True, today=TODAY) == pppk


def test_format_nip_grouped():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"


def test_rank_label_as_in_signature_blocks():
    assert rank_label("IV/b") == "Pembina Tingkat I (IV/b)"
    assert rank_label("III/a") == "Penata Muda (III/a)"


def test_region_codes():
    assert region_kind_from_code("64") == "provinsi"
    assert region_kind_from_code("64.01") == "kabupaten"
    assert region_kind_from_code("64.74") == "kota"
    assert region_kind_from_code("64.70") is None
    assert region_kind_from_code("6401") is None
    codes = [r.code for r in KALTIM_DELEGATION_REGIONS]
    assert codes == ["64", "64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"]


@time_machine.travel(datetime(2026, 8, 31, 15, 30, tzinfo=UTC), tick=False)  # 00.30 WIT on 1 September
def test_a_tmt_of_this_month_counts_from_the_first_hour_of_the_month_in_indonesia():
    # The server's date is still 31 August; in Papua (and at 23.30 WITA) September has begun.
    assert parse_nip("19980101 202609 1 001") == "199801012026091001"
    with pytest.raises(NipError, match="masa depan"):
        parse_nip("19980101 202610 1 001")
