"""Simulator backends: ``reference`` (numpy only), ``maniskill`` (ManiSkill3), ``libero`` (LIBERO).

Each module defines ``add_arguments(parser)`` (its command-line options) and ``create(args)``
(the env the server hosts). Simulator packages are imported only inside ``create``, so a missing
one fails there with a message that names it.
"""

import importlib

BACKENDS = ("reference", "maniskill", "libero")


def load(name: str):
    if name not in BACKENDS:
        raise ValueError(f"unknown backend '{name}'; known: {', '.join(BACKENDS)}")
    return importlib.import_module(f"{__name__}.{name}")


def require(module: str, package: str, extra: str):
    """Imports ``module`` or fails naming the package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise SystemExit(
            f"error: the {extra} backend needs the '{package}' package, which cannot be imported ({e}).\n"
            f"Install it into this interpreter: pip install -e 'sim-bridge/python[{extra}]' "
            f"(see sim-bridge/README.md)") from None
