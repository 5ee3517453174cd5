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
