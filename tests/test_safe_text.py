"""raker.safe_text.neutralise: its shortcuts (the regular expressions run only where they can match)
give what the plain rule gives on every kind of text."""

import itertools
import re

from raker.safe_text import CONTROL_CHARACTERS, FORMULA_STARTS, neutralise

AFTER_SEPARATOR = re.compile(r"([;,]\s*)(?=[=+\-@])")


def plain_rule(value, *, for_csv: bool = False):
    """The rule without shortcuts: control characters dropped, in a CSV an apostrophe after ; or , before
    a formula's start, an apostrophe before a formula's start."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if for_csv:
        value = AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


PIECES = ["", "a", " ", "=", "+", "-", "@", ";", ",", ", ", "; =", "\t", "\r", "\n", "\x1b", "\x0b", "\x00", "\x7f"]
PIECES += ["\u00a0", "\u2028", "\ud800", "é", "1", "+62812", "=SUM(A1)", "Budi"]


def test_the_shortcuts_agree_with_the_plain_rule():
    texts = ["".join(parts) for n in (1, 2, 3) for parts in itertools.product(PIECES, repeat=n)]
    assert len(texts) > 18_000
    for text in texts:
        for for_csv in (False, True):
            assert neutralise(text, for_csv=for_csv) == plain_rule(text, for_csv=for_csv), (text, for_csv)
    for value in (None, 5, 2.5, True, b"=x"):
        assert neutralise(value) is value and neutralise(value, for_csv=True) is value
