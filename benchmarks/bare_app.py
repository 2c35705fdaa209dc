"""The baseline for ``benchmarks/registration.py``: the smallest Flask app, served by gunicorn like the real one."""
from flask import Flask

app = Flask("bare")


@app.get("/")
def index() -> str:
    return "ok"
