"""gunicorn settings: ``gunicorn -c gunicorn.conf.py wsgi:app`` (every value can be set from the environment).

| variable | default | meaning |
| --- | --- | --- |
| ``BIND`` | ``127.0.0.1:8000`` | where gunicorn listens (nginx proxies to it) |
| ``WEB_CONCURRENCY`` | 2 × CPUs + 1 (at most 8) | worker processes |
| ``GUNICORN_THREADS`` | 1 | threads per worker |
| ``GUNICORN_TIMEOUT`` | 30 | seconds before a stuck worker is restarted (PDF exports fit well within it) |

gunicorn's access log is off: the app writes one JSON line per request on the ``rencontres.request``
logger (app/core/request_log.py), sent to standard output below (journald keeps it under systemd).
Turned on (``--access-logfile -``), it uses ``access_log_format`` below: the path without its query
string, no Referer; and like every log line of the worker it passes through the app's redaction of
tokens (app/core/request_log.py ``install_log_redaction``): ``/registration/[token]/…``.
Reverse-proxy headers (``X-Forwarded-For``/``-Proto``) are applied by the app itself (werkzeug's
ProxyFix, ``TRUSTED_PROXIES``), not by gunicorn.
"""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory held by large exports)
max_requests_jitter = 200
preload_app = False  # each worker opens its own database connections
accesslog = None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = "127.0.0.1"
# gunicorn ≥ 25 opens a control socket in $HOME by default: two app servers on one host would share it.
control_socket_disable = True

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"},
                   "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "requests": {"class": "logging.StreamHandler", "formatter": "message", "stream": "ext://sys.stdout"},
        "errors": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
    },
    "root": {"handlers": ["errors"], "level": "WARNING"},
    "loggers": {
        "rencontres.request": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "rencontres": {"handlers": ["errors"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["errors"], "level": "INFO", "propagate": False},
    },
}
