"""The ``maniskill`` backend: a ManiSkill3 task, all sub-envs in one batched (GPU or CPU) env.

Written against mani-skill 3.0.1 (``BaseEnv`` in ``mani_skill/envs/sapien_env.py``):

- ``gym.make(env_id, num_envs=N, obs_mode, control_mode, reward_mode, sim_backend, render_backend,
  sensor_configs, reconfiguration_freq)``; everything returned is a batched torch tensor on
  ``env.device`` and is moved to numpy here (``.cpu().numpy()``).
- Observations: ``obs_mode=state`` gives ``[N, D]`` (vlarl ``state``); ``rgb`` gives a dict whose
  ``sensor_data[camera]["rgb"]`` is ``[N, H, W, 3]`` uint8 (vlarl ``image``, optionally a second
  camera as ``wrist_image``) and ``agent.qpos`` is used as ``proprio``.
- Actions: vlarl's ``[-1, 1]`` mapped linearly onto ``single_action_space`` (the normalized
  controllers such as ``pd_ee_delta_pose`` already are ``[-1, 1]``).
- Success, failure and reward come from ``info["success"]``, ``info["fail"]`` and the reward mode;
  the wrapper (``autoreset.AutoResetEnv``) applies the horizon (the task's registered
  ``max_episode_steps`` unless given), same-step auto-reset, final observations and
  ``success_once``/``success_at_end``. ManiSkill's own terminated/truncated are not used.
- Seeding: ManiSkill seeds the torch generator of a (partial) reset with the *first* episode seed
  of the list, so in ``per_env`` reset mode (the default) every sub-env is reset by its own call
  with its seed at position 0 and at its own position: the same seed gives the same initial state,
  whatever the other sub-envs do. ``batched`` mode resets all requested sub-envs in one call
  (faster on GPU; reproducible run to run, but a sub-env's state then depends on the batch).
- A sub-env whose episode ends inside an action chunk cannot be frozen in a batched simulator: it
  is sent zero actions for the rest of the chunk, and its observation from the moment it ended is
  kept and returned as its final observation.
- Instructions: ``env.unwrapped.get_language_instruction()`` where the task has it (the bridge
  digital-twin tasks), else ``--instruction`` (default: the env id in words).
"""

from __future__ import annotations

import re

import numpy as np

from ..autoreset import AutoResetEnv, BatchSimulator, ResetRefused
from ..spec import EnvSpec, ObservationSpec
from . import require


def add_arguments(p):
    g = p.add_argument_group("maniskill backend (mani-skill 3.0.1)")
    g.add_argument("--env-id", default="PickCube-v1", help="ManiSkill3 task id (default: PickCube-v1)")
    g.add_argument("--num-envs", type=int, default=16, help="sub-envs N (default: 16)")
    g.add_argument("--obs-mode", choices=("state", "rgb"), default="state")
    g.add_argument("--control-mode", default="pd_ee_delta_pose", help="controller (default: pd_ee_delta_pose)")
    g.add_argument("--reward-mode", default="normalized_dense", help="normalized_dense, dense, sparse or none")
    g.add_argument("--sim-backend", default="auto", help="auto, physx_cpu or physx_cuda (default: auto)")
    g.add_argument("--render-backend", default="gpu", help="gpu, cpu or none (default: gpu)")
    g.add_argument("--camera", default=None, help="sensor camera for 'image' (default: the task's first camera)")
    g.add_argument("--wrist-camera", default=None, help="a second sensor camera for 'wrist_image'")
    g.add_argument("--image-size", type=int, default=None, help="camera width and height (default: the task's)")
    g.add_argument("--max-episode-steps", type=int, default=None, help="horizon (default: the task's registered one)")
    g.add_argument("--reconfiguration-freq", type=int, default=None,
                   help="ManiSkill's reconfiguration_freq (with N > 1 only on CPU simulation: GPU auto-resets are partial)")
    g.add_argument("--instruction", default=None, help="instruction when the task has none")
    g.add_argument("--reset-mode", choices=("per_env", "batched"), default="per_env")
    g.add_argument("--max-chunk", type=int, default=8)
    g.add_argument("--ignore-terminations", action="store_true",
                   help="run every episode to its horizon (ManiSkill's evaluation protocol; success_at_end counts)")
    g.add_argument("--no-terminate-on-success", action="store_true", help="keep going after success")


