"""The ``reference`` backend: a numpy-only reach task, for tests and demos.

Each sub-env is a point gripper at ``p`` in the cube ``[-1, 1]^3`` and a target ``g`` drawn with
the gripper from the episode's seed (``numpy.random.default_rng(seed mod 2^64)``: same seed, same
episode). An action ``[dx, dy, dz, gripper]`` in ``[-1, 1]`` moves the gripper by ``0.1 * d``
(clipped to the cube); the gripper value is kept in the proprio only. Success when
``|p - g| < 0.1``; dense reward = decrease of the distance + 1 on success. Observations: ``state``
= ``[p, g, g - p]`` (9), or in ``rgb`` mode a top-down image (target red, gripper blue, its
brightness showing height) with proprio ``[p, gripper]`` (4); every sub-env has an instruction
naming the target's colour word.
"""

from __future__ import annotations

import numpy as np

from ..autoreset import AutoResetEnv, BatchSimulator
from ..spec import MASK64, EnvSpec, ObservationSpec

COLOURS = ("red", "crimson", "scarlet")
SUCCESS_RADIUS = 0.1
STEP = 0.1


def add_arguments(p):
    g = p.add_argument_group("reference backend")
    g.add_argument("--num-envs", type=int, default=16, help="sub-envs N (default: 16)")
    g.add_argument("--obs-mode", choices=("state", "rgb"), default="state", help="observations (default: state)")
    g.add_argument("--image-size", type=int, default=64, help="image side in rgb mode (default: 64)")
    g.add_argument("--horizon", type=int, default=40, help="max steps per episode (default: 40)")
    g.add_argument("--max-chunk", type=int, default=8, help="longest action chunk (default: 8)")
    g.add_argument("--ignore-terminations", action="store_true", help="run every episode to its horizon")
    g.add_argument("--step-delay-ms", type=float, default=0.0,
                   help="sleep this long in every step, to emulate a slow simulator (default: 0)")


def create(args) -> AutoResetEnv:
    sim = ReachSimulator(args.num_envs, args.obs_mode, args.image_size, args.horizon, args.max_chunk)
    return AutoResetEnv(sim, terminate_on_success=True, ignore_terminations=args.ignore_terminations,
                        step_delay_s=args.step_delay_ms / 1e3)


class ReachSimulator(BatchSimulator):
    def __init__(self, n: int, obs_mode: str = "state", image_size: int = 64, horizon: int = 40,
                 max_chunk: int = 8):
        if n < 1:
            raise ValueError(f"--num-envs must be at least 1, got {n}")
        if not 8 <= image_size <= 1024:
            raise ValueError(f"--image-size must be in [8, 1024], got {image_size}")
        if horizon < 1 or max_chunk < 1:
            raise ValueError("--horizon and --max-chunk must be positive")
        self.n = n
        self.rgb = obs_mode == "rgb"
        self.size = image_size
        obs = (ObservationSpec(image_height=image_size, image_width=image_size, proprio_dim=4, instructions=True)
               if self.rgb else ObservationSpec(state_dim=9, instructions=True))
        self.spec = EnvSpec(name=f"reference-reach[{obs_mode}]", num_envs=n, observation=obs, action_dim=4,
                            max_chunk=max_chunk, action_names=["dx", "dy", "dz", "gripper"], tasks=["reach"],
                            horizons=[horizon])
        self.horizon = horizon
        self.p = np.zeros((n, 3), np.float32)
        self.g = np.zeros((n, 3), np.float32)
        self.grip = np.zeros(n, np.float32)
        self.colour = np.zeros(n, np.int64)
        self.dist = np.zeros(n, np.float32)

    def reset_envs(self, env_idx, seeds, options):
        for i, s in zip(env_idx, seeds):
            rng = np.random.default_rng(int(s) & MASK64)
            self.p[i] = rng.uniform(-0.8, 0.8, 3)
            self.g[i] = rng.uniform(-0.8, 0.8, 3)
            self.colour[i] = rng.integers(len(COLOURS))
            self.grip[i] = 0.0
        self.dist[env_idx] = np.linalg.norm(self.g[env_idx] - self.p[env_idx], axis=1)

    def step_envs(self, actions, active):
        a = actions.astype(np.float32)
        moved = np.clip(self.p + STEP * a[:, :3], -1, 1)
        self.p = np.where(active[:, None], moved, self.p).astype(np.float32)
        self.grip = np.where(active, a[:, 3], self.grip).astype(np.float32)
        dist = np.linalg.norm(self.g - self.p, axis=1).astype(np.float32)
        success = dist < SUCCESS_RADIUS
        reward = (self.dist - dist) + success.astype(np.float32)
        self.dist = np.where(active, dist, self.dist).astype(np.float32)
        return reward.astype(np.float32), success, np.zeros(self.n, bool)

    def horizons(self):
        return np.full(self.n, self.horizon, np.int64)

    def task_ids(self):
        return np.zeros(self.n, np.int32)

    def observe(self, env_idx=None):
        idx = np.arange(self.n) if env_idx is None else np.asarray(env_idx)
        out = {}
        if self.rgb:
            out["image"] = self.render(idx)
            out["proprio"] = np.concatenate([self.p[idx], self.grip[idx, None]], axis=1).astype(np.float32)
        else:
            out["state"] = np.concatenate([self.p[idx], self.g[idx], self.g[idx] - self.p[idx]], axis=1).astype(np.float32)
        out["instructions"] = [f"move the gripper to the {COLOURS[c]} marker" for c in self.colour[idx]]
        out["task_ids"] = np.zeros(len(idx), np.int32)
        return out

    def render(self, idx) -> np.ndarray:
        """Top-down view: grey table, red target square, blue gripper square (brighter when higher)."""
        m, s = len(idx), self.size
        img = np.full((m, s, s, 3), 96, np.uint8)
        r = max(1, s // 16)

        def pix(v):
            return np.clip(((v + 1) / 2 * (s - 1)).round().astype(np.int64), 0, s - 1)

        gx, gy, px, py = pix(self.g[idx, 0]), pix(self.g[idx, 1]), pix(self.p[idx, 0]), pix(self.p[idx, 1])
        blue = (128 + 127 * (self.p[idx, 2] + 1) / 2).astype(np.uint8)
        for k in range(m):
            img[k, max(0, gy[k] - r):gy[k] + r + 1, max(0, gx[k] - r):gx[k] + r + 1] = (220, 30, 30)
            img[k, max(0, py[k] - r):py[k] + r + 1, max(0, px[k] - r):px[k] + r + 1] = (20, 40, blue[k])
        return img
