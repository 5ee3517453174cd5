"""One way to change a state: raker/transitions.py checks the table, sets the state and writes the audit row;
no other module of raker/ assigns a state column."""

import ast
from pathlib import Path

import pytest

from raker.transitions import transition

RAKER = Path(__file__).resolve().parent.parent / "raker"
STATE_ATTRIBUTES = {"state"}
# A background job's state is the queue's own bookkeeping (queued, running, done, failed, expired), like
# an outbox message's delivery status: no audit row per step; what the secretariat did is audited
# where the job starts ("job.started", the export's own action).
BOOKKEEPING = {RAKER / "jobs" / "services.py"}


def _state_assignments(tree: ast.AST) -> list[int]:
    """Lines that set a state attribute: `x.state = …` (also in a tuple), `setattr(x, "state", …)`,
    `update(…).values(state=…)`."""
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for part in ast.walk(target):
                if (
                    isinstance(part, ast.Attribute)
                    and part.attr in STATE_ATTRIBUTES
                    and isinstance(part.ctx, ast.Store)
                ):
                    lines.append(node.lineno)
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if (
                name == "setattr"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in STATE_ATTRIBUTES
            ):
                lines.append(node.lineno)
            if name == "values" and (
                any(k.arg in STATE_ATTRIBUTES for k in node.keywords)
                or any(
                    isinstance(arg, ast.Dict)
                    and any(isinstance(k, ast.Attribute) and k.attr in STATE_ATTRIBUTES for k in arg.keys)
                    for arg in node.args
                )
            ):
                lines.append(node.lineno)
    return lines


def test_no_state_is_set_outside_the_helper():
    found = []
    for path in sorted(RAKER.rglob("*.py")):
        if (path.name == "transitions.py" and path.parent == RAKER) or path in BOOKKEEPING:
            continue
        for line in _state_assignments(ast.parse(path.read_text(encoding="utf-8"))):
            found.append(f"{path.relative_to(RAKER.parent)}:{line}")
    assert found == []


def test_the_scan_sees_each_way_of_setting_a_state():
    source = (
        "a.state = 'x'\n"
        "b.version, b.state = 2, 'y'\n"
        "setattr(c, 'state', 'z')\n"
        "db.session.execute(update(M).values(state='w'))\n"
        "db.session.execute(update(M).values({M.state: 'v'}))\n"
        "d.status = 'ok'\n"
        "e = M(state='draft')\n"
    )
    assert _state_assignments(ast.parse(source)) == [1, 2, 3, 4, 5]


class Refused(Exception):
    pass


class Thing:
    id = 7
    event_id = None
    state = "draft"


def test_transition_checks_the_table_sets_the_state_and_records(app):
    from raker.extensions import db
    from raker.models import AuditLog

    table = {"draft": {"final"}, "final": {"draft"}}
    thing = Thing()
    with app.app_context():
        left = transition(
            thing,
            "final",
            table,
            by=None,
            audit_action="thing.finalize",
            refuse=lambda a, b: Refused(f"{a} -> {b}"),
            revision=3,
        )
        assert (left, thing.state) == ("draft", "final")
        row = next(o for o in db.session.new if isinstance(o, AuditLog))
        assert (row.action, row.object_type, row.object_id, row.from_state, row.to_state, row.details) == (
            "thing.finalize",
            "Thing",
            7,
            "draft",
            "final",
            {"revision": 3},
        )
        with pytest.raises(Refused, match="final -> final"):
            transition(
                thing,
                "final",
                table,
                by=None,
                audit_action="thing.finalize",
                refuse=lambda a, b: Refused(f"{a} -> {b}"),
            )
        assert thing.state == "final"
        db.session.rollback()
