#!/usr/bin/python3
"""PyTorch twin of `tidygan translate`'s network pass (bench/TidyGan.Bench `inference` runs it as a subprocess).

Builds the reference ResNet generator of cyclegan_twin.py, loads the weights TidyGan dumped (one .npy per state_dict
key, shapes in weights.json; strict load: every key and shape must match), runs the same prepared Colin27 slices in
the same batches with torch.no_grad(), and compares its output with TidyGan's. Prints one JSON line: per-pass times
(ms), slices, max abs difference from TidyGan's output.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cyclegan_twin import resnet_generator  # noqa: E402


class ResnetGenerator(nn.Module):
    """The reference's ResnetGenerator: its layers in self.model, so state_dict keys are model.1.weight, ..."""

    def __init__(self, channels, width, blocks):
        super().__init__()
        self.model = resnet_generator(channels, width, blocks)

    def forward(self, x):
        return self.model(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--folder", required=True, help="weights.json, <key>.npy, input.npy, expected.npy")
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--blocks", type=int, default=6)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    with open(os.path.join(a.folder, "weights.json")) as f:
        meta = json.load(f)
    g = ResnetGenerator(a.channels, a.width, a.blocks)
    state = {k: torch.from_numpy(np.load(os.path.join(a.folder, f"{k}.npy")).reshape(shape)) for k, shape in meta["weights"].items()}
    g.load_state_dict(state, strict=True)
    g.eval()
    x = torch.from_numpy(np.load(os.path.join(a.folder, "input.npy")).reshape(meta["input"]))
    expected = np.load(os.path.join(a.folder, "expected.npy")).reshape(meta["input"])
    n = x.shape[0]
    times, out = [], None
    with torch.no_grad():
        for r in range(a.warmup + a.runs):
            t0 = time.perf_counter()
            parts = [g(x[s:s + a.batch]) for s in range(0, n, a.batch)]
            elapsed = 1000 * (time.perf_counter() - t0)
            if r >= a.warmup:
                times.append(elapsed)
            out = torch.cat(parts, 0)
    print(json.dumps({"ms": times, "slices": int(n), "torch": torch.__version__,
                      "max_abs": float(np.abs(out.numpy() - expected).max()),
                      "params": sum(p_.numel() for p_ in g.parameters())}))


if __name__ == "__main__":
    main()
