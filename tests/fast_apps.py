"""What the suite's apps share. The suite builds an app for nearly every test (about 1,500 a run), and
two things each app did again were most of the per-test overhead:

- werkzeug compiles two URL builders per rule (Python source assembled as an AST, then compiled): 80 %
  of create_app's time. A builder is a pure function of the rule's parsed parts, its defaults, its
  converters' kinds and whether unknown arguments are appended — it reaches the converters through its
  `self` argument, bound per rule — so the same rule compiles to the same code in every app, and the
  functions are kept across apps (werkzeug is pinned in requirements.txt);
- Jinja compiles each template the first time each app renders it: every app gets one shared in-memory
  bytecode cache (Jinja's own mechanism; the source's checksum is part of the entry);
- every commit waited for the disk (SQLite's fsync in WAL mode, PostgreSQL's WAL flush): the test
  databases are thrown away, so their commits return once the database has them, not the disk
  (SQLite `synchronous=OFF`, PostgreSQL `synchronous_commit=off`: what a commit means to other
  connections, locking and isolation are unchanged).

tests/test_fast_apps.py checks that both give what the app would make without them."""

import sqlite3

from jinja2 import BytecodeCache
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing.rules import Rule

_compile = Rule._compile_builder
_builders: dict = {}


def _cached_builder(self, append_unknown: bool = True):
    key = (
        self.rule,
        self.subdomain,
        self.host,
        tuple(self._trace),
        tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items())),
        tuple(sorted((k, type(c)) for k, c in self._converters.items())),
        append_unknown,
    )
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile(self, append_unknown)
    return builder


def _no_waiting_for_the_disk(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
    else:  # psycopg: committed, or the pool's rollback on return would undo the SET
        dbapi_connection.execute("SET synchronous_commit TO off")
        dbapi_connection.commit()


def install() -> None:
    Rule._compile_builder = _cached_builder  # type: ignore[method-assign]
    event.listen(Engine, "connect", _no_waiting_for_the_disk)


def uninstall() -> None:
    Rule._compile_builder = _compile  # type: ignore[method-assign]
    event.remove(Engine, "connect", _no_waiting_for_the_disk)


class SharedTemplates(BytecodeCache):
    """Jinja's bytecode cache in a dict, shared by the run's apps (same environment settings)."""

    def __init__(self):
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        data = self.entries.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplates()


def share_templates(app) -> None:
    app.jinja_env.bytecode_cache = TEMPLATES
