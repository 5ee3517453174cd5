"""The server's log (raker/logs.py): JSON lines in production, plain lines in development, and the
records an operator follows — mail sent and failed, refused scans, state changes, jobs — with ids and
states as fields, never a name or an address."""

import json
import logging

from raker import logs
from raker.checkin import services as checkin
from raker.checkin.services import ScanInput
from raker.events.services import add_delegation
from raker.mail import send_pending
from raker.registration import services as registration
from tests.factories import make_event, register


def _records(caplog, logger: str, message: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == logger and r.getMessage() == message]


def test_production_logs_json_lines_and_development_plain_ones(app_factory):
    production = app_factory(RAKER_ENV="production", PUBLIC_BASE_URL="https://raker.example.go.id", TESTING=False)
    [handler] = [h for h in logging.getLogger("raker").handlers if h.get_name() == "raker"]
    assert production.config["LOG_JSON"] is True and isinstance(handler.formatter, logs.JsonFormatter)
    record = logging.LogRecord("raker.mail", logging.WARNING, __file__, 1, "mail failed", (), None)
    record.message_id, record.status = 7, "pending"
    line = json.loads(handler.formatter.format(record))
    assert line["level"] == "WARNING" and line["logger"] == "raker.mail" and line["message"] == "mail failed"
    assert (line["message_id"], line["status"]) == (7, "pending") and line["time"].endswith("+00:00")
    app_factory(RAKER_ENV="development", TESTING=False)  # replaces the handler, never adds a second
    [handler] = [h for h in logging.getLogger("raker").handlers if h.get_name() == "raker"]
    assert isinstance(handler.formatter, logs.PlainFormatter)
    assert handler.formatter.format(record).endswith("raker.mail: mail failed (message_id=7 status=pending)")
    app_factory()  # the tests' own app: no handler of ours, records go to pytest
    assert not [h for h in logging.getLogger("raker").handlers if h.get_name() == "raker"]


def test_mail_sent_and_failed_are_logged_without_the_address(app_factory, smtp_server, caplog):
    caplog.set_level(logging.INFO, logger="raker")
    mailbox, port = smtp_server
    for smtp_port, outcome in ((1, "mail failed"), (port, "mail sent")):  # nothing listens on port 1
        app = app_factory(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_port)
        with app.app_context():
            event = make_event()
            paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
            register(event, paser, 1)
            send_pending()
            [record] = _records(caplog, "raker.mail", outcome)
            assert record.event_id == event.id and record.kind.startswith("registration")
            assert "peserta1@" not in caplog.text
            [job] = _records(caplog, "raker.mail", "outbox job done")[-1:]
            assert job.job == "outbox"
        caplog.clear()


def test_refused_scans_and_state_changes_are_logged(app, caplog):
    caplog.set_level(logging.INFO, logger="raker")
    event = make_event()
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    person = register(event, paser, 1)
    registration.change_state(person, "approved")
    [change] = [r for r in _records(caplog, "raker.audit", "state change") if r.to_state == "approved"]
    assert (change.object_type, change.object_id, change.event_id) == ("Registration", person.id, event.id)
    assert checkin.redeem(event, ScanInput(code="RK1:NOPE", gate="Pintu Utama"))["status"] == "invalid"
    assert checkin.redeem(event, ScanInput(code="RK1:" + person.checkin_code, gate="Pintu Utama"))["status"] == "ok"
    [refused] = _records(caplog, "raker.checkin.services", "scan refused")
    assert (refused.status, refused.gate, refused.event_id) == ("invalid", "Pintu Utama", event.id)
    assert person.full_name not in caplog.text
