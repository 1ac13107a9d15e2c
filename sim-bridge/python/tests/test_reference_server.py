"""The reference server as a real process, through the Python client and raw sockets."""

import subprocess
import sys
import time
from pathlib import Path

import msgpack
import numpy as np
import pytest
import zmq

from golden_cases import GOLDEN
from vlarl_bridge import codec
from vlarl_bridge.codec import WireError
from vlarl_bridge.operations import EnvRequests
from vlarl_bridge.autoreset import AutoResetEnv
from vlarl_bridge.backends.reference import ReachSimulator
from vlarl_bridge.client import Client, RemoteError, ServerLost
from vlarl_bridge.spec import next_seed


def test_next_seed_matches_java():
    # values printed by Java's AutoResetVectorEnv.nextSeed
    assert [next_seed(s) for s in (0, 1, -5, 123456789012345, -2**63)] == [
        7905728728188956330, 8037428539430452699, 3055511734840608033, -684608135637355462, 1542628428334363360]


def test_reference_env_rules():
    env = AutoResetEnv(ReachSimulator(2, horizon=3, max_chunk=4))
    obs = env.reset([5, 5], np.arange(2), {})
    np.testing.assert_array_equal(obs["state"][0], obs["state"][1])  # same seed, same episode
    p, g = obs["state"][0, :3], obs["state"][0, 3:6]
    # sub-env 0 heads for the target at full speed along the unit direction; sub-env 1 stands still
    d = (g - p) / np.abs(g - p).max()
    a = np.zeros((2, 4, 4), np.float32)
    a[0, :, :3] = d
    out = env.step(a)
    # the horizon (3) ends both episodes inside the 4-step chunk unless sub-env 0 succeeded first
    assert out["steps"][1] == 3 and out["truncated"][1]
    assert list(out["done_envs"]) == [0, 1]
    assert out["episodes"]["length"][1] == 3
    np.testing.assert_array_equal(out["final_obs"]["state"][1], obs["state"][1])
    # both restarted from next_seed(5): identical again
    np.testing.assert_array_equal(out["obs"]["state"][0], out["obs"]["state"][1])


def test_sub_envs_stepped_without_a_reset_go_on_to_different_episodes():
    # before the first reset, sub-env i counts as started from seed i (as in Java's
    # AutoResetVectorEnv), so the episodes after the first auto-reset differ
    env = AutoResetEnv(ReachSimulator(2, horizon=3, max_chunk=4))
    out = env.step(np.zeros((2, 3, 4), np.float32))
    assert list(out["done_envs"]) == [0, 1]
    want = AutoResetEnv(ReachSimulator(2, horizon=3, max_chunk=4)).reset([next_seed(0), next_seed(1)], np.arange(2), {})
    np.testing.assert_array_equal(out["obs"]["state"], want["state"])


def test_a_step_observes_all_sub_envs_once_also_when_episodes_end():
    class Counting(ReachSimulator):
        full = 0

        def observe(self, env_idx=None):
            if env_idx is None:
                Counting.full += 1
            return super().observe(env_idx)

    env = AutoResetEnv(Counting(2, horizon=1, max_chunk=4))
    env.reset([1, 2], np.arange(2), {})
    assert Counting.full == 1
    out = env.step(np.zeros((2, 1, 4), np.float32))  # the horizon (1) ends both episodes
    assert list(out["done_envs"]) == [0, 1]
    assert Counting.full == 2, "the auto-reset and the step's result observed all sub-envs once, together"


def test_seeds_out_of_int64_range_are_a_bad_request():
    # seeds as a plain msgpack list (a Python client's unsigned 64-bit values, say): refused as the
    # request's fault, before the env changes
    requests = EnvRequests(AutoResetEnv(ReachSimulator(2, horizon=3, max_chunk=4)))
    for seeds in ([1 << 63, 0], [0, -(1 << 63) - 1]):
        with pytest.raises(WireError) as e:
            requests.execute("reset", {"seeds": seeds})
        assert e.value.code == "BAD_REQUEST" and "does not fit a signed 64-bit integer" in e.value.message
    assert requests.execute("reset", {"seeds": [(1 << 63) - 1, -(1 << 63)]})["obs"]["state"].shape[0] == 2


