"""tests/fast_apps.py hands every app of the suite the URL builders compiled for an earlier app and one
shared Jinja bytecode cache: what they give must be what each app would make itself."""

from flask import url_for

from tests import fast_apps


def _same(one, other) -> bool:
    a, b = one.__code__, other.__code__
    return (a.co_code, a.co_consts, a.co_names, a.co_varnames) == (b.co_code, b.co_consts, b.co_names, b.co_varnames)


def test_every_rule_gets_the_builder_werkzeug_compiles_for_it(app_factory):
    app_factory()  # fills the cache, as the tests before this one do
    application = app_factory()
    rules = list(application.url_map.iter_rules())
    assert len(rules) > 200
    for rule in rules:
        for append_unknown, built in ((False, rule._build), (True, rule._build_unknown)):
            own = fast_apps._compile(rule, append_unknown)
            assert _same(built.__func__, own), rule.rule


def test_urls_build_as_without_the_cache(app_factory):
    application = app_factory()
    with application.test_request_context():
        cached = url_for("agenda.session_ics", slug="raker-2026", session_id=7, x="a b")
    fast_apps.uninstall()
    try:
        plain = app_factory()
        with plain.test_request_context():
            assert url_for("agenda.session_ics", slug="raker-2026", session_id=7, x="a b") == cached
    finally:
        fast_apps.install()
    assert cached == "/events/raker-2026/agenda/sessions/7.ics?x=a+b"


def test_a_template_from_the_shared_cache_renders_as_compiled_afresh(app_factory):
    cached = [app_factory(), app_factory()]  # the second renders from what the first compiled
    own = app_factory()
    own.jinja_env.bytecode_cache = None  # this one compiles its templates itself
    pages = [application.test_client().get("/login").get_data(as_text=True) for application in (*cached, own)]
    assert fast_apps.TEMPLATES.entries
    # Everything before the form's token (which differs per app) is the same page.
    before_token = [page.split('name="csrf_token"')[0] for page in pages]
    assert before_token[0] == before_token[1] == before_token[2] and "<form" in pages[0]


def test_the_test_databases_commit_without_waiting_for_the_disk(app):
    from sqlalchemy import text

    from raker.extensions import db

    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == 0  # OFF
    else:
        assert db.session.execute(text("SHOW synchronous_commit")).scalar() == "off"
