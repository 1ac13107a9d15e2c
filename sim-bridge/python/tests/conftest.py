import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import os
import subprocess

import pytest


class ServerProcess:
    """A real ``python -m vlarl_bridge.server`` process; ``endpoint`` is where it listens."""

    def __init__(self, *args, bind="tcp://127.0.0.1:*"):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vlarl_bridge.server", "--bind", bind, "--log-level", "WARNING", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            cwd=str(Path(__file__).resolve().parents[1]))
        line = self.proc.stdout.readline()
        if not line.startswith("vlarl_bridge: serving"):
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line}{self.proc.stderr.read()}")
        self.endpoint = line.split(" on ")[1].split()[0]

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
