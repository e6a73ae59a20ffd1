"""Run a command against a throwaway PostgreSQL server on loopback.

    python tools/pg_scratch.py -- .venv/bin/python -m pytest -q

Starts a new cluster in a temporary directory (initdb, password authentication on 127.0.0.1 only,
fsync off: the data dies with the run), runs the command with AOS_TEST_POSTGRES set to a URL of
it, then stops the server and deletes the directory, and exits with the command's code. The
server binaries come from PATH or Debian's /usr/lib/postgresql/*/bin (apt-get install
postgresql). PostgreSQL refuses to run as root, so as root the server runs as the `postgres`
user. With AOS_TEST_POSTGRES already set, the command simply runs against that server.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile


def binaries() -> str:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        sys.exit("pg_scratch: no PostgreSQL server binaries (apt-get install postgresql)")
    return os.path.dirname(candidates[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        sys.exit(__doc__)
    if os.environ.get("AOS_TEST_POSTGRES"):
        return subprocess.call(command)
    bindir, port = binaries(), free_port()
    root = tempfile.mkdtemp(prefix="aos-pg-")
    os.chmod(root, 0o755)
    data = os.path.join(root, "data")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    run = lambda args: subprocess.run(as_server_user(args), check=True, stdout=subprocess.DEVNULL)
    try:
        # Loopback TCP checks passwords (scram-sha-256), as a team's server would: the tests of
        # failed logins need it, and every message of the suite is then checked with a password
        # in its URL. The socket in the scratch directory stays trusted for the server's own user.
        password = secrets.token_urlsafe(12)
        pwfile = os.path.join(root, "pwfile")
        with open(pwfile, "w") as f:
            f.write(password + "\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres")
        run([f"{bindir}/initdb", "-D", data, "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}",
             "-U", "postgres", "-E", "UTF8", "--no-sync"])  # fmt: skip
        os.remove(pwfile)
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")  # fmt: skip
        run([f"{bindir}/pg_ctl", "-D", data, "-o", options, "-l", os.path.join(root, "server.log"), "-w", "start"])
        env = dict(os.environ, AOS_TEST_POSTGRES=f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres")
        return subprocess.call(command, env=env)
    finally:
        subprocess.run(as_server_user([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
