"""The vlarl VLA in PyTorch, with OpenVLA's module layout (Prismatic's vision_backbone /
projector / language_model, timm ViT blocks, Hugging Face Llama layers), so its state_dict names
are the ones the Java WeightImport maps. Architecture (see the Java VlaNetwork):

  image -> ViT tower(s) (Conv2d patch embedding, pos_embed, pre-norm blocks, final LayerNorm)
        -> [concat towers] -> pool k x k patch features -> projector MLP
  [BOS] + vision tokens + [proprio token] + prompt -> + learned positions -> Llama layers
        (RMSNorm, no-bias q/k/v/o, SwiGLU) -> RMSNorm
  hidden[last prompt token] -> value_head;  hidden[action slots] -> lm_head rows of action tokens
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import tokenizer

IMAGENET = ((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))
HALF = ((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))
NEG = -1e9


class PatchEmbed(nn.Module):
    def __init__(self, patch, width, channels):
        super().__init__()
        self.proj = nn.Conv2d(channels, width, patch, stride=patch)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        att = (q * (1.0 / math.sqrt(c // self.heads))) @ k.transpose(-2, -1)
        out = att.softmax(-1) @ v
        return self.proj(out.transpose(1, 2).reshape(b, n, c))


class Mlp(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc1 = nn.Linear(width, 4 * width)
        self.fc2 = nn.Linear(4 * width, width)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def film_width(a):
    """FiLM's input width: the mean instruction embedding, plus the position-weighted mean with filmOrder."""
    return a["width"] * (2 if a.get("filmOrder", False) else 1)


def film_language(emb, weights, a):
    """FiLM's language input from token embeddings [B, T, d] and mean weights [B, T] (1/count on the
    instruction's tokens, 0 elsewhere): the mean, then with filmOrder the mean weighted by each token's
    place in the instruction, -1 for the first to +1 for the last (0 for a one-token instruction)."""
    lang = (emb * weights.unsqueeze(-1)).sum(1)
    if not a.get("filmOrder", False):
        return lang
    on = (weights > 0).float()
    count = on.sum(1, keepdim=True)
    index = torch.cumsum(on, 1) - 1  # place among the instruction's tokens
    place = torch.where(count > 1, 2 * index / (count - 1).clamp(min=1) - 1, torch.zeros_like(index))
    return torch.cat([lang, (emb * (weights * place).unsqueeze(-1)).sum(1)], dim=1)


def film(x, lang, layer, per_channel_2d):
    """(1 + gamma) x + beta with [gamma, beta] = layer(lang) (OpenVLA-OFT's FiLM)."""
    gb = layer(lang)
    c = gb.shape[1] // 2
    gamma, beta = gb[:, :c], gb[:, c:]
    if per_channel_2d:
        gamma, beta = gamma[:, :, None, None], beta[:, :, None, None]
    else:
        gamma, beta = gamma[:, None, :], beta[:, None, :]
    return x * (gamma + 1.0) + beta


