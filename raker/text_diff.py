"""Texts compared, for the notulen and the rumusan alike: side by side word by word (`sides`: each kept as
typed, line breaks and spaces stay, with the words only one of them has marked — the notulen edit
conflict), inline word by word (`word_diff`: a rumusan item's versions) and line by line (`line_diff`:
the whole rumusan between two moments)."""

import difflib
import re
from dataclasses import dataclass, field

_TOKENS = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool  # only in this side


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].changed == segment.changed:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.changed)
        else:
            merged.append(segment)
    return merged


def sides(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """(old's segments, new's segments); whitespace between changed words is marked with them."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    words_a, words_b = [t for t in a if not t.isspace()], [t for t in b if not t.isspace()]
    changed_a, changed_b = [True] * len(words_a), [True] * len(words_b)
    for block in difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            changed_a[block.a + k] = changed_b[block.b + k] = False

    def segments(tokens: list[str], changed: list[bool]) -> list[Segment]:
        out, n = [], 0
        for token in tokens:
            if token.isspace():
                # a space inside a changed run belongs to it; a line break never is marked
                inside = 0 < n < len(changed) and changed[n - 1] and changed[n] and "\n" not in token
                out.append(Segment(token, inside))
            else:
                out.append(Segment(token, changed[n]))
                n += 1
        return _merge(out)

    return segments(a, changed_a), segments(b, changed_b)


@dataclass
class Diff:
    parts: list[tuple[str, str]] = field(default_factory=list)  # ("equal"|"delete"|"insert", words)

    @property
    def text(self) -> str:
        """'kalimat [−lama−] {+baru+} kalimat' — readable in plain text."""
        out = []
        for op, words in self.parts:
            out.append(words if op == "equal" else f"[−{words}−]" if op == "delete" else f"{{+{words}+}}")
        return " ".join(out)

    @property
    def removed(self) -> list[str]:
        return [w for op, w in self.parts if op == "delete"]

    @property
    def added(self) -> list[str]:
        return [w for op, w in self.parts if op == "insert"]


def word_diff(old: str, new: str) -> Diff:
    a, b = (old or "").split(), (new or "").split()
    diff = Diff()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            diff.parts.append(("equal", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            diff.parts.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            diff.parts.append(("insert", " ".join(b[j1:j2])))
    return diff


def line_diff(old: str, new: str) -> list[str]:
    """Whole-document diff, line by line: '  same', '− removed', '+ added'."""
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("? "):
            continue
        mark = {"- ": "− ", "+ ": "+ "}.get(line[:2], "  ")
        lines.append(mark + line[2:])
    return lines
