"""A faithful fake of a ManiSkill3 ``BaseEnv`` (mani-skill 3.0.1, mani_skill/envs/sapien_env.py), the
subset the bridge uses, for tests where ManiSkill (and torch) are not installed or no GPU exists.

Mirrored: ``num_envs``, ``device``, ``single_action_space`` (``low``/``high``), batched
``reset(seed=list, options={"env_idx": ...})`` that seeds one generator with the *first* seed of the
list and draws the initial states of the reset sub-envs in order (as ``torch.manual_seed(
episode_seed[0])`` + ``_initialize_episode(env_idx)`` do), ``step`` that steps every sub-env and
returns ``(obs, reward, terminated, truncated, info)`` with ``info["success"]``/``["fail"]``, tensor
outputs (``.detach().cpu().numpy()``), ``obs_mode`` ``state`` (``[N, D]``) or ``rgb`` (``agent.qpos``
and ``sensor_data[camera]["rgb"]``), and the bridge tasks' ``get_language_instruction()``.

Task: a point in 3-D moved by ``0.1 * action[:3]``; success within 0.12 of a goal; state
``[p, g]``.
"""

import numpy as np


class FakeTensor:
    def __init__(self, a):
        self.a = np.asarray(a)

    def detach(self):
        return self

    def cpu(self):
        return self

    def numpy(self):
        return self.a


class Box:
    def __init__(self, low, high):
        self.low, self.high = np.asarray(low, np.float32), np.asarray(high, np.float32)


class FakeManiSkillEnv:
    device = "cpu"

    def __init__(self, num_envs=4, obs_mode="state", size=8, action_low=-1.0, action_high=1.0, language=False):
        self.num_envs = num_envs
        self.obs_mode = obs_mode
        self.size = size
        self.single_action_space = Box([action_low] * 4, [action_high] * 4)
        self.p = np.zeros((num_envs, 3))
        self.g = np.zeros((num_envs, 3))
        if language:  # only some tasks (the bridge digital twins) have instructions
            self.get_language_instruction = lambda: [f"reach goal {i}" for i in range(self.num_envs)]
        self.received = []

    def _obs(self):
        if self.obs_mode == "state":
            return FakeTensor(np.concatenate([self.p, self.g], 1).astype(np.float32))
        n, s = self.num_envs, self.size
        img = np.zeros((n, s, s, 3), np.uint8)
        img[:, :, :, 0] = (np.clip(self.p[:, 0], -1, 1) * 100 + 100).astype(np.uint8)[:, None, None]
        qpos = np.concatenate([self.p, np.zeros((n, 6))], 1).astype(np.float32)
        return {"agent": {"qpos": FakeTensor(qpos)},
                "sensor_data": {"base_camera": {"rgb": FakeTensor(img)}, "hand_camera": {"rgb": FakeTensor(255 - img)}}}

    def reset(self, seed=None, options=None):
        options = options or {}
        idx = np.asarray(options.get("env_idx", np.arange(self.num_envs))).reshape(-1)
        if seed is not None and not np.iterable(seed):  # an int seeds like a one-element list
            seed = [seed]
        rng = np.random.RandomState(int(seed[0]) if seed is not None else 0)
        for i in idx:
            self.p[i] = rng.uniform(-0.5, 0.5, 3)
            self.g[i] = self.p[i] + rng.choice([-1, 1], 3) * 0.15 * np.eye(3)[rng.randint(3)]
        return self._obs(), {}

    def step(self, action):
        a = np.asarray(action, np.float32)
        self.received.append(a.copy())
        self.p = self.p + 0.1 * a[:, :3]
        d = np.linalg.norm(self.p - self.g, axis=1)
        success = d < 0.12
        return (self._obs(), FakeTensor(-d), FakeTensor(success), FakeTensor(np.zeros(self.num_envs, bool)),
                {"success": FakeTensor(success), "fail": FakeTensor(np.zeros(self.num_envs, bool))})

    def close(self):
        pass
