"""`aos serve`: the seed's REST API (WordPress-style, under /wp-json/agency-os-ai/v1) over the
same SQLite file as the CLI. FastAPI and uvicorn come with the `server` extra and are imported
only here, inside the functions that need them."""

from __future__ import annotations

import ipaddress
import socket

from aostime.errors import AosError

INSTALL_HINT = "aos serve needs the server extra: pip install 'aostime[server]'"


class MissingExtra(AosError):
    """FastAPI or uvicorn is not installed (a usage problem: exit 2)."""

    exit_code = 2
    slug = "missing_extra"


def check_extra() -> None:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise MissingExtra(INSTALL_HINT) from None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves, so that a taken port is one clear error line."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise AosError(f"cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        hint = "; pick another with --port" if exc.errno in (98, 48) else ""
        raise AosError(f"cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None
    sock.set_inheritable(True)
    return sock


def serve(db_path: str, host: str, port: int, access_log: bool = True, as_json: bool = False, workers: int = 1,
          max_body: int = 1024 * 1024, public_docs: bool = False) -> None:  # fmt: skip
    """Migrate the file once, bind, and run until Ctrl-C (or SIGTERM). Logs, access log included,
    go to stderr; stdout carries only the --json document saying where the API listens."""
    import copy
    import json
    import os
    import sys

    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from aostime.render.console import message, warn
    from aostime.server.app import WORKER_DATABASE, WORKER_OPTIONS, create_app
    from aostime.server.common import API_PREFIX
    from aostime.storage import open_storage
    from aostime.storage import shown as shown_database

    open_storage(db_path).close()
    if not is_loopback(host):
        warn(
            f"listening on {host}, beyond this machine: anyone who can reach it may try tokens, "
            "and HTTP is not encrypted (put a TLS proxy in front)"
        )
    sock = listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    url = f"http://{shown}:{bound}{API_PREFIX}"
    message(f"Serving the aostime API at {url} (database {shown_database(db_path)}); Ctrl-C stops")
    if as_json:
        from aostime.render.json import write

        write(
            {"url": url, "host": host, "port": bound, "database": shown_database(db_path), "pid": os.getpid()},
            sys.stdout,
        )
        sys.stdout.flush()
    logging = copy.deepcopy(LOGGING_CONFIG)
    logging["handlers"]["access"]["stream"] = "ext://sys.stderr"
    # One line per request from server/guard.py (request id, method, path, status, duration;
    # never a header, so never a token), in place of uvicorn's access log.
    logging["loggers"]["aostime.requests"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    app_options = {"max_body": max_body, "public_docs": public_docs, "access_log": access_log}
    options = {
        "host": host.strip("[]"), "port": bound, "log_level": "info", "access_log": False,
        "log_config": logging, "use_colors": False if os.environ.get("NO_COLOR") else None,
        "server_header": False, "proxy_headers": False,
    }  # fmt: skip
    if workers > 1:
        # Worker processes are spawned and build their own app (and connection pool) by name.
        from uvicorn.supervisors import Multiprocess

        os.environ[WORKER_DATABASE] = db_path
        os.environ[WORKER_OPTIONS] = json.dumps(app_options)
        config = uvicorn.Config(f"{__name__}.app:app_for_worker", factory=True, workers=workers, **options)
        Multiprocess(config, sockets=[sock]).run()
        return
    uvicorn.Server(uvicorn.Config(create_app(db_path, **app_options), **options)).run(sockets=[sock])
