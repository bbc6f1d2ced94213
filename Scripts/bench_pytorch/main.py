"""Scripts/bench-pytorch: the product's engine side by side with PyTorch (CPU) on the
identical denoiser, in one run.

1. Check: `dreamstyler bench model --dump-forward` writes a fixed input and the shipped
   denoiser's output (and MiniLM states of prompts naming a concept); the PyTorch mirrors
   load the same files strictly and must agree (denoiser: max |Δ| / max |y| ≤ 1e-4).
2. Time, on the same number of threads: full training step and tuning step (batch 32 ×
   64 latent frames), a 10-s generation (50 DDIM steps, CFG 7) and the real DreamStyler
   step (MiniLM, AdamW, clipping): PyTorch here, the product through
   `dreamstyler bench model --json`. Around each timing, /proc/stat tells whether anything
   besides the timed process used the CPU meanwhile."""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore", message=".*NumPy.*")
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import denoiser  # noqa: E402
import minilm  # noqa: E402
import safetensors_io  # noqa: E402
import tuning  # noqa: E402


class CpuWatch:
    """CPU time used on the machine during a timing, minus what this process (and its
    children) used: the rest was someone else's. Also /proc/loadavg before and after."""

    TICK = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _busy():
        f = open("/proc/stat").readline().split()[1:]
        user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in f[:8])
        return (user + nice + system + irq + softirq + steal) / CpuWatch.TICK

    @staticmethod
    def _own():
        s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime

    def __init__(self, label):
        self.label = label

    def __enter__(self):
        self.load0 = open("/proc/loadavg").read().split()[0]
        self.t0, self.busy0, self.own0 = time.monotonic(), self._busy(), self._own()
        return self

    def __exit__(self, *exc):
        wall = time.monotonic() - self.t0
        self.other = max(0.0, (self._busy() - self.busy0) - (self._own() - self.own0))
        self.load1 = open("/proc/loadavg").read().split()[0]
        # More than a tenth of a core on average, and over half a CPU-second: someone else ran.
        self.disturbed = self.other > max(0.5, 0.1 * wall)
        note = (f"  !! {self.other:.1f} CPU-s used by other processes during {wall:.1f} s"
                if self.disturbed else f"  quiet ({self.other:.1f} CPU-s elsewhere in {wall:.1f} s)")
        print(f"  [{self.label}] loadavg {self.load0} → {self.load1};{note}", flush=True)
        WATCHES.append(self)


WATCHES = []


def machine():
    """What the numbers depend on: the CPU, its vector features, and any BLAS settings."""
    info = open("/proc/cpuinfo").read()
    model = next((l.split(":", 1)[1].strip() for l in info.splitlines() if l.startswith("model name")), "?")
    flags = set(next((l.split(":", 1)[1].split() for l in info.splitlines() if l.startswith("flags")), []))
    feats = [f for f in ("avx2", "fma", "avx512f", "avx512_bf16", "avx512_fp16", "amx_tile") if f in flags]
    blas = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "BLIS_", "DNNL_", "ONEDNN_"))}
    return {"cpu": model, "cores": os.cpu_count(), "features": feats, "env": blas,
            "torch_cpu_capability": torch.backends.cpu.get_cpu_capability()}


def median_time(fn, warmup=1, repeats=5):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def swift(args, *argv):
    env = dict(os.environ, DREAMSTYLER_THREADS=str(args.threads))
    r = subprocess.run([args.dreamstyler, "bench", "model", *argv], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"bench-pytorch: dreamstyler bench model {' '.join(argv)} failed (an older build? `swift build -c release --product dreamstyler`):\n{r.stderr}{r.stdout}")
    return r.stdout


def check(args, config, unet, text):
    print("== numeric check against the product (shipped weights)")
    with tempfile.TemporaryDirectory(prefix="bench-pytorch-") as tmp:
        swift(args, "--dump-forward", tmp, "--weights", os.path.join(args.model, "denoiser.safetensors"),
              "--text-encoder", args.text_encoder, "--precision", "fp32")
        ref, meta = safetensors_io.read(os.path.join(tmp, "forward.safetensors"))
        tref, _ = safetensors_io.read(os.path.join(tmp, "text.safetensors"))
    with torch.no_grad():
        y = unet(ref["x"], ref["timesteps"].double(), ref["context"], ref["context_mask"])
    err = (y - ref["output"]).abs().max().item()
    scale = ref["output"].abs().max().item()
    rel = err / scale
    l2 = ((y - ref["output"]).norm() / ref["output"].norm()).item()
    params = sum(p.numel() for p in unet.parameters())
    flops = denoiser.count_flops(unet, ref["x"], ref["timesteps"].double(), ref["context"], ref["context_mask"])
    ok = rel <= 1e-4 and params == int(meta["parameters"]) and flops == int(meta["forward_flops"])
    print(f"  denoiser: {params:,} parameters (product {int(meta['parameters']):,}), forward GEMM FLOPs "
          f"{flops:,} (product {int(meta['forward_flops']):,})")
    print(f"  forward (2 × 64 frames, 24 context tokens, one padded): max |Δ| {err:.3e}, max |y| {scale:.3f}, "
          f"max |Δ| / max |y| {rel:.2e}, ‖Δ‖/‖y‖ {l2:.2e}  → {'OK' if ok else 'MISMATCH'}")
    # MiniLM: the same prompts, ids and identifier embeddings as the product's dump.
    text.add_concept("bench", tref["concept"])
    prompts = ["a melody on <bench>", "<bench> music played on a rainy evening"]
    ids_ok = all(text.tokenize(p)[0] == [int(v) for v in tref["ids"][i][tref["mask"][i] != 0]] for i, p in enumerate(prompts))
    with torch.no_grad():
        states, mask = text.encode(prompts)
    terr = (states - tref["states"]).abs().max().item()
    trel = terr / tref["states"].abs().max().item()
    tok = ids_ok and trel <= 1e-4
    print(f"  text encoder: token ids {'identical' if ids_ok else 'DIFFER'}; states max |Δ| {terr:.3e}, "
          f"relative {trel:.2e}  → {'OK' if tok else 'MISMATCH'}")
    del text.concepts["bench"]
    return {"forward_max_abs": err, "forward_max_rel": rel, "forward_rel_l2": l2, "parameters": params,
            "forward_flops": flops, "text_max_abs": terr, "text_max_rel": trel, "ok": ok and tok}


