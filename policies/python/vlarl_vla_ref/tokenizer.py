"""The VLA's word-level prompt tokenizer, written independently of the Java one."""

import re
from pathlib import Path

VOCAB_FILE = (
    Path(__file__).resolve().parents[2]
    / "src/main/resources/ai/vlarl/policies/vla/vocab.txt"
)
SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
PAD, BOS, EOS, UNK = 0, 1, 2, 3
ACTION_BINS = 256
_TOKEN = re.compile(r"[a-z0-9]+|\n|[^\sa-z0-9]")


def words():
    out = list(SPECIALS)
    for line in VOCAB_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line)
    return out


WORDS = words()
IDS = {w: i for i, w in enumerate(WORDS)}
VOCAB_SIZE = len(WORDS) + ACTION_BINS


PROMPT_PREFIX = "In: What action should the robot take to "
PROMPT_SUFFIX = "?\nOut:"


def prompt(instruction):
    """OpenVLA's prompt."""
    return PROMPT_PREFIX + instruction.lower() + PROMPT_SUFFIX


def encode(text):
    pieces = ["<nl>" if t == "\n" else t for t in _TOKEN.findall(text.lower())]
    return [IDS.get(p, UNK) for p in pieces]


def encode_prompt(instruction):
    return encode(prompt(instruction.strip()))
