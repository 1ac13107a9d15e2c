"""Generates a CURVE key pair: ``python3 -m vlarl_bridge.keys DIR NAME`` writes DIR/NAME.key
(public: give it to the other side) and DIR/NAME.key_secret (keep it)."""

import argparse

from .security import generate


def main(argv=None):
    p = argparse.ArgumentParser(prog="python3 -m vlarl_bridge.keys", description=__doc__)
    p.add_argument("directory")
    p.add_argument("name")
    a = p.parse_args(argv)
    pub, sec = generate(a.directory, a.name)
    print(f"public: {pub}\nsecret: {sec}")


if __name__ == "__main__":
    main()
