import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import os
import subprocess
import threading

import pytest


class ServerProcess:
    """A real ``python -m vlarl_bridge.server`` process; ``endpoint`` is where it listens."""

    def __init__(self, *args, bind="tcp://127.0.0.1:*"):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vlarl_bridge.server", "--bind", bind, "--log-level", "WARNING", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=str(Path(__file__).resolve().parents[1]))
        seen = []
        line = self.proc.stdout.readline()
        while line and not line.startswith("vlarl_bridge: serving"):  # simulators may print first
            seen.append(line)
            line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            raise RuntimeError(f"server did not start: {''.join(seen)}{self.proc.stderr.read()}")
        self.endpoint = line.split(" on ")[1].split()[0]
        for stream in (self.proc.stdout, self.proc.stderr):  # keep the pipes from filling up
            threading.Thread(target=stream.read, daemon=True).start()

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_server():
    started = []

    def start(*args, **kw):
        s = ServerProcess(*args, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false")
