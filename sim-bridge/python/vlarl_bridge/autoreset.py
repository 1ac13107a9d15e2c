"""Chunk execution, time limits, same-step auto-reset and episode metrics over a per-step simulator.

The Python twin of Java's ``AutoResetVectorEnv``: a backend implements the small
:class:`BatchSimulator` interface (reset some sub-envs from seeds, advance the active ones by one
step, observe) and this wrapper turns it into the protocol's env (``reset``/``step``/``observe``
replies). Rules: a failure terminates; success terminates when ``terminate_on_success``; the task's
horizon truncates; with ``ignore_terminations`` (ManiSkill3's evaluation protocol) only the horizon
ends episodes. A sub-env whose episode ends inside a chunk executes no further actions of it (the
simulator is told it is inactive); finished sub-envs are reset in the same step from
``next_seed(previous seed)``.
"""

from __future__ import annotations

import time

import numpy as np

from .spec import EnvSpec, next_seed


class BatchSimulator:
    """What a backend implements. Arrays are numpy; ``N = spec.num_envs``."""

    spec: EnvSpec

    def reset_envs(self, env_idx: np.ndarray, seeds: list[int], options: dict) -> None:
        """Starts new episodes in ``env_idx``, each from its seed (same seed, same initial state)."""
        raise NotImplementedError

    def step_envs(self, actions: np.ndarray, active: np.ndarray):
        """Advances active sub-envs by one step with ``actions [N, dim]``.

        Returns ``(reward f4[N], success bool[N], failure bool[N])``; entries of inactive
        sub-envs are ignored (a backend that cannot freeze a sub-env must hold it still).
        """
        raise NotImplementedError

    def horizons(self) -> np.ndarray:
        """Max steps of each sub-env's current episode, int [N]."""
        raise NotImplementedError

    def task_ids(self) -> np.ndarray:
        """Task id of each sub-env's current episode, int [N]."""
        raise NotImplementedError

    def observe(self, env_idx: np.ndarray | None = None) -> dict:
        """Observations (protocol map) of ``env_idx`` (all when None), fresh arrays."""
        raise NotImplementedError

    def freeze(self, env_idx: np.ndarray) -> None:
        """Sub-envs ``env_idx`` ended inside a chunk and will be stepped no further before their reset.

        A simulator that cannot leave them out of later sub-steps (a batched GPU simulator) keeps
        their current observation here and returns it from :meth:`observe` until they are reset.
        """

    def reset_options(self) -> set:
        """Names of the reset options this backend accepts."""
        return set()

    def check_reset(self, env_idx: np.ndarray, options: dict) -> None:
        """Raises :class:`ResetRefused` for a reset this backend cannot do, before anything changes."""

    def close(self) -> None:
        pass


class ResetRefused(ValueError):
    """A reset the backend cannot do (unknown options, a combination it does not support), raised
    before anything changed: the server answers BAD_REQUEST. Any other exception from the env is
    the env's failure (ENV_ERROR)."""


class AutoResetEnv:
    """The protocol's env over a :class:`BatchSimulator`."""

    def __init__(self, sim: BatchSimulator, terminate_on_success: bool = True,
                 ignore_terminations: bool = False, step_delay_s: float = 0.0):
        self.sim = sim
        self.spec = sim.spec
        self.terminate_on_success = terminate_on_success
        self.ignore_terminations = ignore_terminations
        self.step_delay_s = step_delay_s
        n = self.spec.num_envs
        self.seeds = list(range(n))  # before the first reset, sub-env i counts as started from seed i
        self.length = np.zeros(n, np.int64)
        self.ret = np.zeros(n, np.float64)
        self.success_once = np.zeros(n, bool)

    def reset(self, seeds: list[int], env_idx: np.ndarray, options: dict) -> dict:
        unknown = set(options) - self.sim.reset_options()
        if unknown:
            raise ResetRefused(f"body.options {sorted(unknown)} are not supported by this backend"
                             f" (it takes {sorted(self.sim.reset_options()) or 'none'})")
        self._restart(seeds, env_idx, options)
        return self.sim.observe()

    def _restart(self, seeds: list[int], env_idx: np.ndarray, options: dict) -> None:
        """Starts new episodes in ``env_idx``; renders nothing (the caller observes once)."""
        self.sim.check_reset(np.asarray(env_idx, np.int64), options)  # a refused reset changes nothing
        for k, i in enumerate(env_idx):
            self.seeds[i] = int(seeds[k])
        self.length[env_idx] = 0
        self.ret[env_idx] = 0
        self.success_once[env_idx] = False
        self.sim.reset_envs(np.asarray(env_idx, np.int64), [int(s) for s in seeds], options)

    def observe(self) -> dict:
        return self.sim.observe()

    def step(self, actions: np.ndarray) -> dict:
        n, chunk, dim = actions.shape
        reward = np.zeros(n, np.float32)
        terminated = np.zeros(n, bool)
        truncated = np.zeros(n, bool)
        success = np.zeros(n, bool)
        steps = np.zeros(n, np.int32)
        active = np.ones(n, bool)
        horizons = self.sim.horizons()
        t0 = time.perf_counter()
        if self.step_delay_s > 0:
            time.sleep(self.step_delay_s)
        for j in range(chunk):
            r, s, f = self.sim.step_envs(np.ascontiguousarray(actions[:, j, :]), active.copy())
            a = active
            reward[a] += r[a]
            success[a] = s[a]
            steps[a] += 1
            self.length[a] += 1
            self.ret[a] += r[a]
            self.success_once[a] |= s[a]
            if not self.ignore_terminations:
                term = a & (f | (s if self.terminate_on_success else False))
                terminated |= term
            else:
                term = np.zeros(n, bool)
            trunc = a & ~term & (self.length >= horizons)
            truncated |= trunc
            active = a & ~(term | trunc)
            if not active.any():
                break
            ended = a & ~active
            if j + 1 < chunk and ended.any():
                self.sim.freeze(np.flatnonzero(ended))
        done = np.flatnonzero(terminated | truncated).astype(np.int32)
        out = {"reward": reward, "terminated": terminated, "truncated": truncated, "success": success,
               "steps": steps, "done_envs": done, "final_obs": None, "episodes": None}
        if len(done):
            out["final_obs"] = self.sim.observe(done)
            tasks = self.sim.task_ids()
            out["episodes"] = {
                "env": done,
                "task": tasks[done].astype(np.int32),
                "success_once": self.success_once[done].copy(),
                "success_at_end": success[done].copy(),
                "return": self.ret[done].astype(np.float64),
                "length": self.length[done].astype(np.int32),
                "terminated": terminated[done].copy(),
                "truncated": truncated[done].copy(),
            }
            self._restart([next_seed(self.seeds[i]) for i in done], done, {})
        out["obs"] = self.sim.observe()
        out["server_ms"] = (time.perf_counter() - t0) * 1e3
        return out

    def close(self) -> None:
        self.sim.close()
