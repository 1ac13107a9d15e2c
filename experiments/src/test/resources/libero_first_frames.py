"""First observations of LIBERO trials, computed with LIBERO directly (not through the bridge).

    python libero_first_frames.py SUITE TASK SIZE SETTLE OUT_PREFIX INIT [INIT ...]

For each fixed initial state INIT of task TASK of SUITE: a fresh OffScreenRenderEnv rendering
SIZE x SIZE, reset, set_init_state(init_states[INIT]), SETTLE no-op steps ([0]*6 + [-1]), then
the agent-view image rotated by 180 degrees (OpenVLA's convention) written as raw RGB bytes to
OUT_PREFIX-INIT.rgb. The evaluation test compares them with the first frames it recorded.
"""

import os
import sys

import numpy as np

os.environ.setdefault("MUJOCO_GL", "egl")
os.environ.setdefault("PYOPENGL_PLATFORM", os.environ["MUJOCO_GL"])

from libero.libero import benchmark, get_libero_path  # noqa: E402
from libero.libero.envs import OffScreenRenderEnv  # noqa: E402


def main(suite, task, size, settle, prefix, inits):
    bench = benchmark.get_benchmark_dict()[suite]()
    t = bench.get_task(task)
    bddl = os.path.join(get_libero_path("bddl_files"), t.problem_folder, t.bddl_file)
    states = bench.get_task_init_states(task)
    for init in inits:
        env = OffScreenRenderEnv(bddl_file_name=bddl, camera_heights=size, camera_widths=size)
        env.seed(0)
        env.reset()
        obs = env.set_init_state(states[init])
        for _ in range(settle):
            obs, _, _, _ = env.step(np.array([0, 0, 0, 0, 0, 0, -1], np.float64))
        img = np.ascontiguousarray(obs["agentview_image"][::-1, ::-1]).astype(np.uint8)
        with open(f"{prefix}-{init}.rgb", "wb") as f:
            f.write(img.tobytes())
        env.close()


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], int(a[1]), int(a[2]), int(a[3]), a[4], [int(x) for x in a[5:]])
