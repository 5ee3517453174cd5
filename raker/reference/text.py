"""Text helpers with no Flask dependency."""


def N_(message: str) -> str:
    """Marks a message for the translation catalogue (pybabel -k N_); it is translated where shown."""
    return message