def test_client_and_server_process(start_server):
    s = start_server("--backend", "reference", "--num-envs", "4")
    with Client(s.endpoint, heartbeat=0.1, liveness=3) as c:
        assert c.num_envs == 4 and c.action_dim == 4
        assert c.hello["server_name"].endswith("(reference)")
        obs = c.reset(seeds=[1, 2, 3, 1])
        np.testing.assert_array_equal(obs["state"][0], obs["state"][3])
        assert len(obs["instructions"]) == 4
        out = c.step(np.zeros((4, 2, 4), np.float32))
        assert list(out["steps"]) == [2, 2, 2, 2]
        np.testing.assert_array_equal(out["obs"]["state"], obs["state"])  # zero actions: nothing moves
        part = c.reset(seeds=[7], env_idx=[2])
        np.testing.assert_array_equal(part["state"][[0, 1, 3]], obs["state"][[0, 1, 3]])
        with pytest.raises(RemoteError, match="outside \\[-1, 1\\]") as e:
            c.step(np.full((4, 1, 4), 2.0, np.float32))
        assert e.value.code == "BAD_REQUEST"
        with pytest.raises(RemoteError, match="expected \\[4, chunk, 4\\]"):
            c.step(np.zeros((4, 9, 4), np.float32))
        with pytest.raises(RemoteError, match="\\['teleport'\\] are not supported by this backend") as e:
            c.reset(seeds=[1, 2, 3, 4], options={"teleport": True})
        assert e.value.code == "BAD_REQUEST"


def test_rgb_observations_travel_as_frames(start_server):
    s = start_server("--backend", "reference", "--num-envs", "3", "--obs-mode", "rgb", "--image-size", "96")
    with Client(s.endpoint) as c:
        obs = c.reset(seeds=[1, 2, 3])
        assert obs["image"].shape == (3, 96, 96, 3) and obs["image"].dtype == np.uint8
        assert obs["proprio"].shape == (3, 4)
        assert (obs["image"][..., 0] == 220).any()  # the red target is drawn


def raw_call(endpoint, frames):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(endpoint)
    sock.send_multipart([b""] + frames)
    assert sock.poll(5000), "no reply"
    reply = sock.recv_multipart()
    sock.close()
    return codec.decode(reply[1:], 1 << 30)


@pytest.mark.parametrize("frames,code,words", [
    ([b"\xc1\x00"], "BAD_MESSAGE", "undecodable"),
    ([msgpack.packb({"v": 1, "op": "fly", "id": 1})], "UNKNOWN_OP", "'fly'"),
    ([msgpack.packb({"v": 2, "op": "hello", "id": 1})], "UNSUPPORTED_VERSION", "2"),
    ([(GOLDEN / "object_array.msgpack").read_bytes()], "OBJECT_ARRAY", "refused"),
    ([msgpack.packb({"pad": b"x" * 3_000_000})], "TOO_LARGE", "exceeds the limit"),
    # frames that each fit but together do not (dropped as they arrive), and too many frames
    ([msgpack.packb({"v": 1, "op": "step", "id": 1})] + [b"x" * 100_000] * 25, "TOO_LARGE",
     "exceeds the limit of 2097152 bytes"),
    ([msgpack.packb({"v": 1, "op": "step", "id": 1})] + [b"x"] * 70, "BAD_MESSAGE", "message of 71 frames; at most 64"),
    ([msgpack.packb({"v": 1, "op": "step", "id": 1, "session": 1, "server": "nope"})], "WRONG_SERVER", "restarted"),
])
def test_garbage_gets_error_replies_and_the_server_serves_on(start_server, frames, code, words):
    s = start_server("--backend", "reference", "--num-envs", "2", "--max-request-mb", "2")
    with Client(s.endpoint) as good:
        good.reset(seeds=[0, 1])
        r = raw_call(s.endpoint, frames)
        assert r["ok"] is False and r["error"]["code"] == code and words in r["error"]["message"], r
        assert list(good.step(np.zeros((2, 1, 4), np.float32))["steps"]) == [1, 1]


