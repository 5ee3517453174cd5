"""Indonesian number words (terbilang), as written after a figure in official letters and amounts:
25 -> 'dua puluh lima'. Pure text, no domain: letters, berita acara and honorarium share it."""

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")


def terbilang(number: int) -> str:
    """Indonesian number words, as written after a figure in official letters: 25 -> 'dua puluh lima'."""
    if number < 0:
        raise ValueError("terbilang() takes a number from 0")
    if number == 0:
        return "nol"
    if number < 12:
        return _UNITS[number]
    if number < 20:
        return f"{_UNITS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {terbilang(rest)}" if rest else "")
    if number < 1_000_000:
        thousands, rest = divmod(number, 1000)
        head = "seribu" if thousands == 1 else f"{terbilang(thousands)} ribu"
        return head + (f" {terbilang(rest)}" if rest else "")
    raise ValueError("terbilang() stops below a million")
