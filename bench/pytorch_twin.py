#!/usr/bin/python3
"""PyTorch twin of TidyGan's DC-GAN training step (bench/TidyGan.Bench runs it as a subprocess).

Same architecture as src/TidyGan/Nn (pytorch/examples dcgan generalised to any b*2^k size), same
initialisation, same step: D on real + fake with the non-saturating loss, then G; Adam lr 2e-4, beta1 0.5.
Prints one JSON line on stdout: per-step times (ms), forward conv FLOPs of G and D counted with hooks.

Run it as the bench does:
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=2 \
  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 \
  /usr/bin/python3 bench/pytorch_twin.py --size 64 --channels 3 --batch 64
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def decompose(size):
    steps = 0
    while size > 7 and size % 2 == 0:
        size //= 2
        steps += 1
        if size == 4:
            break
    if size not in (4, 7) or steps == 0:
        raise ValueError(f"unsupported DC-GAN size {size}")
    return size, steps


def generator(size, nc, nz, ngf):
    b, k = decompose(size)
    ch = ngf * 2 ** (k - 1)
    layers = [nn.ConvTranspose2d(nz, ch, b, 1, 0, bias=False), nn.BatchNorm2d(ch), nn.ReLU(True)]
    for i in range(1, k):
        layers += [nn.ConvTranspose2d(ch, ch // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ch // 2), nn.ReLU(True)]
        ch //= 2
    layers += [nn.ConvTranspose2d(ch, nc, 4, 2, 1, bias=False), nn.Tanh()]
    return nn.Sequential(*layers)


def discriminator(size, nc, ndf):
    b, k = decompose(size)
    layers = [nn.Conv2d(nc, ndf, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
    ch = ndf
    for i in range(1, k):
        layers += [nn.Conv2d(ch, ch * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ch * 2), nn.LeakyReLU(0.2, inplace=True)]
        ch *= 2
    layers += [nn.Conv2d(ch, 1, b, 1, 0, bias=False)]  # logit; the loss applies the sigmoid
    return nn.Sequential(*layers)


def weights_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def forward_conv_flops(model, x):
    """2 * multiply-adds of every (transposed) convolution in one forward pass, counted with hooks."""
    total = [0]

    def hook(m, inputs, output):
        if isinstance(m, nn.Conv2d):
            macs = output.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1]
        else:  # ConvTranspose2d: every input pixel scatters Cout * k * k products
            macs = inputs[0].numel() * m.out_channels * m.kernel_size[0] * m.kernel_size[1]
        total[0] += 2 * macs

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return total[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--latent", type=int, default=100)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    G = generator(a.size, a.channels, a.latent, a.width)
    D = discriminator(a.size, a.channels, a.width)
    G.apply(weights_init)
    D.apply(weights_init)
    optD = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optG = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(a.batch, a.channels, a.size, a.size) * 2 - 1   # a fixed "real" batch: no data loading

    flops_g = forward_conv_flops(G, torch.randn(a.batch, a.latent, 1, 1))
    flops_d = forward_conv_flops(D, real)

    def step():
        # (1) D: maximise log D(x) + log(1 - D(G(z)))
        D.zero_grad(set_to_none=True)
        z = torch.randn(a.batch, a.latent, 1, 1)
        fake = G(z)
        loss_d = F.softplus(-D(real)).mean() + F.softplus(D(fake.detach())).mean()
        loss_d.backward()
        optD.step()
        # (2) G: maximise log D(G(z)) (non-saturating)
        G.zero_grad(set_to_none=True)
        loss_g = F.softplus(-D(fake)).mean()
        loss_g.backward()
        optG.step()
        return loss_d.item(), loss_g.item()

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        losses = step()
        times.append((time.perf_counter() - t0) * 1000.0)

    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "ms": times,
        "flops_g_forward": flops_g,
        "flops_d_forward": flops_d,
        "params_g": sum(p.numel() for p in G.parameters()),
        "params_d": sum(p.numel() for p in D.parameters()),
        "last_losses": losses,
    }))


if __name__ == "__main__":
    main()
