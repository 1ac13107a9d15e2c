from collections import namedtuple

import numpy as np

Task = namedtuple("Task", "name language problem_folder bddl_file")

TASKS = [
    Task("pick_up_the_bowl", "pick up the bowl", "fake_suite", "pick_up_the_bowl.bddl"),
    Task("open_the_drawer", "open the drawer", "fake_suite", "open_the_drawer.bddl"),
]


class FakeSuite:
    def __init__(self, task_order_index=0):
        self.n_tasks = len(TASKS)

    def get_task(self, i):
        return TASKS[i]

    def get_task_init_states(self, i):
        # 3 fixed initial states per task: start at the origin, goal 0.1 * (k + 1) along x (+ task offset in y)
        return np.array([[0, 0, 0, 0.1 * (k + 1), 0.5 * i, 0] for k in range(3)], np.float64)


def get_benchmark_dict(help=False):
    return {"libero_spatial": FakeSuite, "libero_goal": FakeSuite}
