"""The workloads `dreamstyler bench model` times, in PyTorch, on the mirrored denoiser:
a full training step, the tuning step as the product's benchmark runs it, a 10-s
generation (50 DDIM steps, classifier-free guidance 7), and the real DreamStyler tuning
step of Sources/Method (identifier tokens through the frozen MiniLM, 5 % of the
self-attention V entries, every cross-attention K/V, AdamW β = (0.9, 0.95), weight decay
0.1, gradient clipping at 1, ε-prediction MSE)."""
import math

import torch
import torch.nn.functional as F

# The instrument templates of Sources/Method/PromptTemplates.swift.
TEMPLATES = ["{}", "music played on {}", "a recording of {}", "a melody on {}", "a solo on {}",
             "a piece featuring {}", "a song with {}", "{} music"]


def alphas_cumprod(config):
    """ᾱ_t of the "scaled_linear" schedule (Sources/Diffusion/NoiseSchedule.swift), in double."""
    d = config["diffusion"]
    n, a, b = d["timesteps"], math.sqrt(d["beta_start"]), math.sqrt(d["beta_end"])
    betas = (a + (b - a) * torch.arange(n, dtype=torch.float64) / max(n - 1, 1)) ** 2
    return torch.cumprod(1 - betas, 0)


def latent_frames(config, seconds):
    """ModelConfiguration.latentFrames(seconds:): mel frames / 4, rounded up to a multiple of 4."""
    s = config["spectrogram"]
    mel = math.ceil(seconds * s["sample_rate"] / s["hop"])
    down = 1 << len(config["codec"]["channels"])
    lat = (mel + down - 1) // down
    m = 1 << (len(config["denoiser"]["channels"]) - 1)
    return max(m, (lat + m - 1) // m * m)


class BenchInputs:
    """The tensors of `dreamstyler bench model` (its values come from its own generator;
    the shapes, steps and settings are the same)."""

    def __init__(self, config, batch=32, frames=64, context_tokens=24, seed=2):
        g = torch.Generator().manual_seed(seed)
        c = config["codec"]["latent_channels"]
        self.x = torch.randn(batch, frames, c, generator=g)
        self.ctx = torch.randn(batch, context_tokens, config["text"]["hidden_size"], generator=g)
        self.noise = torch.randn(batch, frames, c, generator=g)
        self.steps = [float((i * 37) % 1000) for i in range(batch)]


def full_step(unet, inp):
    """Every weight trains: zero the gradients, forward, MSE to the noise, backward."""
    unet.requires_grad_(True)

    def step():
        unet.zero_grad(set_to_none=False)
        F.mse_loss(unet(inp.x, inp.steps, inp.ctx), inp.noise).backward()
    return step


def bench_tuning_step(unet, inp):
    """The product benchmark's tuning step: cross-attention K/V and self-attention V train
    (the product computes V's whole gradient, then updates 5 % of it), gradients flow on to
    the text features."""
    unet.requires_grad_(False)
    for name, p in unet.named_parameters():
        if any(s in name for s in ("attn2.to_k", "attn2.to_v", "attn1.to_v.weight")):
            p.requires_grad_(True)
    ctx = inp.ctx.clone().requires_grad_(True)

    def step():
        unet.zero_grad(set_to_none=False)
        ctx.grad = None
        F.mse_loss(unet(inp.x, inp.steps, ctx), inp.noise).backward()
    return step


def generate(unet, config, inp, seconds=10, steps=50, scale=7.0, seed=1):
    """DDIM (η = 0, trailing spacing) with classifier-free guidance as one batch of two per step."""
    a = alphas_cumprod(config)
    n = config["diffusion"]["timesteps"]
    ts = [int(round(n - i * n / steps)) - 1 for i in range(steps)]
    frames = latent_frames(config, seconds)
    c1 = inp.ctx[:2]

    def run():
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(1, frames, config["codec"]["latent_channels"], generator=g)
        with torch.inference_mode():
            for i, t in enumerate(ts):
                both = unet(torch.cat([x, x]), [float(t), float(t)], c1)
                cond, uncond = both[:1], both[1:]
                eps = uncond + scale * (cond - uncond)
                at, ap = a[t].item(), (a[ts[i + 1]].item() if i + 1 < len(ts) else 1.0)
                x0 = (x - math.sqrt(1 - at) * eps) / math.sqrt(at)
                x = math.sqrt(ap) * x0 + math.sqrt(max(0.0, 1 - ap)) * eps
        return x
    return run


class AdamW:
    """The product's AdamW (Sources/Engine/AdamW.swift): groups with their own learning rate
    and weight decay; a parameter trained on a few entries keeps moments for those entries
    alone and no other entry is written; clipping scales by maxNorm / (norm + 1e-6)."""

    def __init__(self, groups, betas=(0.9, 0.95), eps=1e-8):
        self.groups, self.b1, self.b2, self.eps, self.step_count = groups, betas[0], betas[1], eps, 0
        self.slots = []
        for gi, (lr, wd, params) in enumerate(groups):
            for p, idx in params:
                n = p.numel() if idx is None else idx.numel()
                self.slots.append((p, idx, gi, torch.zeros(n), torch.zeros(n)))

    def zero_grad(self):
        for p, *_ in self.slots:
            if p.grad is not None:
                p.grad.zero_()

    def clip(self, max_norm):
        total = 0.0
        for p, idx, *_ in self.slots:
            if p.grad is not None:
                g = p.grad.view(-1) if idx is None else p.grad.view(-1)[idx]
                total += float(g.double().square().sum())
        norm = math.sqrt(total)
        if math.isfinite(norm) and norm > max_norm:
            k = max_norm / (norm + 1e-6)
            for p, *_ in self.slots:
                if p.grad is not None:
                    p.grad.mul_(k)
        return norm

    @torch.no_grad()
    def update(self):
        self.step_count += 1
        c1, c2 = 1 - self.b1 ** self.step_count, 1 - self.b2 ** self.step_count
        for p, idx, gi, m, v in self.slots:
            lr, wd, _ = self.groups[gi]
            g = (p.grad if p.grad is not None else torch.zeros_like(p)).view(-1)
            flat = p.view(-1)
            if idx is not None:
                g = g[idx]
            m.mul_(self.b1).add_(g, alpha=1 - self.b1)
            v.mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
            upd = (m / c1) / ((v / c2).sqrt() + self.eps)
            if idx is None:
                flat.mul_(1 - lr * wd).sub_(lr * upd)
            else:
                flat[idx] = flat[idx] * (1 - lr * wd) - lr * upd


def dreamstyler_step(unet, text, config, batch=32, frames=64, percent=5.0, seed=7):
    """One real DreamStyler tuning step per call (Sources/Method/ConceptLearner.swift):
    each crop's prompt is a template naming <bench> (3 tokens, from "instrument"); each
    distinct prompt goes through the frozen MiniLM once, rows gathered differentiably; the
    ε-prediction loss on noised 64-frame latents; backward to the tokens, the selected V
    entries and cross-attention K/V; clipping at 1; AdamW (U-Net lr 1e-5, tokens 1e-4)."""
    g = torch.Generator().manual_seed(seed)
    unet.requires_grad_(False)
    tokens = text.concepts.get("bench")
    if tokens is None:
        tokens = text.add_concept_from_word("bench", "instrument", tokens=3, seed=seed)
    # P % of all self-attention V entries together, uniformly at random (the paper's ablation;
    # pivotal selection picks as many by the learned mask, which costs the step the same).
    values = [(n, p) for n, p in unet.named_parameters() if n.endswith("attn1.to_v.weight")]
    total = sum(p.numel() for _, p in values)
    k = max(1, min(total, round(percent / 100 * total)))
    chosen = torch.randperm(total, generator=g)[:k].sort().values
    unet_params, start = [], 0
    for n, p in values:
        sel = chosen[(chosen >= start) & (chosen < start + p.numel())] - start
        p.requires_grad_(True)
        unet_params.append((p, sel))
        start += p.numel()
    for n, p in unet.named_parameters():
        if n.endswith("attn2.to_k.weight") or n.endswith("attn2.to_v.weight"):
            p.requires_grad_(True)
            unet_params.append((p, None))
    opt = AdamW([(1e-5, 0.1, unet_params), (1e-4, 0.1, [(tokens, None)])])
    a = alphas_cumprod(config).float()
    x0 = torch.randn(batch, frames, config["codec"]["latent_channels"], generator=g)

    def step():
        opt.zero_grad()
        prompts, rows = [], []
        for _ in range(batch):
            p = TEMPLATES[int(torch.randint(len(TEMPLATES), (1,), generator=g))].replace("{}", "<bench>")
            if p not in prompts:
                prompts.append(p)
            rows.append(prompts.index(p))
        states, mask = text.encode(prompts)
        rows_t = torch.tensor(rows)
        context, cmask = states[rows_t], mask[rows_t]
        noise = torch.randn(x0.shape, generator=g)
        t = torch.randint(len(a), (batch,), generator=g)
        xt = a[t].sqrt().view(-1, 1, 1) * x0 + (1 - a[t]).sqrt().view(-1, 1, 1) * noise
        loss = F.mse_loss(unet(xt, t.double(), context, cmask), noise)
        loss.backward()
        opt.clip(1.0)
        opt.update()
        return loss.item()
    return step, k
