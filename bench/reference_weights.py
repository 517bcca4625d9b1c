#!/usr/bin/python3
"""Loads a state_dict exported by `tidygan export --format pytorch|safetensors` into PyTorch twins that carry the
reference implementations' module names, and compares their eval-mode forward pass with TidyGan's.

The twins reuse this folder's bench twins (pytorch_twin.py: pytorch/examples' DC-GAN stacks generalised to b*2^k;
cyclegan_twin.py: the reference Cycle-GAN's ResNet generator and PatchGAN) inside classes whose attributes are the
references' (`main` in pytorch/examples' Generator/Discriminator, `model` in ResnetGenerator, UnetGenerator,
UnetSkipConnectionBlock and NLayerDiscriminator), so their state_dict keys are the references'.

  /usr/bin/python3 bench/reference_weights.py --net dcgan-g --weights g.pth --io io.safetensors --size 28 --channels 1 --latent 100 --width 8

--io is a safetensors file holding `input` and `expected` (TidyGan's eval-mode output) and, for networks with batch
norm, `expected_train` (TidyGan's output with batch statistics). A .pth is read with
torch.load(weights_only=True); a .safetensors with the small reader below (struct + json + numpy; Debian ships no
`safetensors` package). Prints one JSON line: torch version, keys, max abs difference.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_twin import generator as dcgan_generator, discriminator as dcgan_discriminator  # noqa: E402
from cyclegan_twin import resnet_generator, patch_discriminator, norm  # noqa: E402

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32,
          "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[base + begin:base + end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        out[name] = torch.from_numpy(array.copy())
    return out


def write_safetensors(path, tensors):
    names = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


class Generator(nn.Module):
    """pytorch/examples dcgan/main.py's netG: one `main` Sequential (ConvTranspose2d, BatchNorm2d, ReLU, ..., Tanh)."""

    def __init__(self, size, nc, nz, ngf):
        super().__init__()
        self.main = dcgan_generator(size, nc, nz, ngf)

    def forward(self, z):
        return self.main(z.reshape(z.shape[0], -1, 1, 1))


class Discriminator(nn.Module):
    """pytorch/examples' netD: `main` = Conv2d, LeakyReLU, (Conv2d, BatchNorm2d, LeakyReLU)*, Conv2d, Sigmoid."""

    def __init__(self, size, nc, ndf):
        super().__init__()
        self.main = nn.Sequential(*dcgan_discriminator(size, nc, ndf), nn.Sigmoid())

    def forward(self, x):
        return self.main(x).view(-1, 1).squeeze(1)


class ResnetGenerator(nn.Module):
    def __init__(self, c, ngf, blocks):
        super().__init__()
        self.model = resnet_generator(c, ngf, blocks)

    def forward(self, x):
        return self.model(x)


class NLayerDiscriminator(nn.Module):
    def __init__(self, c, ndf, n_layers):
        super().__init__()
        self.model = patch_discriminator(c, ndf, n_layers)

    def forward(self, x):
        return self.model(x)


class UnetSkipConnectionBlock(nn.Module):
    """One U-Net level: [LeakyReLU,] down conv, [norm,] submodule, ReLU, up conv, norm|Tanh; the input is concatenated
    to the output except at the outermost level. Bias on every conv (instance norm has no affine part)."""

    def __init__(self, outer, inner, input_nc=None, submodule=None, outermost=False, innermost=False):
        super().__init__()
        self.outermost = outermost
        input_nc = outer if input_nc is None else input_nc
        down = nn.Conv2d(input_nc, inner, 4, 2, 1)
        if outermost:
            layers = [down, submodule, nn.ReLU(True), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), nn.Tanh()]
        elif innermost:
            layers = [nn.LeakyReLU(0.2, True), down, nn.ReLU(True), nn.ConvTranspose2d(inner, outer, 4, 2, 1), norm(outer)]
        else:
            layers = [nn.LeakyReLU(0.2, True), down, norm(inner), submodule, nn.ReLU(True),
                      nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), norm(outer)]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x) if self.outermost else torch.cat([x, self.model(x)], 1)


