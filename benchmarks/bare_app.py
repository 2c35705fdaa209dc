"""The baselines for ``benchmarks/registration.py`` and ``benchmarks/scans.py``: the smallest Flask app,
served by gunicorn like the real one.

``POST /scan`` touches no database; ``POST /insert`` sends one ``INSERT … ON CONFLICT DO NOTHING RETURNING``
to the PostgreSQL database of ``DATABASE_URL`` (table ``bench_baseline_scan``, made by benchmarks/scans.py),
in its own transaction, through a plain SQLAlchemy engine per worker: what a scan cannot do without."""
import os

import sqlalchemy as sa
from flask import Flask, jsonify, request

app = Flask("bare")
_engine: sa.Engine | None = None
INSERT = sa.text("INSERT INTO bench_baseline_scan (desk, nonce) VALUES (:desk, :nonce) "
                 "ON CONFLICT (desk, nonce) DO NOTHING RETURNING id")
TABLE = ("CREATE TABLE IF NOT EXISTS bench_baseline_scan (id serial PRIMARY KEY, desk varchar(20) NOT NULL, "
         "nonce varchar(80) NOT NULL, UNIQUE (desk, nonce))")


def engine() -> sa.Engine:
    global _engine
    if _engine is None:
        url = os.environ["DATABASE_URL"]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        _engine = sa.create_engine(url)
    return _engine


@app.get("/")
def index() -> str:
    return "ok"


@app.post("/scan")
def scan():
    """Reads a JSON body and answers JSON, like the check-in API, with nothing behind it."""
    body = request.get_json(silent=True) or {}
    return jsonify({"status": "ok", "registration": None, "checked_in_at": None, "desk": body.get("desk")})


@app.post("/insert")
def insert():
    """The same, with one INSERT … ON CONFLICT DO NOTHING RETURNING committed on PostgreSQL."""
    body = request.get_json(silent=True) or {}
    with engine().begin() as connection:
        row_id = connection.execute(INSERT, {"desk": body.get("desk"), "nonce": body.get("nonce")}).scalar()
    return jsonify({"status": "ok" if row_id else "already_checked_in", "registration": None,
                    "checked_in_at": None, "desk": body.get("desk")})
