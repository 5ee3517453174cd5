"""Numbered pages of a list: which rows a page shows and which page numbers the pager offers.

Shared by the participants and certificates pages (50 rows a page), so a list of 10,000 stays a page
a phone can load; the audit log pages by "newer/older" instead, not counting its whole table."""

from dataclasses import dataclass

PER_PAGE = 50


@dataclass(frozen=True)
class Pages:
    number: int  # the page shown, 1-based, never past the last
    total: int  # rows matching, on every page
    per_page: int = PER_PAGE

    @classmethod
    def of(cls, requested: int | None, total: int, per_page: int = PER_PAGE) -> "Pages":
        last = max((total + per_page - 1) // per_page, 1)
        return cls(min(max(requested or 1, 1), last), total, per_page)

    @property
    def count(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.offset + self.per_page, self.total)

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers for the pager: the first, the last and a few around this one; None for a gap."""
        wanted = {1, self.count, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.count)
        shown: list[int | None] = []
        for n in numbers:
            if shown and n - shown[-1] > 1:
                shown.append(None)
            shown.append(n)
        return shown
