"""Control characters in text: refused at the door (forms, query strings, JSON, import) and
dropped by every writer that cannot hold them (XLSX, DOCX XML).

PostgreSQL refuses NUL in text (a 500 before this guard), XML 1.0 (XLSX, DOCX) refuses the other
C0 controls, and ESC sequences in a name would colour a terminal reading a log or a CSV. Tab,
line feed and carriage return are ordinary text in a multi-line field and stay allowed. Lone
surrogates (JSON "\\ud800") cannot be encoded as UTF-8 for the database either."""

import re

# C0 controls except \t \n \r, DEL, UTF-16 surrogates (only reachable through JSON escapes), the
# noncharacters U+FFFE and U+FFFF, which XML 1.0 refuses too (one in a name failed every XLSX export),
# and the bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): text in
# Latin script never needs them, and a name or a vote's question could be shown reversed with them
# ("Trojan Source"; a probe stored one in the plenary's public state).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def strip_control_characters(value):
    """The text without the characters above; anything that is not a string unchanged."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def first_bad_field(pairs) -> str | None:
    """The name of the first (name, value) pair whose name or text value holds a control character."""
    for name, value in pairs:
        if has_control_characters(name) or (isinstance(value, str) and has_control_characters(value)):
            return name
    return None


def json_bad_path(document) -> str | None:
    """The dotted path of the first string (or key) in a JSON document holding a control character.
    Walked without recursion: a deeply nested body must not overflow the stack."""
    stack = [(document, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                return path or "body"
        elif isinstance(value, dict):
            if any(has_control_characters(str(key)) for key in value):
                return path or "body"
            stack.extend((item, f"{path}.{key}" if path else str(key)) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]") for index, item in reversed(list(enumerate(value))))
    return None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel opening a CSV with the Indonesian list separator (;) splits a cell at ; (and some set-ups
# at ,): what follows starts a cell of its own and would run as a formula.
FORMULA_AFTER_SEPARATOR = re.compile(r"([;,]\s*)(?=[=+\-@])")


def neutralise(value, *, for_csv: bool = False):
    """A text cell as plain text in every writer (XLSX, CSV): a formula (=, +, -, @ … at the start;
    in a CSV also after ; or ,) gets a leading apostrophe, and control characters are dropped
    (XML cannot hold them: openpyxl raises IllegalCharacterError on ESC or VT)."""
    if not isinstance(value, str):
        return value
    # Every cell of a 10,000-row export passes here: the regular expressions run only where they can
    # match (a printable text holds no control character; no separator, nothing after one).
    if not value.isprintable() and CONTROL_CHARACTERS.search(value):
        value = CONTROL_CHARACTERS.sub("", value)
    if for_csv and ("," in value or ";" in value) and FORMULA_AFTER_SEPARATOR.search(value):
        value = FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