def create(args) -> AutoResetEnv:
    cpu = args.sim_backend in ("physx_cpu", "cpu")
    if args.reconfiguration_freq and args.num_envs > 1 and not cpu:
        # ManiSkill 3.0.1 (BaseEnv.reset) reconfigures when its counter comes round and then raises
        # for any partial reset, which every auto-reset of a finished sub-env is
        raise ValueError(f"--reconfiguration-freq {args.reconfiguration_freq} cannot work with a batched "
                         "(GPU) simulation: ManiSkill refuses the partial resets that auto-reset needs when a "
                         "reconfiguration is due; leave it out (0), or use --sim-backend physx_cpu")
    require("mani_skill", "mani-skill", "maniskill")
    gym = require("gymnasium", "gymnasium", "maniskill")
    require("mani_skill.envs", "mani-skill", "maniskill")  # registers the tasks
    kwargs = dict(num_envs=args.num_envs, obs_mode=args.obs_mode, control_mode=args.control_mode,
                  reward_mode=args.reward_mode, sim_backend=args.sim_backend, render_backend=args.render_backend)
    if args.image_size:
        kwargs["sensor_configs"] = dict(width=args.image_size, height=args.image_size)
    if args.reconfiguration_freq is not None:
        kwargs["reconfiguration_freq"] = args.reconfiguration_freq
    if cpu and args.num_envs > 1:
        # ManiSkill's CPU simulation holds one env per scene: N single envs, stepped in turn
        kwargs["num_envs"] = 1
        envs = [gym.make(args.env_id, **kwargs) for _ in range(args.num_envs)]
        spec, base = envs[0].spec, CpuBatch([e.unwrapped for e in envs])
    else:
        env = gym.make(args.env_id, **kwargs)
        spec, base = env.spec, env.unwrapped
    horizon = args.max_episode_steps or registered_horizon(gym, args.env_id, spec)
    if not horizon:
        raise ValueError(f"{args.env_id} registers no max_episode_steps; give --max-episode-steps")
    sim = ManiSkillSimulator(base, args.env_id, horizon, args.obs_mode, args.camera, args.wrist_camera,
                             args.max_chunk, args.reset_mode, args.instruction)
    return AutoResetEnv(sim, terminate_on_success=not args.no_terminate_on_success,
                        ignore_terminations=args.ignore_terminations)


def registered_horizon(gym, env_id: str, made_spec):
    """The task's ``max_episode_steps``: the made env's spec, else the registry's. ManiSkill 3.0.1's
    ``gym.make`` applies the limit with its own ``TimeLimitWrapper`` and the made env's spec says
    ``None`` (measured with PickCube-v1: ``gym.spec(...).max_episode_steps`` is 50)."""
    steps = made_spec.max_episode_steps if made_spec is not None else None
    if not steps:
        try:
            steps = gym.spec(env_id).max_episode_steps
        except Exception:  # not registered under that id: the caller reports the missing horizon
            steps = None
    return steps


def to_numpy(x):
    """A torch tensor (any device) or array as numpy."""
    if hasattr(x, "detach"):
        x = x.detach()
        if hasattr(x, "cpu"):
            x = x.cpu()
        return x.numpy()
    return np.asarray(x)


