"""vlarl_bridge: serves vectorized simulators to vlarl over ZeroMQ + MessagePack.

Run a server with ``python3 -m vlarl_bridge.server --backend reference|maniskill|libero ...``;
the protocol is specified in sim-bridge/PROTOCOL.md.
"""

__version__ = "0.1.0"
PROTOCOL_VERSION = 1