def test_wrong_dtypes_and_shapes(start_server):
    s = start_server("--backend", "reference", "--num-envs", "2")
    with Client(s.endpoint) as c:
        with pytest.raises(RemoteError, match="body.actions must be <f4, got <f8"):
            c.call("step", {"actions": np.zeros((2, 1, 4), np.float64)})
        with pytest.raises(RemoteError, match="body.actions has shape \\[2, 4\\]"):
            c.call("step", {"actions": np.zeros((2, 4), np.float32)})
        with pytest.raises(RemoteError, match="body.env_idx 5 is outside"):
            c.reset(seeds=[1], env_idx=[5])
        with pytest.raises(RemoteError, match="not supported by this backend"):
            c.reset(seeds=[1, 2], options={"reconfigure": True})


def test_heartbeats_and_restart(start_server):
    s = start_server("--backend", "reference", "--num-envs", "2", "--step-delay-ms", "800")
    with Client(s.endpoint, heartbeat=0.1, liveness=3, retries=1) as c:
        c.reset(seeds=[0, 1])
        t0 = time.monotonic()
        c.step(np.zeros((2, 1, 4), np.float32))  # 0.8 s > 0.3 s of allowed silence: pongs keep it alive
        assert time.monotonic() - t0 >= 0.8
        port = s.endpoint
        s.kill()
        s2 = start_server("--backend", "reference", "--num-envs", "2", bind=port)
        with pytest.raises(ServerLost):
            c.step(np.zeros((2, 1, 4), np.float32))
        assert s2.endpoint == port


def test_a_taken_address_is_a_clear_error(start_server):
    s = start_server("--backend", "reference", "--num-envs", "2")
    second = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--backend", "reference", "--bind", s.endpoint],
                            capture_output=True, text=True, timeout=60, cwd=str(Path(__file__).resolve().parents[1]))
    assert second.returncode == 2
    assert f"error: cannot bind {s.endpoint}" in second.stderr and "is another server running there?" in second.stderr
    assert "Traceback" not in second.stderr, second.stderr
    with Client(s.endpoint) as c:  # the first server serves on
        c.reset(seeds=[0, 1])


@pytest.mark.parametrize("mb", ["0", "-1", "0.0001"])
def test_a_request_limit_nothing_fits_is_refused_at_startup(mb):
    r = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--max-request-mb", mb],
                       capture_output=True, text=True, timeout=60, cwd=str(Path(__file__).resolve().parents[1]))
    assert r.returncode == 2
    assert f"argument --max-request-mb: must be at least 1 KiB (1/1024 MiB), got {mb}" \
        in r.stderr, r.stderr


def test_sessions_whose_request_executes_are_not_forgotten():
    # the retry state alone (no sockets): MAX_SESSIONS sessions with a request queued or running,
    # then a newcomer; neither the newcomer nor the executing ones may be forgotten
    from collections import OrderedDict

    from vlarl_bridge.server import EXECUTE, MAX_SESSIONS, Server

    srv = Server.__new__(Server)
    srv.sessions = OrderedDict()
    for other in range(MAX_SESSIONS):
        assert srv._admit(other, 1, b"route")[0] == EXECUTE
    assert srv._admit(1000, 1, b"route")[0] == EXECUTE
    assert srv._finish(1000, 1, [b"reply"], False) == b"route"
    assert srv._finish(0, 1, [b"reply"], False) == b"route"
    # finished sessions beyond the limit are forgotten, least recently used first
    srv._admit(2000, 1, b"route")
    assert 0 not in srv.sessions and 1000 in srv.sessions and 2000 in srv.sessions
