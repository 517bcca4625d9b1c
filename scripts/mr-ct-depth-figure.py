#!/usr/bin/python3
"""Why Cycle-GAN's MR and CT slices are limited to the same depth below the vertex (docs/mr-to-ct.md).

Axial slices of Colin27 (ch2, MNI-aligned) and the InVesalius Cranium CT at equal distances below each head's
top (the most superior slice with head voxels). Run with Debian's /usr/bin/python3 (numpy, scipy, nibabel,
matplotlib):  /usr/bin/python3 scripts/mr-ct-depth-figure.py docs/img/mr-to-ct/depth-below-vertex.png
"""
import plistlib
import sys
import tarfile

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nibabel as nib
import numpy as np
from scipy import ndimage

CRANIUM = "/usr/share/doc/invesalius-examples/examples/Cranium.inv3"
CH2 = "/usr/share/mricron/templates/ch2.nii.gz"
DEPTHS_MM = [40, 60, 75, 90, 110, 125]


def largest_component(b):
    lab, n = ndimage.label(b)
    return lab == (np.argmax(ndimage.sum(b, lab, range(1, n + 1))) + 1)


def main(out):
    with tarfile.open(CRANIUM) as t:
        names = t.getnames()
        plist = plistlib.loads(t.extractfile(next(n for n in names if n.endswith("main.plist"))).read())
        m = plist["matrix"]
        ct = np.frombuffer(t.extractfile(next(n for n in names if n.endswith(m["filename"]))).read(), dtype=m["dtype"]).reshape(m["shape"])
    dz_ct = plist["spacing"][2]                       # (slices, rows, columns); slices run inferior → superior
    ct_top = np.nonzero(largest_component(ct > -500).any((1, 2)))[0].max()
    mr_img = nib.load(CH2)
    mr = mr_img.get_fdata()                           # RAS, 1 mm: k runs inferior → superior
    lo, hi = np.percentile(mr, [0.5, 99.5])
    mr_top = np.nonzero(largest_component(mr > lo + 0.1 * (hi - lo)).any((0, 1)))[0].max()
    dz_mr = abs(mr_img.affine[2, 2])
    fig, ax = plt.subplots(2, len(DEPTHS_MM), figsize=(2.2 * len(DEPTHS_MM), 4.6))
    for i, d in enumerate(DEPTHS_MM):
        ax[0, i].imshow(np.rot90(mr[:, :, mr_top - int(round(d / dz_mr))]), cmap="gray")
        ax[0, i].set_title(f"MR, {d} mm", fontsize=9)
        ax[1, i].imshow(ct[ct_top - int(round(d / dz_ct))][::-1], cmap="gray", vmin=-200, vmax=300)
        ax[1, i].set_title(f"CT, {d} mm", fontsize=9)
        for a in ax[:, i]:
            a.axis("off")
    fig.suptitle("Axial slices at equal depth below the vertex (top: Colin27 MR, bottom: Cranium CT, −200…300 HU)", fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=80)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "depth-below-vertex.png")
