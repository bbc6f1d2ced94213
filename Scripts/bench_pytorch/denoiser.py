"""A PyTorch mirror of the product's denoiser (Sources/Model/UNet1D.swift and Sources/NN):
the same modules, parameter names, shapes and GEMM FLOPs, so that it loads
Models/base/denoiser.safetensors strictly.

The interface is the product's: latents (B, L, C) channels-last, conv weights stored
(Cout, K, Cin). Inside, the convolutional path runs channels-first (B, C, L), the layout
PyTorch's CPU convolutions and GroupNorm are made for, and the transformer blocks run
(B, L, C), as diffusers does; the arithmetic is the product's either way."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Conv1d(nn.Module):
    """Weight (out, K, in) as the product stores it; input and output (B, C, L)."""

    def __init__(self, cin, cout, kernel, stride=1, padding=0):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(cout, kernel, cin))
        self.bias = nn.Parameter(torch.empty(cout))
        self.stride, self.padding = stride, padding
        bound = 1 / math.sqrt(cin * kernel)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x):
        return F.conv1d(x, self.weight.permute(0, 2, 1), self.bias, self.stride, self.padding)


class Attention(nn.Module):
    """to_q / to_k / to_v (no bias) / to_out; self-attention without context."""

    def __init__(self, channels, heads, context_channels=None):
        super().__init__()
        ctx = context_channels or channels
        self.heads = heads
        self.to_q = nn.Linear(channels, channels, bias=False)
        self.to_k = nn.Linear(ctx, channels, bias=False)
        self.to_v = nn.Linear(ctx, channels, bias=False)
        self.to_out = nn.Linear(channels, channels)

    def forward(self, x, context=None, context_mask=None):
        b, l, c = x.shape
        src = x if context is None else context
        h = self.heads
        q = self.to_q(x).view(b, l, h, c // h).transpose(1, 2)
        k = self.to_k(src).view(b, src.shape[1], h, c // h).transpose(1, 2)
        v = self.to_v(src).view(b, src.shape[1], h, c // h).transpose(1, 2)
        mask = None
        if context is not None and context_mask is not None:
            mask = (context_mask != 0).view(b, 1, 1, -1)
        o = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        return self.to_out(o.transpose(1, 2).reshape(b, l, c))


class FeedForward(nn.Module):
    def __init__(self, channels, inner):
        super().__init__()
        self.proj_in = nn.Linear(channels, inner)
        self.proj_out = nn.Linear(inner, channels)

    def forward(self, x):
        return self.proj_out(F.gelu(self.proj_in(x)))


class TransformerBlock(nn.Module):
    """Pre-norm: self-attention (attn1), cross-attention to the text (attn2), feed-forward (ff)."""

    def __init__(self, channels, context_channels, heads, ff):
        super().__init__()
        self.norm1 = nn.LayerNorm(channels, eps=1e-5)
        self.attn1 = Attention(channels, heads)
        self.norm2 = nn.LayerNorm(channels, eps=1e-5)
        self.attn2 = Attention(channels, heads, context_channels)
        self.norm3 = nn.LayerNorm(channels, eps=1e-5)
        self.ff = FeedForward(channels, ff)

    def forward(self, x, context, context_mask):
        """x (B, C, L) → (B, C, L); the block itself works on (B, L, C)."""
        h = x.transpose(1, 2)
        h = h + self.attn1(self.norm1(h))
        h = h + self.attn2(self.norm2(h), context, context_mask)
        h = h + self.ff(self.norm3(h))
        return h.transpose(1, 2)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, time_channels, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, cin), cin, eps=1e-5)
        self.conv1 = Conv1d(cin, cout, 3, padding=1)
        self.time_proj = nn.Linear(time_channels, cout)
        self.norm2 = nn.GroupNorm(min(groups, cout), cout, eps=1e-5)
        self.conv2 = Conv1d(cout, cout, 3, padding=1)
        self.skip = Conv1d(cin, cout, 1) if cin != cout else None

    def forward(self, x, t):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time_proj(F.silu(t)).unsqueeze(-1)
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.skip is None else self.skip(x)) + h


class TimestepEmbedding(nn.Module):
    def __init__(self, frequencies, channels):
        super().__init__()
        self.frequencies = frequencies
        self.linear_1 = nn.Linear(frequencies, channels)
        self.linear_2 = nn.Linear(channels, channels)

    def sinusoids(self, timesteps):
        """[cos(t·ω_k), sin(t·ω_k)], ω_k = 10000^(−k/half), computed in double as the product does."""
        half = self.frequencies // 2
        w = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half)
        a = torch.as_tensor(timesteps, dtype=torch.float64).view(-1, 1) * w
        return torch.cat([torch.cos(a), torch.sin(a)], dim=1).float()

    def forward(self, timesteps):
        return self.linear_2(F.silu(self.linear_1(self.sinusoids(timesteps))))


class Level(nn.Module):
    """One resolution: `res` blocks, optional `attn` blocks, optional down/up-sampling conv."""

    def __init__(self, res, attn, resample_name, resample):
        super().__init__()
        self.res = nn.ModuleList(res)
        if attn is not None:
            self.attn = nn.ModuleList(attn)
        else:
            self.attn = None
        self.resample_name = resample_name
        if resample is not None:
            setattr(self, resample_name, resample)


class UNet1D(nn.Module):
    def __init__(self, config):
        super().__init__()
        d = config["denoiser"]
        ch, latent, ctx = d["channels"], config["codec"]["latent_channels"], config["text"]["hidden_size"]
        tc, groups, heads, ffm, blocks = d["time_channels"], d["groups"], d["heads"], d["feed_forward_multiple"], d["res_blocks_per_level"]
        self.levels = len(ch)

        def tblocks(c, n):
            return [TransformerBlock(c, ctx, heads, ffm * c) for _ in range(n)]

        self.conv_in = Conv1d(latent, ch[0], 3, padding=1)
        self.time_embed = TimestepEmbedding(ch[0], tc)
        skips, inc, down = [ch[0]], ch[0], []
        for i, c in enumerate(ch):
            last = i == len(ch) - 1
            res = [ResBlock(inc if j == 0 else c, c, tc, groups) for j in range(blocks)]
            down.append(Level(res, tblocks(c, blocks) if d["attention"][i] else None, "downsample",
                              None if last else Conv1d(c, c, 3, stride=2, padding=1)))
            inc = c
            skips += [c] * blocks + ([] if last else [c])
        self.down = nn.ModuleList(down)
        self.mid = Level([ResBlock(inc, inc, tc, groups) for _ in range(2)], tblocks(inc, 1), "none", None)
        up = []
        for i in reversed(range(len(ch))):
            skip_ch = [skips.pop() for _ in range(blocks + 1)]
            res = [ResBlock((inc if j == 0 else ch[i]) + s, ch[i], tc, groups) for j, s in enumerate(skip_ch)]
            up.append(Level(res, tblocks(ch[i], blocks + 1) if d["attention"][i] else None, "upsample",
                            Conv1d(ch[i], ch[i], 3, padding=1) if i > 0 else None))
            inc = ch[i]
        self.up = nn.ModuleList(up)
        self.norm_out = nn.GroupNorm(min(groups, ch[0]), ch[0], eps=1e-5)
        self.conv_out = Conv1d(ch[0], latent, 3, padding=1)

    def forward(self, x, timesteps, context, context_mask=None):
        """x (B, L, latent) channels-last, timesteps (B) floats, context (B, S, D), mask (B, S) → ε̂ (B, L, latent)."""
        t = self.time_embed(timesteps)
        h = self.conv_in(x.transpose(1, 2))
        skips = [h]
        for level in self.down:
            for j, block in enumerate(level.res):
                h = block(h, t)
                if level.attn is not None:
                    h = level.attn[j](h, context, context_mask)
                skips.append(h)
            if hasattr(level, "downsample"):
                h = level.downsample(h)
                skips.append(h)
        h = self.mid.attn[0](self.mid.res[0](h, t), context, context_mask)
        h = self.mid.res[1](h, t)
        for level in self.up:
            for j, block in enumerate(level.res):
                h = block(torch.cat([h, skips.pop()], dim=1), t)
                if level.attn is not None:
                    h = level.attn[j](h, context, context_mask)
            if hasattr(level, "upsample"):
                h = level.upsample(F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h))).transpose(1, 2)


def count_flops(model, *args, backward=False):
    """GEMM FLOPs of one forward (and backward) pass as the product counts them (2·m·n·k per
    GEMM: linears, convolutions, and the two products of every attention, which PyTorch's
    counter does not see inside scaled_dot_product_attention)."""
    from torch.utils.flop_counter import FlopCounterMode
    attention = [0]

    def hook(module, inputs, output):
        x = inputs[0]
        src = inputs[1] if len(inputs) > 1 and inputs[1] is not None else x
        attention[0] += 4 * x.shape[0] * x.shape[1] * src.shape[1] * x.shape[2]

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, Attention)]
    try:
        with FlopCounterMode(display=False) as fc:
            out = model(*args)
            if backward:
                out.square().mean().backward()
    finally:
        for h in handles:
            h.remove()
    # The backward pass of an attention costs two GEMMs per input gradient it computes;
    # only the forward is counted here for attention (enough for the forward check).
    return fc.get_total_flops() + attention[0]
