"""The env spec and the seed convention shared by every backend (PROTOCOL.md, "hello" and "step")."""

from __future__ import annotations

from dataclasses import dataclass, field

MASK64 = (1 << 64) - 1


def mix64(z: int) -> int:
    """SplitMix64's finalizer on an unsigned 64-bit value."""
    z &= MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def to_signed(z: int) -> int:
    z &= MASK64
    return z - (1 << 64) if z >= 1 << 63 else z


def next_seed(seed: int) -> int:
    """The seed of the episode that follows one started from ``seed`` (as Java's AutoResetVectorEnv)."""
    return to_signed(mix64(seed + 0x632BE59BD9B4E019))


@dataclass
class ObservationSpec:
    state_dim: int = 0
    image_height: int = 0
    image_width: int = 0
    wrist_image: bool = False
    proprio_dim: int = 0
    instructions: bool = False

    def __post_init__(self):
        if min(self.state_dim, self.image_height, self.image_width, self.proprio_dim) < 0:
            raise ValueError("negative observation size")
        if (self.image_height == 0) != (self.image_width == 0):
            raise ValueError("an image needs both height and width")


@dataclass
class EnvSpec:
    name: str
    num_envs: int
    observation: ObservationSpec
    action_dim: int
    max_chunk: int
    action_names: list
    tasks: list
    horizons: list = field(default_factory=list)

    def __post_init__(self):
        if self.num_envs < 1:
            raise ValueError(f"num_envs must be positive, got {self.num_envs}")
        if len(self.action_names) != self.action_dim:
            raise ValueError(f"{len(self.action_names)} action names for {self.action_dim} dims")
        if len(self.tasks) != len(self.horizons):
            raise ValueError("one horizon per task")

    def to_wire(self) -> dict:
        o = self.observation
        return {
            "name": self.name,
            "num_envs": self.num_envs,
            "observation": {
                "state_dim": o.state_dim,
                "image_height": o.image_height,
                "image_width": o.image_width,
                "wrist_image": o.wrist_image,
                "proprio_dim": o.proprio_dim,
                "instructions": o.instructions,
            },
            "action": {"dim": self.action_dim, "max_chunk": self.max_chunk, "names": list(self.action_names)},
            "tasks": list(self.tasks),
            "horizons": [int(h) for h in self.horizons],
        }
