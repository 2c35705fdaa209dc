"""Real servers for the whole-app tests: gunicorn serving the app, and a PostgreSQL cluster of the test's own.

Nothing here is a mock: the app runs in gunicorn worker processes on 127.0.0.1 and talks to a real
database; the PostgreSQL cluster is Debian's server, started (and restarted) by the test itself.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.registration import Gunicorn, free_port, request

ROOT = Path(__file__).resolve().parents[2]


def http_request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None,
                 timeout: float = 30.0) -> tuple[int, dict[str, str], bytes]:
    """One request on a new loopback connection; header names in lower case."""
    status, response_headers, response_body = request(port, method, path, body=body, headers=headers,
                                                      timeout=timeout)
    return status, {name.lower(): value for name, value in response_headers}, response_body


def post_json(port: int, path: str, payload: dict, headers: dict | None = None, timeout: float = 30.0):
    return http_request(port, "POST", path, body=json.dumps(payload).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})}, timeout=timeout)


class AppServer(Gunicorn):
    """``gunicorn wsgi:app`` (the benchmarks' runner) on the given database, ready when this returns."""

    def __init__(self, database_url: str, secret_key: str, instance_path: Path, *, workers: int = 2,
                 extra_env: dict[str, str] | None = None) -> None:
        Path(instance_path).mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
               "INSTANCE_PATH": str(instance_path), "SESSION_COOKIE_SECURE": "false",
               "RATELIMIT_ENABLED": "false", "MAIL_SEND_AFTER_REQUEST": "false", **(extra_env or {})}
        env.pop("TEST_DATABASE_URL", None)
        super().__init__("wsgi:app", env, ROOT, Path(instance_path) / "gunicorn.log", workers=workers)
        try:
            self.wait_until_ready("/")
        except RuntimeError:
            self.stop()
            raise


def postgres_binaries() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return versions[-1].parent if versions else None


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free port), so that the
    test may restart it without disturbing the server the rest of the suite uses."""

    def __init__(self) -> None:
        self.bin = postgres_binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="rencontres-pg-"))
        self.data = self.folder / "data"
        self.as_postgres = os.geteuid() == 0  # the server refuses to run as root
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *arguments: str, check: bool = True) -> None:
        command = [str(self.bin / program), *arguments]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)

    def _ctl(self, action: str, *options: str, check: bool = True) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "30", "-l", str(self.folder / "server.log"),
                  *options, action, check=check)

    def start(self) -> None:
        self._ctl("start", "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off")

    def stop_for_a_moment(self, seconds: float) -> None:
        """Stop the server at once (every connection is cut), stay down ``seconds``, then start it again."""
        self._ctl("stop", "-m", "fast")
        time.sleep(seconds)
        self.start()

    def stop(self) -> None:
        self._ctl("stop", "-m", "immediate", check=False)  # it may be stopped already
        shutil.rmtree(self.folder, ignore_errors=True)
