#!/usr/bin/python3
"""PyTorch twin of a few TidyGan training steps, for tests/TidyGan.Tests/Fidelity/FidelityTests.cs.

Reads a folder written by the test: config.json, the initial weights TidyGan exported in the references' key names
(.pth read with torch.load(weights_only=True), .safetensors with bench/reference_weights.py's reader), the batches and
random draws TidyGan used (.npy), and reference-io files (inputs and TidyGan's outputs) for the forward check. Then:

- forward: each network's output on the io inputs vs TidyGan's (max abs), eval mode and, for batch-norm networks,
  with batch statistics;
- the training steps, from the same weights on the same batches and draws, once per thread count given
  (torch.set_num_threads(n)): the PyTorch-vs-PyTorch disagreement that justifies the tolerance.

DC-GAN follows pytorch/examples dcgan/main.py line by line (netD ends in Sigmoid, nn.BCELoss, errD_real.backward(),
errD_fake.backward(), optimizerD.step(), then errG on the same fake); z is TidyGan's draw instead of torch.randn.
Cycle-GAN follows the reference CycleGANModel (LSGAN as nn.MSELoss against 1/0, lambda_A = lambda_B, identity,
ImagePool with uniform(0, 1) > 0.5 then randint(0, size-1), both taken from TidyGan's draws) but in TidyGan's update
order: the fakes G_A(A), G_B(B) once, then D_A, D_B on real vs pooled fakes and optimizer_D.step(), then G_A, G_B
against the just-updated discriminators (the reference updates G first, then D).

  /usr/bin/python3 fidelity_twin.py DIR BENCH_DIR [--threads 1,2] [--perturb]

--perturb adds a run with a deliberate recipe change (DC-GAN: Adam's default beta1 0.9 instead of 0.5; Cycle-GAN: the
reference's own G-then-D order), to show that the test's tolerance catches differences of that size.

Prints one JSON line: {"torch", "forward": {name: max_abs}, "names": [...], "runs": {"1": [[loss per name] per step], ...}}.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn


def load_weights(path, read_safetensors):
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    return torch.load(path, map_location="cpu", weights_only=True)


def npy(folder, name, shape):
    return torch.from_numpy(np.load(os.path.join(folder, name)).astype(np.float32)).reshape(shape)


def forward_check(model, io_path, read_safetensors, probability=False):
    io = read_safetensors(io_path)
    out = {}
    model.eval()
    with torch.no_grad():
        out["eval"] = float((model(io["input"]) - io["expected"]).abs().max())
    if "expected_train" in io:
        model.train()
        with torch.no_grad():
            out["train"] = float((model(io["input"]) - io["expected_train"]).abs().max())
        out["max_output_train"] = float(io["expected_train"].abs().max())
    out["max_output"] = float(io["expected"].abs().max())
    model.train()
    return out


def dcgan(folder, c, rw, threads):
    size, nc, nz = c["size"], c["channels"], c["latent"]
    steps, batch = c["steps"], c["batch"]

    def build():
        netG = rw.Generator(size, nc, nz, c["generator_width"])
        netD = rw.Discriminator(size, nc, c["discriminator_width"])
        netG.load_state_dict(load_weights(os.path.join(folder, c["generator"]), rw.read_safetensors), strict=True)
        netD.load_state_dict(load_weights(os.path.join(folder, c["discriminator"]), rw.read_safetensors), strict=True)
        return netG, netD

    netG, netD = build()
    forward = {"netG": forward_check(netG, os.path.join(folder, "netG-io.safetensors"), rw.read_safetensors),
               "netD": forward_check(netD, os.path.join(folder, "netD-io.safetensors"), rw.read_safetensors)}
    real_all = npy(folder, "real.npy", (steps, batch, nc, size, size))
    z_all = npy(folder, "z.npy", (steps, batch, nz))

    runs = {}
    for key, n, perturbed in variants(threads):
        torch.set_num_threads(n)
        netG, netD = build()
        netG.train()
        netD.train()
        criterion = nn.BCELoss()
        # perturbed: Adam's default beta1 = 0.9 instead of the paper's 0.5, the classic DC-GAN reimplementation slip
        betas = (0.9 if perturbed else c["beta1"], c["beta2"])
        optimizerD = torch.optim.Adam(netD.parameters(), lr=c["lr"], betas=betas)
        optimizerG = torch.optim.Adam(netG.parameters(), lr=c["lr"], betas=betas)
        losses = []
        for i in range(steps):
            # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
            netD.zero_grad()
            real_cpu = real_all[i]
            b_size = real_cpu.size(0)
            label = torch.full((b_size,), 1.0, dtype=real_cpu.dtype)
            output = netD(real_cpu).view(-1)
            errD_real = criterion(output, label)
            errD_real.backward()
            noise = z_all[i].view(b_size, nz, 1, 1)   # pytorch/examples: torch.randn(b_size, nz, 1, 1)
            fake = netG(noise)
            label.fill_(0.0)
            output = netD(fake.detach()).view(-1)
            errD_fake = criterion(output, label)
            errD_fake.backward()
            errD = errD_real + errD_fake
            optimizerD.step()
            # (2) Update G network: maximize log(D(G(z)))
            netG.zero_grad()
            label.fill_(1.0)
            output = netD(fake).view(-1)
            errG = criterion(output, label)
            errG.backward()
            optimizerG.step()
            losses.append([errD.item(), errG.item()])
        runs[key] = losses
    return forward, ["discriminator", "generator"], runs


class DrawnPool:
    """The reference's ImagePool, its two random draws replaced by TidyGan's (u, slot) in draw order."""

    def __init__(self, size, draws):
        self.pool_size, self.num_imgs, self.images, self.draws = size, 0, [], draws

    def query(self, images):
        if self.pool_size == 0:
            return images
        return_images = []
        for image in images:
            image = torch.unsqueeze(image.data, 0)
            if self.num_imgs < self.pool_size:
                self.num_imgs += 1
                self.images.append(image)
                return_images.append(image)
            else:
                u, slot = next(self.draws)          # reference: p = random.uniform(0, 1)
                if u > 0.5:
                    random_id = int(slot)             # reference: random.randint(0, self.pool_size - 1)
                    tmp = self.images[random_id].clone()
                    self.images[random_id] = image
                    return_images.append(tmp)
                else:
                    return_images.append(image)
        return torch.cat(return_images, 0)


def set_requires_grad(nets, requires_grad):
    for net in nets:
        for param in net.parameters():
            param.requires_grad = requires_grad


def cyclegan(folder, c, rw, threads):
    size, nc, steps, batch = c["size"], c["channels"], c["steps"], c["batch"]
    lam, lam_idt = c["lambda"], c["lambda_identity"]

    def build():
        nets = {}
        for name in ("G_A", "G_B"):
            nets[name] = rw.ResnetGenerator(nc, c["generator_width"], c["blocks"])
        for name in ("D_A", "D_B"):
            nets[name] = rw.NLayerDiscriminator(nc, c["discriminator_width"], c["discriminator_layers"])
        for name, net in nets.items():
            net.load_state_dict(load_weights(os.path.join(folder, c[name]), rw.read_safetensors), strict=True)
        return nets

    nets = build()
    forward = {name: forward_check(nets[name], os.path.join(folder, f"{name}-io.safetensors"), rw.read_safetensors)
               for name in ("G_A", "G_B", "D_A", "D_B")}
    a_all = npy(folder, "a.npy", (steps, batch, nc, size, size))
    b_all = npy(folder, "b.npy", (steps, batch, nc, size, size))
    draws = np.load(os.path.join(folder, "pool.npy")).reshape(-1, 2) if c["draws"] > 0 else np.zeros((0, 2))

    names = ["discriminator", "generator", "loss/discriminator_a", "loss/discriminator_b", "loss/adversarial_a_to_b",
             "loss/adversarial_b_to_a", "loss/cycle_a", "loss/cycle_b", "loss/identity_a", "loss/identity_b"]
    runs = {}
    for key, n, reference_order in variants(threads):   # perturbed: the reference's own G-then-D order
        torch.set_num_threads(n)
        nets = build()
        netG_A, netG_B, netD_A, netD_B = nets["G_A"], nets["G_B"], nets["D_A"], nets["D_B"]
        for net in nets.values():
            net.train()
        criterionGAN = nn.MSELoss()            # GANLoss('lsgan'): MSE against a target tensor expanded to the prediction
        criterionCycle = nn.L1Loss()
        criterionIdt = nn.L1Loss()
        optimizer_G = torch.optim.Adam(list(netG_A.parameters()) + list(netG_B.parameters()), lr=c["lr"], betas=(c["beta1"], c["beta2"]))
        optimizer_D = torch.optim.Adam(list(netD_A.parameters()) + list(netD_B.parameters()), lr=c["lr"], betas=(c["beta1"], c["beta2"]))
        it = iter([tuple(d) for d in draws])
        fake_A_pool, fake_B_pool = DrawnPool(c["pool"], it), DrawnPool(c["pool"], it)   # one stream, in TidyGan's draw order
        used = 0

        def gan(prediction, target_is_real):
            return criterionGAN(prediction, torch.tensor(1.0 if target_is_real else 0.0).expand_as(prediction))

        def backward_D_basic(netD, real, fake):
            loss_D_real = gan(netD(real), True)
            loss_D_fake = gan(netD(fake.detach()), False)
            loss_D = (loss_D_real + loss_D_fake) * 0.5
            loss_D.backward()
            return loss_D

        def update_D(real_A, real_B, fake_A, fake_B):
            set_requires_grad([netD_A, netD_B], True)
            optimizer_D.zero_grad()
            loss_D_A = backward_D_basic(netD_A, real_B, fake_B_pool.query(fake_B))
            loss_D_B = backward_D_basic(netD_B, real_A, fake_A_pool.query(fake_A))
            optimizer_D.step()
            return loss_D_A, loss_D_B

        losses = []
        for i in range(steps):
            real_A, real_B = a_all[i], b_all[i]
            # forward()
            fake_B = netG_A(real_A)
            fake_A = netG_B(real_B)
            if not reference_order:   # TidyGan's order: D_A and D_B first (the reference runs this after the generators' update)
                loss_D_A, loss_D_B = update_D(real_A, real_B, fake_A, fake_B)
            # then G_A and G_B against the just-updated discriminators
            set_requires_grad([netD_A, netD_B], False)
            optimizer_G.zero_grad()
            idt_A = netG_A(real_B)
            loss_idt_A = criterionIdt(idt_A, real_B) * lam * lam_idt
            idt_B = netG_B(real_A)
            loss_idt_B = criterionIdt(idt_B, real_A) * lam * lam_idt
            loss_G_A = gan(netD_A(fake_B), True)
            loss_G_B = gan(netD_B(fake_A), True)
            rec_A = netG_B(fake_B)
            loss_cycle_A = criterionCycle(rec_A, real_A) * lam
            rec_B = netG_A(fake_A)
            loss_cycle_B = criterionCycle(rec_B, real_B) * lam
            loss_G = loss_G_A + loss_G_B + loss_cycle_A + loss_cycle_B + loss_idt_A + loss_idt_B
            loss_G.backward()
            optimizer_G.step()
            if reference_order:       # the reference's optimize_parameters: D_A, D_B after the generators, on the same fakes
                loss_D_A, loss_D_B = update_D(real_A, real_B, fake_A, fake_B)
            # TidyGan's names: discriminator_a judges domain A (the reference's D_B), adversarial_a_to_b is G_A's term,
            # identity_a is |F(a) - a| (the reference's idt_B)
            losses.append([(loss_D_A + loss_D_B).item(), loss_G.item(), loss_D_B.item(), loss_D_A.item(), loss_G_A.item(),
                           loss_G_B.item(), loss_cycle_A.item(), loss_cycle_B.item(), loss_idt_B.item(), loss_idt_A.item()])
        used = sum(1 for _ in it)
        if used != 0:
            raise RuntimeError(f"{used} pool draws left unused: the twin's pool did not draw as TidyGan's did")
        runs[key] = losses
    return forward, names, runs


def variants(threads):
    """(key, thread count, perturbed): one run per thread count, then (with --perturb) a run with a deliberate recipe
    change, which the test's bound must catch."""
    out = [(str(n), n, False) for n in threads]
    if PERTURB:
        out.append(("perturbed", threads[0], True))
    return out


PERTURB = False


def main():
    global PERTURB
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("bench")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--perturb", action="store_true", help="also run a twin with a deliberate recipe change (DC-GAN: Adam beta1 0.9; "
                   "Cycle-GAN: the reference's G-then-D order) under the key 'perturbed'")
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.bench))
    import reference_weights as rw  # noqa: E402  (the twins with the references' module names)

    with open(os.path.join(a.dir, "config.json")) as f:
        c = json.load(f)
    threads = [int(t) for t in a.threads.split(",")]
    PERTURB = a.perturb
    run = dcgan if c["gan"] == "dcgan" else cyclegan
    forward, names, runs = run(a.dir, c, rw, threads)
    print(json.dumps({"torch": torch.__version__, "forward": forward, "names": names, "runs": runs}))


if __name__ == "__main__":
    main()