class UnetGenerator(nn.Module):
    def __init__(self, c, num_downs, ngf):
        super().__init__()
        block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, innermost=True)
        for _ in range(num_downs - 5):
            block = UnetSkipConnectionBlock(ngf * 8, ngf * 8, submodule=block)
        block = UnetSkipConnectionBlock(ngf * 4, ngf * 8, submodule=block)
        block = UnetSkipConnectionBlock(ngf * 2, ngf * 4, submodule=block)
        block = UnetSkipConnectionBlock(ngf, ngf * 2, submodule=block)
        self.model = UnetSkipConnectionBlock(c, ngf, input_nc=c, submodule=block, outermost=True)

    def forward(self, x):
        return self.model(x)


def build(a):
    if a.net == "dcgan-g":
        return Generator(a.size, a.channels, a.latent, a.width)
    if a.net == "dcgan-d":
        return Discriminator(a.size, a.channels, a.width)
    if a.net == "resnet":
        return ResnetGenerator(a.channels, a.width, a.blocks)
    if a.net == "unet":
        return UnetGenerator(a.channels, a.levels, a.width)
    if a.net == "patch":
        return NLayerDiscriminator(a.channels, a.width, a.layers)
    raise ValueError(a.net)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--net", required=True, choices=["dcgan-g", "dcgan-d", "resnet", "unet", "patch"])
    p.add_argument("--weights", required=True)
    p.add_argument("--io", required=True)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--latent", type=int, default=100)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--blocks", type=int, default=9)
    p.add_argument("--levels", type=int, default=8)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--make", action="store_true",
                   help="the other direction: build the twin (seed --seed), save its state_dict with torch.save to --weights and "
                        "write --io with an input and the twin's eval-mode output, for `tidygan import` to reproduce")
    p.add_argument("--seed", type=int, default=3)
    a = p.parse_args()

    torch.set_num_threads(1)
    if a.make:
        make(a)
        return
    if a.weights.endswith(".safetensors"):
        state = read_safetensors(a.weights)
        loader = "safetensors reader (struct/json/numpy)"
    else:
        state = torch.load(a.weights, map_location="cpu", weights_only=True)
        loader = "torch.load(weights_only=True)"
    model = build(a)
    model.load_state_dict(state, strict=True)   # raises on any missing or unexpected key or wrong shape
    model.eval()
    io = read_safetensors(a.io)
    with torch.no_grad():
        out = model(io["input"])
    expected = io["expected"]
    result = {
        "torch": torch.__version__, "loader": loader, "type": type(state).__name__, "keys": list(state.keys()),
        "shape": list(out.shape), "expected_shape": list(expected.shape),
        "max_abs": float((out - expected).abs().max()), "max_output": float(out.abs().max()),
    }
    if "expected_train" in io:   # batch norms with batch statistics (training mode), as TidyGan's `sample` draws
        model.train()
        with torch.no_grad():
            out = model(io["input"])
        result["max_abs_train"] = float((out - io["expected_train"]).abs().max())
        result["max_output_train"] = float(out.abs().max())
    print(json.dumps(result))


def make(a):
    torch.manual_seed(a.seed)
    model = build(a)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.normal_(m.bias, 0.0, 0.02)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.normal_(m.bias, 0.0, 0.02)
    if a.net == "dcgan-g":
        draw = lambda n: torch.randn(n, a.latent)
    else:
        draw = lambda n: torch.rand(n, a.channels, a.size, a.size) * 2 - 1
    model.train()
    with torch.no_grad():
        for _ in range(3):   # batch norms: running statistics and num_batches_tracked away from their initial values
            model(draw(16))
    model.eval()
    x = draw(8)
    with torch.no_grad():
        y = model(x)
    torch.save(model.state_dict(), a.weights)   # torch's own writer: memo, the state_dict's _metadata, zip layout
    io = {"input": x, "expected": y}
    if any(isinstance(m, nn.BatchNorm2d) for m in model.modules()):
        model.train()
        with torch.no_grad():
            io["expected_train"] = model(x)
    write_safetensors(a.io, io)
    print(json.dumps({"torch": torch.__version__, "saved": a.weights, "keys": len(model.state_dict()), "max_output": float(y.abs().max())}))


if __name__ == "__main__":
    main()
