"""A throw-away PostgreSQL cluster for the tests and the benchmark.

`PgServer.start()` runs `initdb` in a temporary directory and starts `postgres` listening on a Unix socket in
that directory only (no TCP port), with fsync off (the data is thrown away). As root, initdb refuses to run,
so the server runs as the `postgres` system user (via `runuser`). `stop()` shuts it down and deletes the
directory. When the binaries are missing or the server cannot start, `start()` raises PgUnavailable with the
reason (the fixture turns that into a skip, or a failure when PASSERELLE_REQUIRE_POSTGRES=1).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class PgUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    override = os.environ.get("PG_BINDIR")
    candidates = [override] if override else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True)
    for cand in candidates:
        if cand and (Path(cand) / "initdb").exists() and (Path(cand) / "pg_ctl").exists():
            return Path(cand)
    found = shutil.which("pg_ctl")
    if found and (Path(found).parent / "initdb").exists():
        return Path(found).parent
    raise PgUnavailable("PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PATH); "
                        "install the `postgresql` package or set PG_BINDIR")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    user: str | None  # run the server as this system user (None: as ourselves)
    port: int = 5432
    started: bool = False
    _counter: int = field(default=0, repr=False)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root

    @classmethod
    def start(cls, timeout: float = 60.0) -> PgServer:
        bindir = find_bindir()
        run_as: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                raise PgUnavailable("running as root and there is no `postgres` user to run the server as") from None
            if not shutil.which("runuser"):
                raise PgUnavailable("running as root and `runuser` is missing")
            run_as = "postgres"
        root = Path(tempfile.mkdtemp(prefix="passerelle-pg-"))
        server = cls(bindir=bindir, root=root, user=run_as)
        try:
            if run_as:
                info = pwd.getpwnam(run_as)
                os.chown(root, info.pw_uid, info.pw_gid)
            server._run([str(bindir / "initdb"), "-D", str(server.datadir), "-U", "postgres", "-A", "trust",
                         "-E", "UTF8", "--no-sync", "--locale=C"], timeout=timeout)
            options = (f"-c listen_addresses='' -c unix_socket_directories='{server.socket_dir}' -p {server.port} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            server._run([str(bindir / "pg_ctl"), "-D", str(server.datadir), "-l", str(root / "server.log"),
                         "-o", options, "-w", "-t", str(int(timeout)), "start"], timeout=timeout + 10)
            server.started = True
        except BaseException as exc:
            log = (root / "server.log").read_text(errors="replace")[-2000:] if (root / "server.log").exists() else ""
            server.stop()
            if isinstance(exc, PgUnavailable):
                raise PgUnavailable(f"{exc}\n{log}".strip()) from None
            raise
        return server

    def _run(self, cmd: list[str], timeout: float) -> str:
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PgUnavailable(f"{Path(cmd[-1]).name}: {exc}") from None
        if proc.returncode != 0:
            raise PgUnavailable(f"{' '.join(cmd[:4])}… failed ({proc.returncode}): {proc.stderr.strip()[-1500:]}")
        return proc.stdout

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+asyncpg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    async def create_database(self, name: str | None = None) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        import asyncpg

        if name is None:
            self._counter += 1
            name = f"t{os.getpid()}_{self._counter}"
        conn = await asyncpg.connect(self.dsn())
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        finally:
            await conn.close()
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(PgUnavailable):
                self._run([str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "stop"],
                          timeout=60)
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)


def start_for_test() -> PgServer:
    """A server for a test: skipped with the reason when PostgreSQL cannot start here, a failure when
    PASSERELLE_REQUIRE_POSTGRES=1 (set by .ci/run: in CI the PostgreSQL tests must run)."""
    import pytest

    try:
        return PgServer.start()
    except PgUnavailable as exc:
        if os.environ.get("PASSERELLE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required (PASSERELLE_REQUIRE_POSTGRES=1) but did not start: {exc}")
        pytest.skip(f"PostgreSQL not available: {exc}")
