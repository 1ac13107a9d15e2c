"""Serve a robot arm to vlarl's ``remote`` driver over ZeroMQ.

The protocol (version 1) is documented in ``robot-drivers/README.md`` and in
:mod:`vlarl_remote_arm.server`. Implement :class:`ArmBackend` for a real arm (Franka through
franky/libfranka, UFACTORY xArm through its SDK, ...) or use :class:`SimulatedArm`.
"""

from .backend import ArmBackend, ArmInfo, ArmState, SimulatedArm
from .server import ArmServer, PROTOCOL_VERSION

__all__ = ["ArmBackend", "ArmInfo", "ArmState", "SimulatedArm", "ArmServer", "PROTOCOL_VERSION"]
