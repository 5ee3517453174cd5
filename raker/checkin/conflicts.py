"""INSERT … ON CONFLICT DO NOTHING … RETURNING id, the statement that lets a unique index decide who
is first at the door (check-ins per day, scans per nonce, attendance per session), on PostgreSQL and
SQLite alike. Core statements, cheaper than the ORM's unit of work, and they leave nothing in the
session to expire or re-read after the commit: callers build them once per database kind.

SQLAlchemy 2.0 compiles a dialect's INSERT … ON CONFLICT afresh at every execution: its
OnConflictDoNothing has no cache key, so neither has the statement. A check-in compiled both its
inserts on every scan, a third of the request's CPU. The statements built here carry the clause as
a subclass that has one (what it names: the index's columns, its WHERE, a constraint's name), in an
Insert subclass that uses it, so their SQL is compiled once per connection pool's dialect."""

from collections.abc import Callable
from typing import cast

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.visitors import InternalTraversal

from ..extensions import Model

Insert = postgresql.Insert | sqlite.Insert

_TARGET = [
    ("inferred_target_elements", InternalTraversal.dp_clauseelement_list),
    ("inferred_target_whereclause", InternalTraversal.dp_clauseelement),
]


class _PostgresqlDoNothing(postgresql.dml.OnConflictDoNothing):
    _traverse_internals = [("constraint_target", InternalTraversal.dp_string), *_TARGET]


class _SqliteDoNothing(sqlite.dml.OnConflictDoNothing):
    _traverse_internals = _TARGET


class _PostgresqlInsert(postgresql.Insert):
    inherit_cache = True  # its ON CONFLICT clause is part of the key (_post_values_clause)


class _SqliteInsert(sqlite.Insert):
    inherit_cache = True


_INSERTS: dict[str, tuple[Callable[[Table], Insert], type]] = {
    "postgresql": (_PostgresqlInsert, _PostgresqlDoNothing),
    "sqlite": (_SqliteInsert, _SqliteDoNothing),
}


def insert_or_nothing(
    model: type[Model], dialect: str, columns: tuple[str, ...], where: ColumnElement[bool] | None = None
) -> Insert:
    """The new row's id, or no row when the unique index on `columns` (partial: `where`) already
    holds one; a concurrent insert of the same key waits for the other transaction."""
    table = cast(Table, model.__table__)  # a declarative model's table is a Table
    insert, do_nothing = _INSERTS[dialect]
    # returning() is typed as a ReturningInsert; it is still the dialect's Insert subclass.
    statement = cast(Insert, insert(table).returning(table.c.id))
    # What on_conflict_do_nothing() sets, with the clause that has a cache key (see above).
    statement._post_values_clause = do_nothing(index_elements=[table.c[name] for name in columns], index_where=where)
    return statement
