"""Reads safetensors files into float32 torch tensors (no `safetensors` package needed),
and loads a module strictly: every parameter present with its shape, nothing left over."""
import json
import struct

import torch

_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
           "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8}


def read(path):
    """Returns ({name: tensor}, metadata); floating tensors come back as float32, integers as int64."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    out = {}
    for name, e in header.items():
        lo, hi = e["data_offsets"]
        dtype = _DTYPES[e["dtype"]]
        t = torch.frombuffer(bytearray(data[base + lo:base + hi]), dtype=dtype) if hi > lo else torch.empty(0, dtype=dtype)
        t = t.reshape(e["shape"])
        out[name] = t.float() if t.is_floating_point() else t.long()
    return out, meta


def load_strict(module, tensors, source, skip=lambda name: False):
    """Copies `tensors` into `module`'s parameters by name; fails on a missing, unused or misshapen tensor."""
    params = dict(module.named_parameters())
    used = {k: v for k, v in tensors.items() if not skip(k)}
    missing = sorted(set(params) - set(used))
    unused = sorted(set(used) - set(params))
    if missing or unused:
        raise SystemExit(f"{source}: missing {missing[:5]}{'…' if len(missing) > 5 else ''} "
                         f"unused {unused[:5]}{'…' if len(unused) > 5 else ''}")
    with torch.no_grad():
        for name, p in params.items():
            t = used[name]
            if tuple(t.shape) != tuple(p.shape):
                raise SystemExit(f"{source}: {name} has shape {tuple(t.shape)}, the model {tuple(p.shape)}")
            p.copy_(t)
