"""The baseline for ``benchmarks/registration.py`` and ``benchmarks/scans.py``: the smallest Flask app,
served by gunicorn like the real one."""
from flask import Flask, jsonify, request

app = Flask("bare")


@app.get("/")
def index() -> str:
    return "ok"


@app.post("/scan")
def scan():
    """Reads a JSON body and answers JSON, like the check-in API, with nothing behind it."""
    body = request.get_json(silent=True) or {}
    return jsonify({"status": "ok", "registration": None, "checked_in_at": None, "desk": body.get("desk")})
