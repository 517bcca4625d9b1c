#!/usr/bin/python3
"""PyTorch twin of TidyGan's Cycle-GAN training step (bench/TidyGan.Bench `cyclegan` runs it as a subprocess).

Written from the reference implementation's description (junyanz/pytorch-CycleGAN-and-pix2pix defaults), with
TidyGan's Cpu preset sizes: ResNet generators (reflection padding, instance norm without affine, n residual
blocks), PatchGAN discriminators, LSGAN as MSE, image pool of 50, lambda 10 cycle + 0.5*lambda identity, Adam
2e-4 beta1 0.5, batch 1. The step in TidyGan's trainer order: both discriminators on real vs pooled fakes, then
both generators with the discriminators frozen. Prints one JSON line: per-step times (ms) and parameter counts.
"""
import argparse
import json
import random
import time

import torch
import torch.nn as nn


def norm(c):
    return nn.InstanceNorm2d(c, affine=False, track_running_stats=False)


class ResnetBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv_block = nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), norm(dim), nn.ReLU(True),
                                        nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3), norm(dim))

    def forward(self, x):
        return x + self.conv_block(x)


def resnet_generator(c, w, blocks):
    layers = [nn.ReflectionPad2d(3), nn.Conv2d(c, w, 7), norm(w), nn.ReLU(True),
              nn.Conv2d(w, 2 * w, 3, 2, 1), norm(2 * w), nn.ReLU(True),
              nn.Conv2d(2 * w, 4 * w, 3, 2, 1), norm(4 * w), nn.ReLU(True)]
    layers += [ResnetBlock(4 * w) for _ in range(blocks)]
    layers += [nn.ConvTranspose2d(4 * w, 2 * w, 3, 2, 1, output_padding=1), norm(2 * w), nn.ReLU(True),
               nn.ConvTranspose2d(2 * w, w, 3, 2, 1, output_padding=1), norm(w), nn.ReLU(True),
               nn.ReflectionPad2d(3), nn.Conv2d(w, c, 7), nn.Tanh()]
    return nn.Sequential(*layers)


def patch_discriminator(c, w, n_layers):
    layers = [nn.Conv2d(c, w, 4, 2, 1), nn.LeakyReLU(0.2, True)]
    mult = 1
    for n in range(1, n_layers):
        prev, mult = mult, min(2 ** n, 8)
        layers += [nn.Conv2d(w * prev, w * mult, 4, 2, 1), norm(w * mult), nn.LeakyReLU(0.2, True)]
    prev, mult = mult, min(2 ** n_layers, 8)
    layers += [nn.Conv2d(w * prev, w * mult, 4, 1, 1), norm(w * mult), nn.LeakyReLU(0.2, True), nn.Conv2d(w * mult, 1, 4, 1, 1)]
    return nn.Sequential(*layers)


def init_weights(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        nn.init.zeros_(m.bias)


class ImagePool:
    def __init__(self, size):
        self.size, self.images = size, []

    def query(self, images):
        out = []
        for image in images.detach():
            image = image.unsqueeze(0)
            if len(self.images) < self.size:
                self.images.append(image)
                out.append(image)
            elif random.uniform(0, 1) > 0.5:
                i = random.randint(0, self.size - 1)
                out.append(self.images[i].clone())
                self.images[i] = image
            else:
                out.append(image)
        return torch.cat(out, 0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--blocks", type=int, default=6)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    g_ab, g_ba = resnet_generator(a.channels, a.width, a.blocks), resnet_generator(a.channels, a.width, a.blocks)
    d_a, d_b = patch_discriminator(a.channels, a.width, a.layers), patch_discriminator(a.channels, a.width, a.layers)
    for m in (g_ab, g_ba, d_a, d_b):
        m.apply(init_weights)
    opt_g = torch.optim.Adam(list(g_ab.parameters()) + list(g_ba.parameters()), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(list(d_a.parameters()) + list(d_b.parameters()), lr=2e-4, betas=(0.5, 0.999))
    pool_a, pool_b = ImagePool(50), ImagePool(50)
    mse, l1, lam, idt = nn.MSELoss(), nn.L1Loss(), 10.0, 0.5
    shape = (a.batch, a.channels, a.size, a.size)
    times = []
    for step in range(a.warmup + a.steps):
        real_a, real_b = torch.rand(shape) * 2 - 1, torch.rand(shape) * 2 - 1
        t0 = time.perf_counter()
        for p_ in list(d_a.parameters()) + list(d_b.parameters()):
            p_.requires_grad_(True)
        fake_b, fake_a = g_ab(real_a), g_ba(real_b)
        opt_d.zero_grad()
        pb, pa = pool_b.query(fake_b), pool_a.query(fake_a)
        sb_real, sb_fake, sa_real, sa_fake = d_b(real_b), d_b(pb), d_a(real_a), d_a(pa)
        loss_d = 0.5 * (mse(sb_real, torch.ones_like(sb_real)) + mse(sb_fake, torch.zeros_like(sb_fake))) \
            + 0.5 * (mse(sa_real, torch.ones_like(sa_real)) + mse(sa_fake, torch.zeros_like(sa_fake)))
        loss_d.backward()
        opt_d.step()
        for p_ in list(d_a.parameters()) + list(d_b.parameters()):
            p_.requires_grad_(False)
        opt_g.zero_grad()
        sb, sa = d_b(fake_b), d_a(fake_a)
        loss_g = mse(sb, torch.ones_like(sb)) + mse(sa, torch.ones_like(sa)) \
            + lam * l1(g_ba(fake_b), real_a) + lam * l1(g_ab(fake_a), real_b) \
            + lam * idt * l1(g_ab(real_b), real_b) + lam * idt * l1(g_ba(real_a), real_a)
        loss_g.backward()
        opt_g.step()
        loss_d.item(), loss_g.item()
        if step >= a.warmup:
            times.append(1000 * (time.perf_counter() - t0))
    count = lambda m: sum(p_.numel() for p_ in m.parameters())
    print(json.dumps({"ms": times, "params_g": count(g_ab) + count(g_ba), "params_d": count(d_a) + count(d_b),
                      "torch": torch.__version__, "loss_d": loss_d.item(), "loss_g": loss_g.item()}))


if __name__ == "__main__":
    main()
