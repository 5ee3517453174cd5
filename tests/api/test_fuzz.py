"""Fuzz the OpenAPI document against the app (schemathesis, every check, positive and negative data)
with a secretariat token: no answer may be a 5xx or differ from what the document declares."""

import re
from datetime import datetime, time, timedelta

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from raker.agenda import services as agenda
from raker.auth.services import issue_token
from raker.checkin import services as checkin
from raker.events.services import add_delegation
from raker.extensions import db
from raker.registration import services as registration
from tests.factories import make_event, make_user, register

MAX_EXAMPLES = 60  # per operation and mode: about 1,500 cases, well under two minutes per database
# A 400 for schema-valid data is a lie of the document when the server names a rule the schema can say
# (required, length, type, < >); rules across fields or about meaning (NIP, dates, quota) cannot be said.
SCHEMA_RULES = re.compile(
    r"(wajib diisi|terlalu panjang|harus berupa teks|tidak boleh memuat tanda|tidak dikenal \(lihat)", re.I
)


@pytest.fixture
def target(app):
    event = make_event(slug="raker-fuzz")
    paser = add_delegation(event, {"name": "Kabupaten Paser", "region_code": "64.01"})
    people = [register(event, paser, n) for n in (1, 2)]
    for person in people:
        registration.change_state(person, "approved")
    user = make_user("sekretariat", name="Rahmawati")
    answer = checkin.redeem(
        event,
        checkin.ScanInput(
            code="RK1:" + people[0].checkin_code,
            registration_id=None,
            gate="Pintu Utama",
            nonce="fuzz-1",
            scanned_at=None,
            device="uji",
            offline=False,
        ),
        user=user,
    )
    starts = datetime.combine(event.start_date, time(9), event.tz)
    agenda.create_session(event, {"title": "Pembukaan", "starts_at": starts, "ends_at": starts + timedelta(hours=1)})
    agenda.publish(event)  # so the agenda's answer is checked against its schema too
    token = issue_token(user)
    db.session.commit()
    return {"slug": event.slug, "checkin_id": answer["checkin_id"]}, {"Authorization": f"Bearer {token}"}


def _schema_rule_refused(response) -> list[str]:
    body = response.json() if response.status_code == 400 else None
    fields = body.get("fields") if isinstance(body, dict) else None
    return [
        f"{name}: {message}"
        for name, message in (fields or {}).items()
        if SCHEMA_RULES.search(message) and " untuk " not in message
    ]  # "wajib untuk PNS": conditional


def _negates_authorization(case) -> bool:
    data = getattr(getattr(case.meta, "phase", None), "data", None)
    return any(
        "authorization" in f"{m.parameter} {m.original_value} {list(m.path)}".lower()
        for m in getattr(data, "mutations", None) or ()
        if m.parameter_location.value == "header"
    )


PARTS = 3  # the operations in three tests, so xdist's workers share the two minutes


@pytest.mark.parametrize("part", range(PARTS))
def test_every_answer_conforms_to_the_document(app, target, part):
    path_parameters, headers = target
    load_all_checks()
    # Every built-in check but positive_data_acceptance, which _schema_rule_refused replaces: after the
    # document declared closed bodies, slug and date patterns, the only schema-valid data the API refuses
    # is refused for meaning (an unknown delegation, a PNG that is none, a meeting over 31 days), which
    # OpenAPI 3.0 cannot say; a refusal naming a rule the schema can say still fails the test.
    checks = [
        check
        for check in CHECKS.get_all()
        if callable(check) and not isinstance(check, type) and check is not positive_data_acceptance
    ]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: dict[tuple, str] = {}
    cases = 0

    for index, result in enumerate(schema.get_all_operations()):
        if index % PARTS != part:
            continue
        operation = result.ok()
        params = {k: v for k, v in path_parameters.items() if "{" + k + "}" in operation.path} or None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=params)

            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
                phases=[hypothesis.Phase.generate],
            )
            @hypothesis.given(case=strategy)
            def run(case):
                nonlocal cases
                cases += 1
                # A case made by removing or spoiling the Authorization header is sent as made: the token
                # added over it would undo its one violation, and schemathesis would then call the
                # request's other, harmless part (a query parameter it left out when serialising) accepted.
                response = case.call(headers=None if _negates_authorization(case) else headers)
                where = f"{operation.method.upper()} {operation.path}"
                if response.status_code >= 500:
                    failures.setdefault((where, "5xx", response.status_code), f"{case.body!r:.300}")
                if mode is GenerationMode.POSITIVE and _schema_rule_refused(response):
                    failures.setdefault((where, "schema-valid data refused"), f"{_schema_rule_refused(response)}")
                try:
                    case.validate_response(response, checks=checks, headers=headers)
                except BaseExceptionGroup as exc:  # every failure is collected and reported together below
                    for failure in exc.exceptions:
                        if response.status_code == 413 and failure.title == "Schema-violating request accepted":
                            continue  # 413 (a batch over its maxItems, too large to read) is a refusal too
                        failures.setdefault(
                            (where, failure.title, response.status_code), f"{str(failure)[:300]} <- {case.body!r:.3000}"
                        )

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                pass  # nothing to negate (no parameters, no body)
    assert cases > 300 // PARTS
    assert not failures, "\n\n".join(f"{key}: {text}" for key, text in failures.items())
