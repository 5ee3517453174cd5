"""The bare stack's ceiling for bench/checkin.py: a Flask endpoint doing what a check-in must do at
the least — one indexed lookup (the registration by its check-in code) and one insert (a row in a
table of its own) — on the same database, through the same driver and pool, under the same gunicorn
settings and load generator as Raker's check-in. No login, no Babel, no rate limit, no ORM.

    DATABASE_URL=... gunicorn bench.bare_app:app       (bench/checkin.py starts it)
"""

import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, select

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
metadata = MetaData()
registrations = Table(
    "registrations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("checkin_code", String(40)),
    Column("full_name", String(200)),
)
scans = Table(
    "bare_scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("registration_id", Integer),
    Column("nonce", String(64)),
    Column("at", DateTime(timezone=True)),
)
metadata.create_all(engine, tables=[scans])
# gunicorn --preload forks the workers after this import: a pooled connection left open here would be
# shared by both workers (two processes on one socket: "server closed the connection unexpectedly").
engine.dispose()

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    with engine.connect() as conn:
        conn.execute(select(1))
    return {"status": "ok"}


@app.post("/bare/checkins")
def checkin():
    data = request.get_json(silent=True) or {}
    code = str(data.get("code", "")).removeprefix("RK1:")
    with engine.begin() as conn:
        row = conn.execute(
            select(registrations.c.id, registrations.c.full_name).where(registrations.c.checkin_code == code)
        ).first()
        if row is None:
            return jsonify({"status": "invalid"}), 200
        conn.execute(
            insert(scans).values(registration_id=row.id, nonce=str(data.get("nonce", ""))[:64], at=datetime.now(UTC))
        )
    return jsonify({"status": "ok", "name": row.full_name}), 201
