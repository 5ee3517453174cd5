"""A record's id from text (a form field, a query string), parsed in one place: "²" passes str.isdigit()
but int() refuses it, and a number past INTEGER makes the database refuse the query; both were a 500.
Either is no id here, which the caller answers as it answers an unknown one."""

MAX_ID = 2**31 - 1  # INTEGER primary keys


def id_from(value: object) -> int | None:
    """The positive id `value` spells in ASCII-or-Unicode decimal digits, else None."""
    text = "" if value is None else str(value)
    if not text.isdecimal():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def number_from(value: object, low: int, high: int) -> int | None:
    """The whole number from `low` to `high` that `value` spells (a sign allowed), else None: a form's count,
    minutes or position, by the same rule as an id ("²" and numbers past any column are no number)."""
    text = "" if value is None else str(value).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdecimal() or len(digits) > 18:
        return None
    number = int(text)
    return number if low <= number <= high else None
