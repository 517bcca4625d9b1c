import torch.nn as nn
# pix2pix networks as the reference (junyanz/pytorch-CycleGAN-and-pix2pix models/networks.py) defines them for --norm batch,
# RED-CNN as Chen 2017 / ldct-benchmark, and the 1-channel instance-norm PatchGAN of the denoiser arms.
class Block(nn.Module):
    def __init__(self, outer, inner, input_nc=None, sub=None, outermost=False, innermost=False, dropout=False):
        super().__init__()
        input_nc = input_nc or outer
        down = nn.Conv2d(input_nc, inner, 4, 2, 1, bias=False)
        if outermost: layers = [down, sub, nn.ReLU(True), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), nn.Tanh()]
        elif innermost: layers = [nn.LeakyReLU(0.2, True), down, nn.ReLU(True), nn.ConvTranspose2d(inner, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)]
        else: layers = [nn.LeakyReLU(0.2, True), down, nn.BatchNorm2d(inner), sub, nn.ReLU(True), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1, bias=False), nn.BatchNorm2d(outer)] + ([nn.Dropout(0.5)] if dropout else [])
        self.model = nn.Sequential(*layers)
def unet(c, num_downs, ngf):
    b = Block(ngf * 8, ngf * 8, innermost=True)
    for _ in range(num_downs - 5): b = Block(ngf * 8, ngf * 8, sub=b, dropout=True)
    b = Block(ngf * 4, ngf * 8, sub=b); b = Block(ngf * 2, ngf * 4, sub=b); b = Block(ngf, ngf * 2, sub=b)
    return Block(c, ngf, input_nc=c, sub=b, outermost=True)
def nlayer(input_nc, ndf, n_layers, bn=True):
    bias = not bn; norm = (lambda n: nn.BatchNorm2d(n)) if bn else (lambda n: nn.InstanceNorm2d(n))
    seq = [nn.Conv2d(input_nc, ndf, 4, 2, 1), nn.LeakyReLU(0.2, True)]; mult = 1
    for n in range(1, n_layers):
        prev, mult = mult, min(2 ** n, 8); seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, 2, 1, bias=bias), norm(ndf * mult), nn.LeakyReLU(0.2, True)]
    prev, mult = mult, min(2 ** n_layers, 8)
    seq += [nn.Conv2d(ndf * prev, ndf * mult, 4, 1, 1, bias=bias), norm(ndf * mult), nn.LeakyReLU(0.2, True), nn.Conv2d(ndf * mult, 1, 4, 1, 1)]
    return nn.Sequential(*seq)
def redcnn(w):
    return nn.ModuleList([nn.Conv2d(1, w, 5)] + [nn.Conv2d(w, w, 5) for _ in range(4)] + [nn.ConvTranspose2d(w, w, 5) for _ in range(4)] + [nn.ConvTranspose2d(w, 1, 5)])
n = lambda m: sum(p.numel() for p in m.parameters())
for name, m in [("pix2pix G unet_256 RGB", unet(3, 8, 64)), ("pix2pix D 6 ch", nlayer(6, 64, 3)),
                ("pix2pix G unet_256 1 ch (paper preset)", unet(1, 8, 64)), ("pix2pix D 2 ch (paper preset)", nlayer(2, 64, 3)),
                ("pix2pix G unet_64 1 ch ngf 32 (cpu preset)", unet(1, 6, 32)), ("pix2pix D 2 ch ndf 32, 2 layers (cpu preset)", nlayer(2, 32, 2)),
                ("RED-CNN width 96 (paper preset)", redcnn(96)), ("RED-CNN width 32 (cpu preset)", redcnn(32)),
                ("denoiser D/critic 1 ch instance norm ndf 64, 3 layers", nlayer(1, 64, 3, bn=False)), ("denoiser D/critic ndf 32, 2 layers", nlayer(1, 32, 2, bn=False))]:
    print(f"| {name} | {n(m):,} |")
