import os

import numpy as np

STEP_LOG = []
# a step whose action[5] is exactly this raises, as a simulator failure would (a test hook)
FAIL_ACTION_5 = 0.123


class OffScreenRenderEnv:
    def __init__(self, bddl_file_name, camera_heights=128, camera_widths=128, **kwargs):
        assert bddl_file_name.endswith(".bddl") and os.sep + "fake_suite" + os.sep in bddl_file_name, bddl_file_name
        self.task = os.path.basename(bddl_file_name)
        self.h, self.w = camera_heights, camera_widths
        self.pos = np.zeros(3)
        self.goal = np.zeros(3)
        self.grip = -1.0

    def seed(self, seed):
        pass

    def reset(self):
        self.pos[:] = 0
        return self._obs()

    def set_init_state(self, state):
        self.pos = np.array(state[:3], np.float64)
        self.goal = np.array(state[3:6], np.float64)
        return self._obs()

    def step(self, action):
        action = np.asarray(action, np.float64)
        assert action.shape == (7,)
        if action[5] == FAIL_ACTION_5:
            # test hook, not LIBERO's: a simulator failure inside step (MuJoCo raises on unstable states)
            raise RuntimeError("fake MuJoCo failure")
        STEP_LOG.append((self.task, action.copy()))
        self.pos = self.pos + 0.05 * np.clip(action[:3], -1, 1)
        self.grip = float(action[6])
        done = bool(np.linalg.norm(self.pos - self.goal) < 0.03)
        return self._obs(), 1.0 if done else 0.0, done, {}

    def _obs(self):
        img = np.zeros((self.h, self.w, 3), np.uint8)
        img[:, :, 0] = np.linspace(0, 200, self.w, dtype=np.uint8)[None, :]
        img[0, 0] = 255
        opening = 0.04 if self.grip < 0 else 0.0
        return {"agentview_image": img, "robot0_eye_in_hand_image": img[::-1].copy(),
                "robot0_eef_pos": self.pos.copy(), "robot0_eef_quat": np.array([0.0, 0.0, 0.0, 1.0]),
                "robot0_gripper_qpos": np.array([opening, -opening])}

    def close(self):
        pass
