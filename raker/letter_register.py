"""The register of letters sent out (buku agenda surat keluar): the serial ({n} of a Nomor pattern) of each
letter Raker numbers one by one, given in order the first time the letter is printed and kept after. A
letter printed again, alone from a participant's link or in a delegation's batch, keeps its Nomor; the
numbers of a kind run 1, 2, 3 in the order the letters were first made, without the gaps the ids left."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import LetterNumber

ATTEMPTS = 3  # two printings racing for the same next serial: the loser reads the winner's and goes on


def serials(event, kind: str, subjects: Sequence[str]) -> dict[str, int]:
    """subject -> serial for each given subject, new ones registered in the order given. Commits: a Nomor
    printed on a letter is given out, even when the file is then not downloaded."""
    for attempt in range(ATTEMPTS):
        known = _known(event, kind, subjects)
        missing = [s for s in dict.fromkeys(subjects) if s not in known]
        if not missing:
            return known
        last = db.session.scalar(
            select(func.max(LetterNumber.serial)).where(LetterNumber.event_id == event.id, LetterNumber.kind == kind)
        )
        for serial, subject in enumerate(missing, start=(last or 0) + 1):
            db.session.add(LetterNumber(event_id=event.id, kind=kind, subject=subject, serial=serial))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _known(event, kind: str, subjects: Sequence[str]) -> dict[str, int]:
    rows = db.session.execute(
        select(LetterNumber.subject, LetterNumber.serial).where(
            LetterNumber.event_id == event.id, LetterNumber.kind == kind, LetterNumber.subject.in_(list(subjects))
        )
    ).all()
    return {subject: serial for subject, serial in rows}