def time_pytorch(args, config, unet, text):
    print(f"== PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    inp = tuning.BenchInputs(config, batch=args.batch)
    out = {}
    with CpuWatch("PyTorch full step"):
        out["full"] = median_time(tuning.full_step(unet, inp), repeats=args.repeats)
    with CpuWatch("PyTorch tuning step"):
        out["tuning"] = median_time(tuning.bench_tuning_step(unet, inp), repeats=args.repeats)
    unet.requires_grad_(False)
    with CpuWatch("PyTorch generation"):
        out["generate"] = median_time(tuning.generate(unet, config, inp), warmup=0, repeats=1)
    step, k = tuning.dreamstyler_step(unet, text, config, batch=args.batch)
    with CpuWatch("PyTorch DreamStyler step"):
        out["dreamstyler"] = median_time(step, repeats=args.repeats)
    print(f"  full {out['full']:.3f} s, tuning {out['tuning']:.3f} s, generate {out['generate']:.2f} s, "
          f"DreamStyler step {out['dreamstyler']:.3f} s ({k} V entries)")
    return out


def time_product(args, precision="fp32"):
    print(f"== product (dreamstyler bench model --precision {precision}, DREAMSTYLER_THREADS={args.threads})")
    with CpuWatch(f"product bench model ({precision})"):
        r = json.loads(swift(args, "--json", "--batch", str(args.batch), "--repeats", str(args.repeats),
                             "--text-encoder", args.text_encoder, "--precision", precision))
    print(f"  full {r['fullStepSeconds']:.3f} s, tuning {r['tuningStepSeconds']:.3f} s, generate "
          f"{r['generateSeconds']:.2f} s, DreamStyler step {r.get('dreamStylerStepSeconds', float('nan')):.3f} s")
    return {"full": r["fullStepSeconds"], "tuning": r["tuningStepSeconds"], "generate": r["generateSeconds"],
            "dreamstyler": r.get("dreamStylerStepSeconds"), "report": r}


def main():
    data = os.environ.get("DREAMSTYLER_HOME", os.path.expanduser("~/.local/share/dreamstyler"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dreamstyler", default=".build/release/dreamstyler")
    ap.add_argument("--model", default="Models/base", help="base-model folder (config.json, denoiser.safetensors)")
    ap.add_argument("--text-encoder", default=os.path.join(data, "text-encoder", "all-MiniLM-L6-v2"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=9, help="timed runs per step, both sides (the median counts)")
    ap.add_argument("--skip-timing", action="store_true", help="only the numeric check")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    config = json.load(open(os.path.join(args.model, "config.json")))
    unet = denoiser.UNet1D(config)
    weights, _ = safetensors_io.read(os.path.join(args.model, "denoiser.safetensors"))
    safetensors_io.load_strict(unet, weights, "denoiser.safetensors")
    text = minilm.TextEncoder(args.text_encoder)

    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {' '.join(m['features'])}; torch {torch.__version__} "
          f"({m['torch_cpu_capability']} kernels); " + (" ".join(f"{k}={v}" for k, v in sorted(m["env"].items())) or "no BLAS variables set"))
    result = {"torch": torch.__version__, "threads": args.threads, "machine": m, "check": check(args, config, unet, text)}
    if not args.skip_timing:
        result["pytorch"] = time_pytorch(args, config, unet, text)
        result["product"] = time_product(args)
        # The product's bf16 (where the CPU has it) against PyTorch's fp32: PyTorch's CPU autocast
        # to bf16 is not its default training path, so fp32 is the fair yardstick for both.
        result["product_bf16"] = time_product(args, "bf16")
        p, q, h = result["product"], result["pytorch"], result["product_bf16"]
        rows = [("full training step (batch %d × 64, all weights)" % args.batch, "full"),
                ("tuning step (batch %d, as bench model runs it)" % args.batch, "tuning"),
                ("10-s clip, 50 DDIM steps + CFG 7", "generate"),
                ("real DreamStyler step (MiniLM, clip, AdamW)", "dreamstyler")]
        print(f"\n| {args.threads} threads | product fp32 | PyTorch {torch.__version__} fp32 | product ÷ PyTorch | product bf16 | bf16 speed-up |")
        print("|---|---|---|---|---|---|")
        for label, key in rows:
            if p.get(key) is None:
                continue
            print(f"| {label} | {p[key]:.3f} s | {q[key]:.3f} s | {p[key] / q[key]:.2f} | {h[key]:.3f} s | {p[key] / h[key]:.2f}× |")
        disturbed = [w.label for w in WATCHES if w.disturbed]
        print("\nCPU: " + ("other processes used the CPU during: " + ", ".join(disturbed) + " — rerun for clean numbers"
                           if disturbed else "nothing else used the CPU during any timing"))
        result["disturbed"] = disturbed
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2, default=str)
    if not result["check"]["ok"]:
        sys.exit("bench-pytorch: the PyTorch mirror does not match the product")


if __name__ == "__main__":
    main()