class Block(nn.Module):
    def __init__(self, width, heads, film_dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.attn = Attention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.mlp = Mlp(width)
        self.film = nn.Linear(film_dim, 2 * width) if film_dim else None

    def forward(self, x, lang):
        x = x + self.attn(self.norm1(x))
        if self.film is not None:
            x = film(x, lang, self.film, False)
        return x + self.mlp(self.norm2(x))


class ViT(nn.Module):
    def __init__(self, a, norm):
        super().__init__()
        # the wrist image (a["wrist"]) enters as 3 more channels after the main image's, standardized alike
        channels = 6 if a.get("wrist", False) else 3
        self.pixel_mean = torch.tensor(norm[0] * (channels // 3)).view(1, channels, 1, 1)
        self.pixel_std = torch.tensor(norm[1] * (channels // 3)).view(1, channels, 1, 1)
        w = a["visionWidth"]
        if a["convStem"]:
            # hybrid ViT: two 3x3 stride-2 convolutions with GELU, then a patch/4 patch embedding
            self.stem = nn.Sequential(
                nn.Conv2d(channels, w // 4, 3, stride=2, padding=1), nn.GELU(),
                nn.Conv2d(w // 4, w // 2, 3, stride=2, padding=1), nn.GELU(),
            )
            self.patch_embed = PatchEmbed(a["patch"] // 4, w, w // 2)
            self.film_stem = nn.Linear(film_width(a), w) if a["film"] else None
        else:
            self.stem = None
            self.patch_embed = PatchEmbed(a["patch"], w, 3)
        n = (a["imageSize"] // a["patch"]) ** 2
        self.pos_embed = nn.Parameter(torch.zeros(1, n, a["visionWidth"]))
        film_dim = film_width(a) if a["film"] else 0
        self.blocks = nn.ModuleList(
            [Block(a["visionWidth"], a["visionHeads"], film_dim) for _ in range(a["visionLayers"])]
        )
        self.norm = nn.LayerNorm(a["visionWidth"], eps=1e-6)
        if a.get("keypoints", False):
            # keypoint logits: a 1x1 convolution of the stem's features times a learned temperature
            self.keypoint_conv = nn.Conv2d(w // 2, w // 2, 1)
            self.keypoint_log_temperature = nn.Parameter(torch.tensor([math.log(4.0)]))

    def keypoints(self, maps):
        """Spatial-softmax keypoints [B, w] of the stem's feature maps."""
        return keypoints(self.keypoint_conv(maps) * self.keypoint_log_temperature.exp())

    def forward(self, pixels, lang):
        """Patch tokens [B, N, w] and the conv stem's feature maps (None without the stem)."""
        x = (pixels - self.pixel_mean) / self.pixel_std
        maps = None
        if self.stem is not None:
            x = self.stem(x)
            if self.film_stem is not None:
                x = film(x, lang, self.film_stem, True)
            maps = x
        x = self.patch_embed(x) + self.pos_embed
        for blk in self.blocks:
            x = blk(x, lang)
        return self.norm(x), maps


def keypoints(maps):
    """Spatial softmax: per channel, the expected (x, y) in [-1, 1] (pixel centres) -> [B, 2c]."""
    b, c, h, w = maps.shape
    p = F.softmax(maps.reshape(b, c, h * w), dim=-1)
    xs = ((2 * torch.arange(w, dtype=torch.float32) + 1) / w - 1).repeat(h)
    ys = ((2 * torch.arange(h, dtype=torch.float32) + 1) / h - 1).repeat_interleave(w)
    return torch.cat([(p * xs).sum(-1), (p * ys).sum(-1)], dim=1)


class VisionBackbone(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.fused = a["fused"]
        self.keypoints = a.get("keypoints", False)
        self.featurizer = ViT(a, IMAGENET if self.fused else HALF)
        if self.fused:
            self.fused_featurizer = ViT(a, HALF)

    def forward(self, pixels, lang):
        """Patch features [B, N, towers*w] and the keypoints [B, towers*w] (None when off)."""
        f, maps = self.featurizer(pixels, lang)
        kp = self.featurizer.keypoints(maps) if self.keypoints else None
        if self.fused:
            g, maps2 = self.fused_featurizer(pixels, lang)
            f = torch.cat([f, g], dim=2)
            if self.keypoints:
                kp = torch.cat([kp, self.fused_featurizer.keypoints(maps2)], dim=1)
        return f, kp


class Projector(nn.Module):
    def __init__(self, a):
        super().__init__()
        k = a["pool"]
        d = a["width"]
        inp = (2 if a["fused"] else 1) * a["visionWidth"] * k * k
        self.fc1 = nn.Linear(inp, d)
        self.fc2 = nn.Linear(d, d)
        self.fc3 = nn.Linear(d, d) if a["fused"] else None

    def forward(self, x):
        x = self.fc2(F.gelu(self.fc1(x)))
        if self.fc3 is not None:
            x = self.fc3(F.gelu(x))
        return x


class TwoLayer(nn.Module):
    def __init__(self, inp, hidden, out):
        super().__init__()
        self.fc1 = nn.Linear(inp, hidden)
        self.fc2 = nn.Linear(hidden, out)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class SelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.q_proj = nn.Linear(d, d, bias=False)
        self.k_proj = nn.Linear(d, d, bias=False)
        self.v_proj = nn.Linear(d, d, bias=False)
        self.o_proj = nn.Linear(d, d, bias=False)

    def forward(self, x, mask):
        b, t, d = x.shape
        h = self.heads

        def split(y):
            return y.view(b, t, h, d // h).transpose(1, 2)

        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        att = (q * (1.0 / math.sqrt(d // h))) @ k.transpose(-2, -1) + mask
        out = att.softmax(-1) @ v
        return self.o_proj(out.transpose(1, 2).reshape(b, t, d))


class SwiGlu(nn.Module):
    def __init__(self, d, f):
        super().__init__()
        self.gate_proj = nn.Linear(d, f, bias=False)
        self.up_proj = nn.Linear(d, f, bias=False)
        self.down_proj = nn.Linear(f, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class DecoderLayer(nn.Module):
    def __init__(self, d, heads, f):
        super().__init__()
        self.input_layernorm = RMSNorm(d)
        self.self_attn = SelfAttention(d, heads)
        self.post_attention_layernorm = RMSNorm(d)
        self.mlp = SwiGlu(d, f)

    def forward(self, x, mask):
        x = x + self.self_attn(self.input_layernorm(x), mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaModel(nn.Module):
    def __init__(self, a):
        super().__init__()
        d = a["width"]
        self.embed_tokens = nn.Embedding(a["vocabSize"], d)
        self.embed_positions = nn.Embedding(max_positions(a), d)
        self.layers = nn.ModuleList(
            [DecoderLayer(d, a["heads"], a["mlpHidden"]) for _ in range(a["layers"])]
        )
        self.norm = RMSNorm(d)

    def forward(self, x, mask):
        for layer in self.layers:
            x = layer(x, mask)
        return self.norm(x)


class LanguageModel(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.model = LlamaModel(a)
        self.lm_head = nn.Linear(a["width"], a["vocabSize"], bias=False)


def max_positions(a):
    vision = (a["imageSize"] // a["patch"] // a["pool"]) ** 2 + (1 if a.get("keypoints", False) else 0)
    return 1 + vision + (1 if a["proprioDim"] > 0 else 0) + a["maxPromptTokens"] + a["chunk"] * a["actionDim"]


class Vla(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.a = a
        self.vision_backbone = VisionBackbone(a)
        self.projector = Projector(a)
        if a.get("keypoints", False):
            towers = 2 if a["fused"] else 1
            self.keypoint_projector = TwoLayer(towers * a["visionWidth"], a["width"], a["width"])
        if a["proprioDim"] > 0:
            self.proprio_projector = TwoLayer(a["proprioDim"], a["width"], a["width"])
        self.language_model = LanguageModel(a)
        self.value_head = TwoLayer(a["width"], a["valueHidden"], 1)

    def pool(self, f):
        k = self.a["pool"]
        if k == 1:
            return f
        b, n, c = f.shape
        g = int(round(math.sqrt(n)))
        f = f.reshape(b, g // k, k, g // k, k, c).permute(0, 1, 3, 2, 4, 5)
        return f.reshape(b, (g // k) ** 2, k * k * c)

    def prefix(self, image, proprio, prompt_ids):
        """One row: image uint8 [S, S, 3] ([S, S, 6] with the wrist image's rgb after the main one's),
        proprio [P] or None, prompt ids (list) -> [1, T0, d]."""
        pixels = image.permute(2, 0, 1).unsqueeze(0).float() / 255.0
        lm = self.language_model.model
        before = len(tokenizer.encode(tokenizer.PROMPT_PREFIX))
        after = len(tokenizer.encode(tokenizer.PROMPT_SUFFIX))
        instruction = prompt_ids[before : len(prompt_ids) - after]
        emb = lm.embed_tokens(torch.tensor([instruction]))
        lang = film_language(emb, torch.full((1, len(instruction)), 1.0 / len(instruction)), self.a)
        feats, kp = self.vision_backbone(pixels, lang)
        vis = self.projector(self.pool(feats))
        parts = [lm.embed_tokens(torch.tensor([[1]])), vis]
        if kp is not None:
            parts.append(self.keypoint_projector(kp).unsqueeze(1))
        if self.a["proprioDim"] > 0:
            parts.append(self.proprio_projector(proprio.view(1, -1)).unsqueeze(1))
        parts.append(lm.embed_tokens(torch.tensor([prompt_ids])))
        return torch.cat(parts, dim=1)

    def action_logits(self, hidden):
        """Logits of action tokens 0..255 = vocabulary ids V-1 .. V-256."""
        return self.language_model.lm_head(hidden)[..., -256:].flip(-1)

    def forward_row(self, image, proprio, prompt_ids, tokens, parallel):
        """Logits [n, 256] of the n action slots and the value, for one row.

        parallel: n zero-embedding slots that see the whole prefix and each other (OFT);
        else teacher forcing: inputs are action tokens 0..n-2, slot j read before token j.
        """
        n = self.a["chunk"] * self.a["actionDim"]
        lm = self.language_model.model
        x = self.prefix(image, proprio, prompt_ids)
        t0 = x.shape[1]
        extra = n if parallel else n - 1
        pos = torch.arange(t0 + extra).unsqueeze(0)
        if extra > 0:
            if parallel:
                slots = torch.zeros(1, extra, x.shape[2])
            else:
                ids = [self.a["vocabSize"] - 1 - int(t) for t in tokens[: n - 1]]
                slots = lm.embed_tokens(torch.tensor([ids]))
            x = torch.cat([x, slots], dim=1)
        x = x + lm.embed_positions(pos)
        t = x.shape[1]
        mask = torch.full((t, t), NEG).triu(1)
        if parallel:
            mask[t0:, :] = 0.0
        h = lm(x, mask.view(1, 1, t, t))
        first = t0 if parallel else t0 - 1
        logits = self.action_logits(h[0, first : first + n])
        value = self.value_head(h[0, t0 - 1]).squeeze(-1)
        return logits, value


class BatchVla(nn.Module):
    """A Vla run on whole batches with a fixed decoding mode, for TorchScript export.

    forward(pixels [B,3,S,S] float in [0,1], proprio [B,P] (P >= 1; ignored without proprio),
            prompt_ids [B,L] int64 left-padded with 0, tokens [B,n] int64 action tokens)
      -> (logits [B,n,256], value [B])

    Prompts are left-padded (pads masked out as keys, position ids count real tokens), exactly as
    the Java VlaInputs lays out a batch, so a row's outputs do not depend on the batch.
    """

    def __init__(self, vla, parallel):
        super().__init__()
        self.vla = vla
        self.parallel = parallel
        a = vla.a
        self.n = a["chunk"] * a["actionDim"]
        self.vocab = a["vocabSize"]
        self.has_proprio = a["proprioDim"] > 0
        self.before = len(tokenizer.encode(tokenizer.PROMPT_PREFIX))
        self.after = len(tokenizer.encode(tokenizer.PROMPT_SUFFIX))

    def forward(self, pixels, proprio, prompt_ids, tokens):
        # written without Python ints of the batch size, so that a trace works for any batch
        vla = self.vla
        lm = vla.language_model.model
        # FiLM: the mean embedding of the instruction tokens (real prompt tokens minus the template)
        real = (prompt_ids != 0).long()
        length = real.sum(1, keepdim=True)
        index = torch.cumsum(real, 1) - 1  # position within the row's prompt
        w = ((index >= self.before) & (index < length - self.after) & (real > 0)).float()
        w = w / w.sum(1, keepdim=True)
        lang = film_language(lm.embed_tokens(prompt_ids), w, vla.a)
        feats, kp = vla.vision_backbone(pixels, lang)
        vis = vla.projector(vla.pool(feats))
        if kp is not None:
            vis = torch.cat([vis, vla.keypoint_projector(kp).unsqueeze(1)], dim=1)
        one = prompt_ids[:, :1] * 0 + 1  # [B, 1] of ones
        parts = [lm.embed_tokens(one), vis]
        if self.has_proprio:
            parts.append(vla.proprio_projector(proprio).unsqueeze(1))
        parts.append(lm.embed_tokens(prompt_ids))
        fixed = 1 + vis.shape[1] + (1 if self.has_proprio else 0)
        n = self.n
        extra = n if self.parallel else n - 1
        if extra > 0:
            if self.parallel:
                parts.append((vis[:, :1, :] * 0).expand(-1, extra, -1))
            else:
                parts.append(lm.embed_tokens(self.vocab - 1 - tokens[:, : n - 1]))
        x = torch.cat(parts, dim=1)
        real = torch.cat([(one > 0).expand(-1, fixed), prompt_ids != 0, (one > 0).expand(-1, extra)], dim=1)
        pos = (torch.cumsum(real.long(), dim=1) - 1).clamp(min=0)
        x = x + lm.embed_positions(pos)
        t = x.shape[1]
        t0 = t - extra
        causal = torch.full((t, t), NEG).triu(1)
        if self.parallel:
            causal[t0:, :] = 0.0
        keys = (~real).float() * NEG
        mask = causal.view(1, 1, t, t) + keys.unsqueeze(1).unsqueeze(1)
        h = lm(x, mask)
        first = t0 if self.parallel else t0 - 1
        logits = vla.action_logits(h[:, first : first + n])
        value = vla.value_head(h[:, t0 - 1]).squeeze(-1)
        return logits, value
