"""The libero backend against the fake LIBERO package (tests/fake_libero_pkg), in worker processes;
and OpenVLA's preprocessing functions."""

import argparse
import math

import numpy as np
import pytest

from vlarl_bridge.backends import libero


def make(*argv):
    p = argparse.ArgumentParser()
    libero.add_arguments(p)
    return libero.create(p.parse_args(["--libero-package", "fake_libero_pkg", *argv]))


def test_rotate_resize_gripper_axisangle():
    img = np.arange(2 * 2 * 1, dtype=np.uint8).reshape(2, 2, 1) * 100  # [[0, 100], [200, 300->44]]
    np.testing.assert_array_equal(libero.rotate180(img)[..., 0], img[::-1, ::-1, 0])
    # bilinear 2x2 -> 4x4 with aligned pixel centres: the corners keep their values, the middle mixes
    img = np.array([[0, 100], [100, 200]], np.uint8)[..., None]
    big = libero.resize(img, 4)[..., 0]
    assert big[0, 0] == 0 and big[3, 3] == 200 and big[0, 3] == 100
    assert big[1, 1] == 50  # 0.75*0.75*0 + 2*0.75*0.25*100 + 0.25*0.25*200 = 50
    assert libero.resize(img, 2) is img
    a = np.array([[0, 0, 0, 0, 0, 0, 0.7], [0, 0, 0, 0, 0, 0, -0.2], [0, 0, 0, 0, 0, 0, 0.0]], np.float32)
    np.testing.assert_array_equal(libero.openvla_gripper(a)[:, -1], [-1, 1, 1])  # +1 = open -> LIBERO -1
    np.testing.assert_allclose(libero.quat2axisangle(np.array([0, 0, 0, 1.0])), [0, 0, 0])
    s = math.sin(math.pi / 4)
    np.testing.assert_allclose(libero.quat2axisangle(np.array([0, 0, s, s])), [0, 0, math.pi / 2], atol=1e-6)


def test_episodes_tasks_and_initial_states():
    env = make("--num-envs", "3", "--workers", "2", "--render-size", "16", "--image-size", "8", "--max-steps", "12")
    try:
        s = env.spec
        assert s.tasks == ["pick_up_the_bowl", "open_the_drawer"] and s.horizons == [12, 12]
        assert s.observation.proprio_dim == 8 and s.action_dim == 7
        # seed -> task seed mod 2, initial state (seed div 2) mod 3
        obs = env.reset([0, 1, 5], np.arange(3), {})
        assert obs["instructions"] == ["pick up the bowl", "open the drawer", "open the drawer"]
        np.testing.assert_array_equal(obs["task_ids"], [0, 1, 1])
        assert obs["image"].shape == (3, 8, 8, 3)
        # rotated by 180 degrees: the gradient now decreases left to right, the white corner is bottom-right
        assert obs["image"][0, 0, 0, 0] > obs["image"][0, 0, -1, 0]
        # proprio: eef position at the origin, no rotation, gripper open after the settle no-ops
        np.testing.assert_allclose(obs["proprio"][0], [0, 0, 0, 0, 0, 0, 0.04, -0.04])
        # sub-env 0 (goal x = 0.1): two pushes of +x reach it; the 3rd action of the chunk is not executed
        a = np.zeros((3, 4, 7), np.float32)
        a[0, :, 0] = 1.0
        a[:, :, 6] = -1.0  # policy's "close" -> LIBERO +1
        out = env.step(a)
        assert out["terminated"][0] and out["steps"][0] == 2 and out["reward"][0] == 1.0
        np.testing.assert_allclose(out["final_obs"]["proprio"][0, :3], [0.1, 0, 0], atol=1e-9)
        assert out["final_obs"]["proprio"][0, 6] == 0.0  # closed
        assert list(out["steps"][1:]) == [4, 4]
        assert list(out["done_envs"]) == [0]
    finally:
        env.close()


def test_unknown_task_ids_are_refused():
    with pytest.raises(ValueError, match="--task-ids: 7 is not a task of libero_spatial"):
        make("--num-envs", "1", "--task-ids", "7")


def test_a_worker_failure_leaves_the_other_workers_in_step():
    # sub-envs 0 and 2 belong to worker 0, sub-env 1 to worker 1; worker 0's env fails in the step
    # (the fake's hook), worker 1 answers normally: both answers must be read before the error is
    # raised, or every later command would read the answer meant for the one before it
    env = make("--num-envs", "3", "--workers", "2", "--render-size", "16", "--image-size", "8", "--max-steps", "12")
    try:
        env.reset([0, 1, 2], np.arange(3), {})
        bad = np.zeros((3, 1, 7))  # float64, so that the hook's value arrives exactly
        bad[0, 0, 5] = 0.123
        with pytest.raises(RuntimeError, match="LIBERO worker 0: RuntimeError: fake MuJoCo failure"):
            env.step(bad)
        # the client resets after the error; the workers answer their own commands again
        obs = env.reset([0, 1, 5], np.arange(3), {})
        assert obs["instructions"] == ["pick up the bowl", "open the drawer", "open the drawer"]
        out = env.step(np.zeros((3, 1, 7), np.float32))
        assert list(out["steps"]) == [1, 1, 1] and not out["terminated"].any()
    finally:
        env.close()
