"""What the server needs from an arm, and a simulated arm that implements it."""

import math
import threading
import time
from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class ArmInfo:
    """What an arm is: a name, its joint count and the hardware joint limits (radians)."""

    name: str
    dof: int
    joint_lower: List[float] = field(default_factory=list)
    joint_upper: List[float] = field(default_factory=list)


@dataclass
class ArmState:
    """A measured state: joints (rad), TCP pose [x, y, z, rx, ry, rz] (m, rotation vector),
    gripper opening 0 closed .. 1 open, and whether an object is held."""

    q: List[float]
    pose: List[float]
    gripper: float
    holding: bool = False


class ArmBackend:
    """An arm behind the server. Every method is called from the server thread only.

    A backend for a real arm forwards ``servo_pose``/``servo_joints`` to the arm's streaming
    interface (franky's ``CartesianImpedanceMotion``/joint motions, the xArm SDK's
    ``set_servo_cartesian``/``set_servo_angle_j``), ``stop`` to its stop, and reads ``state``
    from its state stream. Targets arrive already limited by vlarl's safety shield.
    """

    def info(self) -> ArmInfo:
        raise NotImplementedError

    def state(self) -> ArmState:
        raise NotImplementedError

    def servo_pose(self, pose: List[float], gripper: float) -> None:
        raise NotImplementedError

    def servo_joints(self, q: List[float], gripper: float) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class SimulatedArm(ArmBackend):
    """A simulated arm for tests and dry runs: the TCP moves towards its target at up to
    ``max_speed`` m/s (integrated on the server's clock), joints jump to their targets, the
    gripper follows its target. ``dof`` fake joints are reported (zeros unless commanded)."""

    def __init__(self, start=(0.0, 0.0, 0.15), dof=0, max_speed=1.0, clock=time.monotonic):
        self._pose = [float(start[0]), float(start[1]), float(start[2]), 0.0, 0.0, 0.0]
        self._target = list(self._pose)
        self._q = [0.0] * dof
        self._gripper = 1.0
        self._dof = dof
        self._max_speed = max_speed
        self._clock = clock
        self._last = clock()
        self._lock = threading.Lock()
        self.stops = 0
        self.servos = 0

    def info(self):
        return ArmInfo("simulated arm", self._dof, [-math.pi] * self._dof, [math.pi] * self._dof)

    def _advance(self):
        now = self._clock()
        dt = max(0.0, now - self._last)
        self._last = now
        d = [self._target[i] - self._pose[i] for i in range(3)]
        dist = math.sqrt(sum(x * x for x in d))
        step = self._max_speed * dt
        if dist <= step or dist == 0:
            self._pose[:3] = self._target[:3]
        else:
            self._pose[:3] = [self._pose[i] + d[i] * step / dist for i in range(3)]
        self._pose[3:] = self._target[3:]

    def state(self):
        with self._lock:
            self._advance()
            return ArmState(list(self._q), list(self._pose), self._gripper, False)

    def servo_pose(self, pose, gripper):
        with self._lock:
            self._advance()
            self._target = [float(v) for v in pose]
            self._gripper = float(gripper)
            self.servos += 1

    def servo_joints(self, q, gripper):
        with self._lock:
            if len(q) != self._dof:
                raise ValueError("%d joint values for %d joints" % (len(q), self._dof))
            self._q = [float(v) for v in q]
            self._gripper = float(gripper)
            self.servos += 1

    def stop(self):
        with self._lock:
            self._advance()
            self._target = list(self._pose)
            self.stops += 1
