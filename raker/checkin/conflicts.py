"""INSERT … ON CONFLICT DO NOTHING … RETURNING id, the statement that lets a unique index decide who
is first at the door (check-ins per day, scans per nonce, attendance per session), on PostgreSQL and
SQLite alike. Core statements, cheaper than the ORM's unit of work, and they leave nothing in the
session to expire or re-read after the commit: callers build them once per database kind."""

from collections.abc import Callable
from typing import cast

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import Model

Insert = postgresql.Insert | sqlite.Insert

_INSERTS: dict[str, Callable[[Table], Insert]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_or_nothing(
    model: type[Model], dialect: str, columns: tuple[str, ...], where: ColumnElement[bool] | None = None
) -> Insert:
    """The new row's id, or no row when the unique index on `columns` (partial: `where`) already
    holds one; a concurrent insert of the same key waits for the other transaction."""
    table = cast(Table, model.__table__)  # a declarative model's table is a Table
    statement = _INSERTS[dialect](table)
    return statement.on_conflict_do_nothing(
        index_elements=[table.c[name] for name in columns], index_where=where
    ).returning(table.c.id)
