"""Writes a randomly initialized reference VLA as safetensors (OpenVLA module names), inputs, and
the reference's outputs, for the Java parity test.

  python parity.py --arch '<json of VlaArch fields>' --out DIR --seed N --instructions JSON

Files in DIR: model.safetensors (weights; metadata action_stats), inputs.safetensors (image uint8
[B,S,S,3], proprio float [B,P], tokens int32 [B,n]; metadata prompt_ids), outputs.safetensors
(logits_parallel, logits_autoregressive [B,n,256], value [B]).
"""

import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vlarl_vla_ref import safetensors_io, tokenizer  # noqa: E402
from vlarl_vla_ref.model import Vla  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--instructions", required=True)
    args = p.parse_args()
    a = {k: (v if isinstance(v, bool) else int(v)) for k, v in json.loads(args.arch).items()}
    if a["vocabSize"] != tokenizer.VOCAB_SIZE:
        raise SystemExit(f"vocab size {a['vocabSize']} != the tokenizer's {tokenizer.VOCAB_SIZE}")
    torch.manual_seed(args.seed)
    model = Vla(a).eval()
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("norm.weight") or "layernorm" in name or "norm1" in name or "norm2" in name:
                t.copy_(1.0 + 0.1 * torch.randn_like(t))
            else:
                t.copy_(0.05 * torch.randn_like(t))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    dim = a["actionDim"]
    stats = {"q01": [-0.5 + 0.1 * i for i in range(dim)], "q99": [0.5 + 0.2 * i for i in range(dim)],
             "mask": [True] * (dim - 1) + [False]}
    state = model.state_dict()
    safetensors_io.save(out / "model.safetensors", state, {"action_stats": json.dumps(stats)})

    instructions = json.loads(args.instructions)
    b = len(instructions)
    s = a["imageSize"]
    n = a["chunk"] * dim
    # with a wrist camera (a["wrist"]) a row's image is [S, S, 6]: the main rgb, then the wrist rgb
    channels = 6 if a.get("wrist", False) else 3
    images = torch.randint(0, 256, (b, s, s, channels), dtype=torch.uint8)
    proprio = torch.rand(b, max(1, a["proprioDim"])) * 2 - 1
    tokens = torch.randint(0, 256, (b, n), dtype=torch.int32)
    prompts = [tokenizer.encode_prompt(i) for i in instructions]
    safetensors_io.save(
        out / "inputs.safetensors",
        {"image": images[..., :3].contiguous(), "proprio": proprio, "tokens": tokens,
         **({"wrist": images[..., 3:].contiguous()} if channels == 6 else {})},
        {"prompt_ids": json.dumps(prompts), "instructions": json.dumps(instructions)},
    )
    with torch.no_grad():
        outs = {"logits_parallel": [], "logits_autoregressive": [], "value": []}
        for i in range(b):
            lp, v = model.forward_row(images[i], proprio[i], prompts[i], tokens[i], parallel=True)
            la, v2 = model.forward_row(images[i], proprio[i], prompts[i], tokens[i], parallel=False)
            assert torch.allclose(v, v2), "value depends on the decoding mode"
            outs["logits_parallel"].append(lp)
            outs["logits_autoregressive"].append(la)
            outs["value"].append(v.view(1))
    safetensors_io.save(out / "outputs.safetensors", {k: torch.stack(v) if k != "value" else torch.cat(v) for k, v in outs.items()})
    print(f"wrote {out}: {sum(t.numel() for t in state.values())} parameters, {b} rows")


if __name__ == "__main__":
    main()
