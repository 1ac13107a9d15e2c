"""Executes the env operations of the protocol on a hosted env, checking every request body."""

from __future__ import annotations

import numpy as np

from .codec import WireError

BOUND_TOLERANCE = 1e-5


def _int_array(v, where: str) -> np.ndarray:
    if isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v):
        if any(not -(1 << 63) <= x < 1 << 63 for x in v):
            raise WireError("BAD_REQUEST", f"{where} holds a value that does not fit a signed 64-bit integer")
        v = np.asarray(v, dtype=np.int64) if v else np.zeros(0, np.int64)
    if not isinstance(v, np.ndarray):
        raise WireError("BAD_REQUEST", f"{where} must be an array of integers")
    if v.dtype.kind not in "iu":
        raise WireError("BAD_ARRAY", f"{where} must be an integer array, got {v.dtype.str}")
    if v.ndim != 1:
        raise WireError("BAD_REQUEST", f"{where} must be one-dimensional, got shape {list(v.shape)}")
    if v.dtype == np.uint64 and (v >= 1 << 63).any():
        raise WireError("BAD_ARRAY", f"{where} holds a value that does not fit a signed 64-bit integer")
    return v.astype(np.int64)


class EnvRequests:
    """``reset``, ``step``, ``observe`` and ``close`` on an env (see autoreset.AutoResetEnv)."""

    def __init__(self, env):
        self.env = env
        self.spec = env.spec

    def execute(self, op: str, body: dict) -> dict:
        if op == "reset":
            return self.reset(body)
        if op == "step":
            return self.step(body)
        if op == "observe":
            return {"obs": self.env.observe()}
        if op == "close":
            return {}
        raise WireError("UNKNOWN_OP", f"op '{op}' is not an env operation")

    def reset(self, body: dict) -> dict:
        n = self.spec.num_envs
        if "seeds" not in body:
            raise WireError("BAD_REQUEST", "body.seeds is missing")
        seeds = _int_array(body["seeds"], "body.seeds")
        idx = np.arange(n) if body.get("env_idx") is None else _int_array(body["env_idx"], "body.env_idx")
        if len(idx) != len(seeds):
            raise WireError("BAD_REQUEST", f"body.seeds has {len(seeds)} entries for {len(idx)} sub-envs")
        for i in idx:
            if not 0 <= i < n:
                raise WireError("BAD_REQUEST", f"body.env_idx {i} is outside [0, {n})")
        if len(set(idx.tolist())) != len(idx):
            dup = next(i for i in idx.tolist() if idx.tolist().count(i) > 1)
            raise WireError("BAD_REQUEST", f"body.env_idx lists sub-env {dup} twice")
        options = body.get("options") or {}
        if not isinstance(options, dict):
            raise WireError("BAD_REQUEST", "body.options must be a map")
        return {"obs": self.env.reset(seeds.tolist(), idx, options)}

    def step(self, body: dict) -> dict:
        s = self.spec
        a = body.get("actions")
        if a is None:
            raise WireError("BAD_REQUEST", "body.actions is missing")
        if not isinstance(a, np.ndarray):
            raise WireError("BAD_REQUEST", f"body.actions must be an array, got {type(a).__name__}")
        want = f"[{s.num_envs}, chunk, {s.action_dim}] with 1 <= chunk <= {s.max_chunk}"
        if a.ndim != 3:
            raise WireError("BAD_ARRAY", f"body.actions has shape {list(a.shape)}, expected {want}")
        if a.dtype != np.float32:
            raise WireError("BAD_ARRAY", f"body.actions must be <f4, got {a.dtype.str}")
        if a.shape[0] != s.num_envs or a.shape[2] != s.action_dim or not 1 <= a.shape[1] <= s.max_chunk:
            raise WireError("BAD_REQUEST", f"actions have shape {list(a.shape)}, expected {want} for env {s.name}")
        bad = ~np.isfinite(a) | (a < -1 - BOUND_TOLERANCE) | (a > 1 + BOUND_TOLERANCE)
        if bad.any():
            env, step, dim = (int(x) for x in np.argwhere(bad)[0])
            v = a[env, step, dim]
            raise WireError("BAD_REQUEST", f"action for sub-env {env}, chunk step {step}, dim {dim} "
                            f"({s.action_names[dim]}) is {v}" + (", outside [-1, 1]" if np.isfinite(v) else ""))
        return self.env.step(np.clip(a, -1, 1))