def words(env_id: str) -> str:
    """``PickCube-v1`` -> ``pick cube``."""
    base = env_id.split("-")[0]
    return " ".join(w.lower() for w in re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", base))


def _stack(trees):
    """Concatenates batch-of-one observation trees (dicts of tensors) along the batch axis."""
    first = trees[0]
    if isinstance(first, dict):
        return {k: _stack([t[k] for t in trees]) for k in first}
    return np.concatenate([to_numpy(t) for t in trees], axis=0)


class CpuBatch:
    """N single-env ManiSkill envs (CPU simulation) behind the batched ``BaseEnv`` calls used here."""

    def __init__(self, envs):
        self.envs = envs
        self.num_envs = len(envs)
        self.single_action_space = envs[0].single_action_space
        self.device = envs[0].device
        self.last = [None] * len(envs)

    def reset(self, seed=None, options=None):
        options = dict(options or {})
        idx = options.pop("env_idx", None)
        idx = range(self.num_envs) if idx is None else [int(i) for i in to_numpy(idx).reshape(-1)]
        for i in idx:
            self.last[i], _ = self.envs[i].reset(seed=None if seed is None else int(seed[i]), options=options)
        return _stack(self.last), {}

    def step(self, actions):
        rewards, infos = [], []
        for i, e in enumerate(self.envs):
            self.last[i], r, _, _, info = e.step(actions[i:i + 1])
            rewards.append(to_numpy(r).reshape(1))
            infos.append(info)
        info = {k: np.concatenate([to_numpy(x[k]).reshape(1) for x in infos]) for k in ("success", "fail")
                if k in infos[0]}
        return _stack(self.last), np.concatenate(rewards), None, None, info

    def get_language_instruction(self):
        get = getattr(self.envs[0], "get_language_instruction", None)
        if not callable(get):
            return []
        return [str(list(e.get_language_instruction())[0]) for e in self.envs]

    def close(self):
        for e in self.envs:
            e.close()


class ManiSkillSimulator(BatchSimulator):
    """``base`` is the unwrapped ManiSkill ``BaseEnv`` (or an object with the same API)."""

    def __init__(self, base, env_id, horizon, obs_mode, camera, wrist_camera, max_chunk, reset_mode, instruction):
        self.env = base
        self.n = int(base.num_envs)
        self.horizon = int(horizon)
        self.rgb = obs_mode == "rgb"
        self.reset_mode = reset_mode
        self.seeds = np.arange(self.n, dtype=np.int64)  # the first reset below uses seeds 0..N-1
        space = base.single_action_space
        self.low = np.asarray(space.low, np.float32)
        self.high = np.asarray(space.high, np.float32)
        dim = int(self.low.shape[0])
        self.frozen: dict[int, dict] = {}
        self.obs = self._convert(base.reset(seed=list(range(self.n)))[0])
        self.camera, self.wrist = camera, wrist_camera
        if self.rgb:
            cams = list(self.raw_sensor_names())
            self.camera = camera or cams[0]
            for c in filter(None, (self.camera, self.wrist)):
                if c not in cams:
                    raise ValueError(f"{env_id} has no camera '{c}'; cameras: {cams}")
            self.obs = self._convert(self._last_raw)
        self.fixed_instruction = instruction or words(env_id)
        sample = self.observe()
        h, w = (sample["image"].shape[1:3] if self.rgb else (0, 0))
        obs_spec = ObservationSpec(state_dim=0 if self.rgb else sample["state"].shape[1], image_height=h, image_width=w,
                                   wrist_image=self.rgb and self.wrist is not None,
                                   proprio_dim=sample["proprio"].shape[1] if self.rgb else 0, instructions=True)
        names = [f"a{k}" for k in range(dim)]
        if dim == 7:
            names = ["dx", "dy", "dz", "drx", "dry", "drz", "gripper"]
        self.spec = EnvSpec(name=f"maniskill[{env_id},{obs_mode}]", num_envs=self.n, observation=obs_spec,
                            action_dim=dim, max_chunk=max_chunk, action_names=names, tasks=[env_id],
                            horizons=[self.horizon])

    # -- raw observations -------------------------------------------------------------------------

    def raw_sensor_names(self):
        return self._last_raw["sensor_data"].keys()

    def _convert(self, raw) -> dict:
        """Numpy views of what vlarl reads from one batched ManiSkill observation."""
        self._last_raw = raw
        if not self.rgb:
            return {"state": to_numpy(raw).astype(np.float32, copy=False)}
        out = {"proprio": to_numpy(raw["agent"]["qpos"]).astype(np.float32, copy=False)}
        cam = getattr(self, "camera", None)
        if cam is not None:
            out["image"] = to_numpy(raw["sensor_data"][cam]["rgb"])[..., :3].astype(np.uint8, copy=False)
            if self.wrist:
                out["wrist_image"] = to_numpy(raw["sensor_data"][self.wrist]["rgb"])[..., :3].astype(np.uint8, copy=False)
        return out

    def _instructions(self) -> list:
        get = getattr(self.env, "get_language_instruction", None)
        if callable(get):
            got = list(get())
            if len(got) == self.n:
                return [str(s) for s in got]
        return [self.fixed_instruction] * self.n

    # -- BatchSimulator ---------------------------------------------------------------------------

    def reset_options(self):
        return {"reconfigure"}

    def _index(self, idx):
        """Sub-env indices as ManiSkill takes them: a torch tensor on the env's device."""
        try:
            import torch  # ManiSkill's dependency
        except ImportError:  # a fake env without torch
            return np.asarray(idx, np.int64)
        return torch.as_tensor(np.asarray(idx, np.int64), device=self.env.device)

    def check_reset(self, env_idx, options):
        if bool(options.get("reconfigure", False)) and len(env_idx) != self.n:
            raise ResetRefused("reconfigure resets every sub-env; give no env_idx (ManiSkill cannot do both)")

    def reset_envs(self, env_idx, seeds, options):
        self.check_reset(env_idx, options)
        for i, s in zip(env_idx, seeds):
            self.seeds[i] = int(s) % (1 << 31)  # numpy RandomState seeds
            self.frozen.pop(int(i), None)
        reconfigure = bool(options.get("reconfigure", False))
        if self.reset_mode == "batched" or reconfigure:
            opts = {"env_idx": self._index(env_idx), "reconfigure": reconfigure}
            raw, _ = self.env.reset(seed=[int(x) for x in self.seeds], options=opts)
        else:
            raw = None
            for i in env_idx:
                seed_list = [int(x) for x in self.seeds]
                seed_list[0] = seed_list[int(i)]
                raw, _ = self.env.reset(seed=seed_list,
                                        options={"env_idx": self._index([int(i)])})
        self.obs = self._convert(raw)

    def step_envs(self, actions, active):
        a = self.low + (actions + 1) * 0.5 * (self.high - self.low)
        a[~active] = 0.0
        raw, reward, _, _, info = self.env.step(a)
        self.obs = self._convert(raw)
        n = self.n
        success = to_numpy(info["success"]).astype(bool) if "success" in info else np.zeros(n, bool)
        fail = to_numpy(info["fail"]).astype(bool) if "fail" in info else np.zeros(n, bool)
        return to_numpy(reward).astype(np.float32).reshape(n), success.reshape(n), fail.reshape(n)

    def freeze(self, env_idx):
        rows = self.observe(np.asarray(env_idx))
        for k, i in enumerate(env_idx):
            self.frozen[int(i)] = {key: (v[k] if not isinstance(v, list) else v[k]) for key, v in rows.items()}

    def horizons(self):
        return np.full(self.n, self.horizon, np.int64)

    def task_ids(self):
        return np.zeros(self.n, np.int32)

    def observe(self, env_idx=None):
        idx = np.arange(self.n) if env_idx is None else np.asarray(env_idx, np.int64)
        instr = self._instructions()
        out = {k: v[idx].copy() for k, v in self.obs.items()}
        out["instructions"] = [instr[i] for i in idx]
        for k, i in enumerate(idx):
            f = self.frozen.get(int(i))
            if f is not None:
                for key, v in f.items():
                    if key == "instructions":
                        out[key][k] = v
                    elif key != "task_ids":
                        out[key][k] = v
        out["task_ids"] = np.zeros(len(idx), np.int32)
        return out

    def close(self):
        self.env.close()
