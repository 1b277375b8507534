"""A throwaway PostgreSQL server for the store tests.

The binaries are found, in this order, in ``$COMMUNIQUE_PG_BIN``, on ``PATH`` (``pg_ctl``), or in
Debian's ``/usr/lib/postgresql/<version>/bin`` (newest version first); ``scripts/ensure-postgres.sh``
(run by ``make test``) installs Debian's ``postgresql`` package when none is there. The server runs
from a temporary directory on 127.0.0.1 and a free port, with trust authentication, and is stopped
when the test session ends. PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` user (Debian's package creates it) or ``nobody``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_bin() -> Path | None:
    configured = os.environ.get("COMMUNIQUE_PG_BIN")
    if configured and (Path(configured) / "pg_ctl").exists():
        return Path(configured)
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name), reverse=True
    ) if Path("/usr/lib/postgresql").is_dir() else []  # fmt: skip
    return versions[0].parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run_as() -> str | None:
    """The unprivileged user to run the server as when we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as")


@dataclass
class PostgresServer:
    bin: Path
    directory: Path
    port: int
    user: str | None

    def _command(self, *args: str) -> list[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        return ["runuser", "-u", self.user, "--", *command] if self.user else command

    def _call(self, *args: str) -> None:
        result = subprocess.run(self._command(*args), capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    @classmethod
    def start(cls, bin_dir: Path) -> PostgresServer:
        directory = Path(tempfile.mkdtemp(prefix="communique-pg-"))
        user = _run_as()
        if user:
            entry = pwd.getpwnam(user)
            os.chown(directory, entry.pw_uid, entry.pw_gid)
        server = cls(bin_dir, directory, _free_port(), user)
        data = directory / "data"
        server._call("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {server.port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        server._call("pg_ctl", "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start")
        return server

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._call("pg_ctl", "-D", str(self.directory / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)
