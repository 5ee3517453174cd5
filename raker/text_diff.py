"""Two texts compared word by word, each kept as typed (line breaks and spaces stay), with the words
only one of them has marked: the stored version shows what the other drops, the other what it adds.
For screens that show two versions side by side (the notulen edit conflict)."""
import difflib
import re
from dataclasses import dataclass

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
