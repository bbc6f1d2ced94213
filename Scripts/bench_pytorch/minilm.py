"""A PyTorch mirror of the product's frozen text encoder (Sources/Text): a BERT with the
Hugging Face parameter names (all-MiniLM-L6-v2), loaded strictly from the same
model.safetensors, its WordPiece tokenizer (enough for plain prompts), and the
identifier tokens of a concept written `<name>` in a prompt."""
import json
import math
import os
import re
import unicodedata

import torch
import torch.nn as nn
import torch.nn.functional as F

import safetensors_io


class _Dense(nn.Module):
    def __init__(self, cin, cout, eps=None):
        super().__init__()
        self.dense = nn.Linear(cin, cout)
        if eps is not None:
            self.LayerNorm = nn.LayerNorm(cout, eps=eps)

    def forward(self, x, residual=None):
        y = self.dense(x)
        return y if residual is None else self.LayerNorm(y + residual)


class _SelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)

    def forward(self, x, mask):
        b, l, d = x.shape
        h = self.heads
        q, k, v = (p(x).view(b, l, h, d // h).transpose(1, 2) for p in (self.query, self.key, self.value))
        o = F.scaled_dot_product_attention(q, k, v, attn_mask=(mask != 0).view(b, 1, 1, l))
        return o.transpose(1, 2).reshape(b, l, d)


class _Attention(nn.Module):
    def __init__(self, d, heads, eps):
        super().__init__()
        setattr(self, "self", _SelfAttention(d, heads))
        self.output = _Dense(d, d, eps)

    def forward(self, x, mask):
        return self.output(getattr(self, "self")(x, mask), x)


class _Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        eps = c["layer_norm_eps"]
        self.attention = _Attention(c["hidden_size"], c["num_attention_heads"], eps)
        self.intermediate = _Dense(c["hidden_size"], c["intermediate_size"])
        self.output = _Dense(c["intermediate_size"], c["hidden_size"], eps)

    def forward(self, x, mask):
        h = self.attention(x, mask)
        return self.output(F.gelu(self.intermediate(h)), h)


class _Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        d = c["hidden_size"]
        self.word_embeddings = nn.Embedding(c["vocab_size"], d)
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], d)
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], d)
        self.LayerNorm = nn.LayerNorm(d, eps=c["layer_norm_eps"])

    def forward(self, inputs):
        l = inputs.shape[1]
        return self.LayerNorm(inputs + self.position_embeddings.weight[:l] + self.token_type_embeddings.weight[0])


class _Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c["num_hidden_layers"]))

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x


class Bert(nn.Module):
    """BertModel without its pooler: last hidden states of input embeddings."""

    def __init__(self, config):
        super().__init__()
        self.embeddings = _Embeddings(config)
        self.encoder = _Encoder(config)

    def forward(self, input_embeddings, mask):
        return self.encoder(self.embeddings(input_embeddings), mask)


def _skipped(name):
    """The checkpoint tensors the product's BertModel knowingly does not use."""
    return name == "embeddings.position_ids" or name.startswith("pooler.") or name.startswith("cls.")


class TextEncoder:
    """Tokenizer + frozen BERT + concepts' identifier embeddings, as Sources/Text does it."""

    UNK, CLS, SEP, PAD = "[UNK]", "[CLS]", "[SEP]", "[PAD]"

    def __init__(self, folder, max_length=64):
        config = json.load(open(os.path.join(folder, "config.json")))
        self.model = Bert(config)
        tensors, _ = safetensors_io.read(os.path.join(folder, "model.safetensors"))
        tensors = {n[5:] if n.startswith("bert.") else n: t for n, t in tensors.items()}
        safetensors_io.load_strict(self.model, tensors, "model.safetensors", skip=_skipped)
        self.model.requires_grad_(False)
        self.vocab = {w.rstrip("\n"): i for i, w in enumerate(open(os.path.join(folder, "vocab.txt"), encoding="utf-8"))}
        self.max_length = max_length
        self.concepts = {}
        self.hidden = config["hidden_size"]

    # -- tokenizer (BERT basic tokenizer, lower case, then greedy WordPiece) --
    def _words(self, text):
        text = unicodedata.normalize("NFD", text.lower())
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        out = []
        for w in text.split():
            out += [p for p in re.split(r"([^\w\s]|_)", w) if p]
        return out

    def pieces(self, text):
        ids = []
        for w in self._words(text):
            start, sub = 0, []
            while start < len(w):
                end = len(w)
                while end > start:
                    p = w[start:end] if start == 0 else "##" + w[start:end]
                    if p in self.vocab:
                        break
                    end -= 1
                if end == start:
                    sub = [self.vocab[self.UNK]]
                    break
                sub.append(self.vocab[p])
                start = end
            ids += sub
        return ids

    def add_concept(self, name, embeddings):
        """Identifier embeddings (n, hidden) for `<name>`; they train (requires_grad)."""
        self.concepts[name] = embeddings.detach().clone().requires_grad_(True)
        return self.concepts[name]

    def add_concept_from_word(self, name, word, tokens=3, noise=0.1, seed=7):
        table = self.model.embeddings.word_embeddings.weight
        start = table[self.pieces(word)].double().mean(0)
        rms = start.square().mean().sqrt()
        g = torch.Generator().manual_seed(seed)
        e = start + noise * rms * torch.randn(tokens, self.hidden, generator=g, dtype=torch.float64)
        return self.add_concept(name, e.float())

    def tokenize(self, prompt):
        """(ids, identifier slots): [CLS] … [SEP], `<name>` as that concept's n tokens (ids [UNK])."""
        ids, slots = [self.vocab[self.CLS]], [None]
        for part in re.split(r"(<[A-Za-z0-9_-]{1,64}>)", prompt):
            if re.fullmatch(r"<[A-Za-z0-9_-]{1,64}>", part):
                name = part[1:-1]
                n = self.concepts[name].shape[0]
                ids += [self.vocab[self.UNK]] * n
                slots += [(name, k) for k in range(n)]
            elif part:
                p = self.pieces(part)
                ids += p
                slots += [None] * len(p)
        ids, slots = ids[:self.max_length - 1], slots[:self.max_length - 1]
        return ids + [self.vocab[self.SEP]], slots + [None]

    def encode(self, prompts):
        """Last hidden states (B, L, D), zero at padding, and the mask (B, L); gradients reach the concepts."""
        toks = [self.tokenize(p) for p in prompts]
        b, l = len(toks), max(len(t[0]) for t in toks)
        ids = torch.full((b, l), self.vocab[self.PAD], dtype=torch.long)
        mask = torch.zeros(b, l)
        keep = torch.ones(b, l, 1)
        rows, idx = [torch.zeros(1, self.hidden)], torch.zeros(b, l, dtype=torch.long)
        first = {}
        for i, (tid, slots) in enumerate(toks):
            ids[i, :len(tid)] = torch.tensor(tid)
            mask[i, :len(tid)] = 1
            for t, s in enumerate(slots):
                if s is None:
                    continue
                name, k = s
                if name not in first:
                    first[name] = sum(r.shape[0] for r in rows)
                    rows.append(self.concepts[name])
                keep[i, t] = 0
                idx[i, t] = first[name] + k
        inputs = self.model.embeddings.word_embeddings(ids)
        if first:
            inputs = inputs * keep + torch.cat(rows, 0)[idx]
        return self.model(inputs, mask) * mask.unsqueeze(-1), mask
