"""The team's feed farm (../shared/bench): generate it, serve it with nginx, and stop it.

`Nginx` runs exactly the configuration of /work/shared/bench/serve (read from that script, so
the two never drift) with one change: an access log, so the benchmark can count the requests
each client made. Writing one log line per request costs nginx microseconds, the same for
every client.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(os.environ.get("TALKWATCH_BENCH_SHARED", "/work/shared/bench"))
FEEDFARM = SHARED / "feedfarm.py"
SERVE = SHARED / "serve"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_farm(directory: Path, feeds: int, items: int, port: int) -> None:
    subprocess.run([sys.executable, str(FEEDFARM), str(directory), str(feeds), str(items), str(port)], check=True)


class Nginx:
    """nginx serving `directory` on 127.0.0.1:port, as `serve` does; `requests()` counts what it answered."""

    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory.resolve()
        self.port = port
        self.run = Path(tempfile.mkdtemp(prefix="tw-bench-nginx-"))
        (self.run / "logs").mkdir()
        self.log = self.run / "access.log"
        self.proc: subprocess.Popen | None = None

    def _config(self) -> str:
        script = SERVE.read_text()
        m = re.search(r"<<CONF\n(.*?)\nCONF\n", script, re.S)
        if m is None:
            raise RuntimeError(f"cannot find the nginx config in {SERVE}")
        import grp
        import pwd

        user = pwd.getpwuid(os.getuid()).pw_name
        group = grp.getgrgid(os.getgid()).gr_name
        text = m.group(1)
        text = text.replace("$(id -un)", user).replace("$(id -gn)", group)
        text = text.replace("$run", str(self.run)).replace("$dir", str(self.directory))
        text = text.replace("$port", str(self.port)).replace("\\$", "$")
        if "access_log off;" not in text:
            raise RuntimeError("serve's config changed: no 'access_log off;' to replace")
        return text.replace("access_log off;", f"access_log {self.log};")

    def __enter__(self) -> Nginx:
        conf = self.run / "nginx.conf"
        conf.write_text(self._config())
        self.proc = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(self.run)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"nginx exited: see {self.run}/logs/error.log")
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def requests(self) -> int:
        """Requests answered so far (nginx writes its log line when a response is done)."""
        try:
            with open(self.log, "rb") as f:
                return sum(1 for _ in f)
        except FileNotFoundError:
            return 0

    def statuses(self, since_line: int = 0) -> dict[str, int]:
        out: dict[str, int] = {}
        with open(self.log, "rb") as f:
            for n, line in enumerate(f):
                if n < since_line:
                    continue
                parts = line.split(b'"')
                code = parts[2].split()[0].decode() if len(parts) > 2 else "?"
                out[code] = out.get(code, 0) + 1
        return out
