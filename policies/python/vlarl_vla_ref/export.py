"""Exports a VLA as TorchScript for vlarl's TorchScript policy (policy.kind: vla-torchscript).

  python export.py --weights RUN/checkpoints/step-N/policy.params --decoding parallel --out DIR
  python export.py --random-seed 3 --arch '<json>' --decoding autoregressive --out DIR

--weights reads vlarl VLA weights (a policy.params or .safetensors file written by vlarl: the
architecture and action statistics come from its metadata, names are mapped back to the
reference modules, the inverse of the Java WeightImport). --random-seed initializes at random
(then --arch, a JSON object of the Java VlaArch fields, is required) and also writes
DIR/weights.safetensors: the same weights with the reference's names, loadable by the Java
VlaPolicy (policy.init).

Writes DIR/model.pt, a traced BatchVla:

  forward(pixels [B,C,S,S] float in [0,1] (C = 6 with arch.wrist: main rgb, then wrist rgb), proprio [B,max(1,P)] float,
          prompt_ids [B,L] int64 left-padded with 0, tokens [B,chunk*dim] int64 action tokens)
    -> (logits [B,chunk*dim,256] of the action tokens, value [B])

and DIR/vla.json (format, arch, decoding, action_stats, vocab). Before writing, the trace is
checked against the eager model row by row on a batch of another size and other prompt lengths
than the one it was traced with (--no-verify skips it).
"""

import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from vlarl_vla_ref import safetensors_io, tokenizer  # noqa: E402
from vlarl_vla_ref.model import BatchVla, Vla  # noqa: E402

FORMAT = "vlarl-vla-torchscript/1"
VERIFY_TOLERANCE = 1e-4


def to_reference_name(name):
    """The inverse of the Java WeightImport mapping (vlarl name -> reference module name)."""
    for ours, theirs in (
        ("vision.dino.", "vision_backbone.featurizer."),
        ("vision.siglip.", "vision_backbone.fused_featurizer."),
        ("vision.", "vision_backbone.featurizer."),
    ):
        if name.startswith(ours):
            rest = name[len(ours):]
            rest = {"patch_embed.weight": "patch_embed.proj.weight", "patch_embed.bias": "patch_embed.proj.bias"}.get(rest, rest)
            return theirs + rest
    if name.startswith("llm."):
        return "language_model.model." + name[len("llm."):]
    return name


