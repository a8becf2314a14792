"""gunicorn defaults for a small machine; override with environment variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "config.wsgi:application"


def _redacting_logger():
    """Access log lines without share-link tokens ('/share/…/' instead) or the name typed
    on a report ('who=…'): progress.share."""
    from gunicorn.glogging import Logger

    from progress.share import is_private, redact

    class RedactingLogger(Logger):
        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            for key in ("r", "U", "q", "f"):
                if isinstance(atoms.get(key), str) and is_private(atoms[key]):
                    atoms[key] = redact(atoms[key])
            return atoms

    return RedactingLogger


logger_class = _redacting_logger