def parse_arch(obj, source):
    """VlaArch fields from JSON (values may be strings, as in vlarl weights' metadata)."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, bool):
            out[k] = v
        elif isinstance(v, str) and v in ("true", "false"):
            out[k] = v == "true"
        else:
            try:
                out[k] = int(v)
            except (TypeError, ValueError):
                raise SystemExit(f"{source}: arch field '{k}' = {v!r} is neither a boolean nor an integer")
    needed = ["imageSize", "patch", "pool", "fused", "convStem", "film", "keypoints", "visionWidth",
              "visionLayers", "visionHeads", "width", "layers", "heads", "mlpHidden", "valueHidden",
              "proprioDim", "maxPromptTokens", "chunk", "actionDim", "vocabSize"]
    missing = [k for k in needed if k not in out]
    if missing:
        raise SystemExit(f"{source}: arch lacks the fields {missing}")
    if out["vocabSize"] != tokenizer.VOCAB_SIZE:
        raise SystemExit(f"{source}: vocabSize {out['vocabSize']} != this tokenizer's {tokenizer.VOCAB_SIZE}"
                         " (the vocabulary changed since these weights were written)")
    return out


def load_vlarl(model, tensors, source):
    """Copies vlarl-named tensors into the reference model; every parameter must be covered."""
    state = model.state_dict()
    covered, problems = set(), []
    for name, t in tensors.items():
        if name == "action_head.weight":
            head = state["language_model.lm_head.weight"]
            if t.shape != (256, head.shape[1]):
                problems.append(f"'{name}' {list(t.shape)} is not [256, {head.shape[1]}]")
                continue
            head[-256:] = t.flip(0)
            covered.add("language_model.lm_head.weight")
            continue
        ref = to_reference_name(name)
        if ref not in state:
            problems.append(f"'{name}' maps to no reference parameter (would be '{ref}')")
            continue
        if t.numel() != state[ref].numel():
            problems.append(f"'{name}' {list(t.shape)} does not fit '{ref}' {list(state[ref].shape)}")
            continue
        state[ref] = t.reshape(state[ref].shape).float()
        covered.add(ref)
    problems += [f"no tensor for '{k}'" for k in state if k not in covered]
    if problems:
        raise SystemExit(f"{source} does not fit the architecture: " + "; ".join(problems[:8]))
    model.load_state_dict(state)


def random_init(model, seed):
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            norm = "norm" in name and name.endswith("weight")
            t.copy_((1.0 + 0.1 * torch.randn_like(t)) if norm else 0.05 * torch.randn_like(t))


def inputs(a, instructions, generator):
    """A batch laid out as the Java policy lays it out: prompts left-padded to the longest."""
    b, s, n = len(instructions), a["imageSize"], a["chunk"] * a["actionDim"]
    prompts = [tokenizer.encode_prompt(i) for i in instructions]
    width = max(len(p) for p in prompts)
    ids = torch.zeros(b, width, dtype=torch.long)
    for i, p in enumerate(prompts):
        ids[i, width - len(p):] = torch.tensor(p)
    images = torch.randint(0, 256, (b, s, s, 3), dtype=torch.uint8, generator=generator)
    proprio = torch.rand(b, max(1, a["proprioDim"]), generator=generator) * 2 - 1
    tokens = torch.randint(0, 256, (b, n), generator=generator)
    return images, proprio, prompts, ids, tokens


def verify(traced, model, a, parallel):
    """Traced batch outputs vs the eager model row by row; returns the max abs difference."""
    g = torch.Generator().manual_seed(7)
    images, proprio, prompts, ids, tokens = inputs(
        a, ["pick up the red block", "push the green cube to the left", "open"], g)
    worst = 0.0
    with torch.no_grad():
        logits, value = traced(images.permute(0, 3, 1, 2).float() / 255.0, proprio, ids, tokens)
        for i in range(len(prompts)):
            lr, vr = model.forward_row(images[i], proprio[i], prompts[i], tokens[i], parallel)
            worst = max(worst, (logits[i] - lr).abs().max().item(), (value[i] - vr).abs().item())
    return worst


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", help="JSON object of VlaArch fields (required with --random-seed)")
    p.add_argument("--decoding", choices=["parallel", "autoregressive"], required=True)
    p.add_argument("--out", required=True)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--weights", help="vlarl VLA weights (policy.params / .safetensors)")
    src.add_argument("--random-seed", type=int)
    p.add_argument("--no-verify", action="store_true")
    args = p.parse_args()

    if args.weights:
        tensors, meta = safetensors_io.load(args.weights)
        if args.arch:
            a = parse_arch(json.loads(args.arch), "--arch")
        elif "arch" in meta:
            a = parse_arch(json.loads(meta["arch"]), args.weights)
        else:
            raise SystemExit(f"{args.weights} has no 'arch' metadata: pass --arch")
        if "vocab" in meta and json.loads(meta["vocab"]) != tokenizer.WORDS:
            raise SystemExit(f"{args.weights} was written with another vocabulary")
        if "action_stats" not in meta:
            raise SystemExit(f"{args.weights} has no 'action_stats' metadata")
        stats = json.loads(meta["action_stats"])
        torch.manual_seed(0)
        model = Vla(a).eval()
        load_vlarl(model, tensors, args.weights)
    else:
        if not args.arch:
            raise SystemExit("--random-seed needs --arch")
        a = parse_arch(json.loads(args.arch), "--arch")
        model = Vla(a).eval()
        random_init(model, args.random_seed)
        dim = a["actionDim"]
        stats = {"q01": [-1.0] * dim, "q99": [1.0] * dim, "mask": [True] * dim}

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.random_seed is not None:
        safetensors_io.save(out / "weights.safetensors", model.state_dict(), {"action_stats": json.dumps(stats)})
    parallel = args.decoding == "parallel"
    wrapper = BatchVla(model, parallel).eval()
    g = torch.Generator().manual_seed(1)
    images, proprio, _, ids, tokens = inputs(a, ["reach the red block", "pick up the green cube"], g)
    with torch.no_grad():
        traced = torch.jit.trace(
            wrapper, (images.permute(0, 3, 1, 2).float() / 255.0, proprio, ids, tokens), check_trace=False)
    if not args.no_verify:
        worst = verify(traced, model, a, parallel)
        if worst > VERIFY_TOLERANCE:
            raise SystemExit(f"the trace does not reproduce the eager model: max abs difference {worst:.3g}")
        print(f"verified: traced vs eager max abs difference {worst:.2e}")
    traced.save(str(out / "model.pt"))
    (out / "vla.json").write_text(json.dumps(
        {"format": FORMAT, "arch": a, "decoding": args.decoding, "action_stats": stats,
         "torch": torch.__version__, "vocab": tokenizer.WORDS}, indent=1))
    print(f"exported {out / 'model.pt'}: {sum(t.numel() for t in model.parameters())} parameters")


if __name__ == "__main__":
    main()
