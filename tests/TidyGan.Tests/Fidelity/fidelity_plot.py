#!/usr/bin/python3
"""Plot and tabulate what FidelityTests wrote with TIDYGAN_FIDELITY_OUT=DIR (fidelity-dcgan.json, fidelity-cyclegan.json).

  /usr/bin/python3 tests/TidyGan.Tests/Fidelity/fidelity_plot.py DIR docs/img/fidelity/fidelity.png

Draws, per GAN, the relative loss difference per step of TidyGan vs PyTorch (1 thread) and of PyTorch (2 threads) vs
PyTorch (1 thread), for the discriminator's and the generator's total loss, with the test's bound and (grey) TidyGan vs
the twin with a deliberate recipe change; prints Markdown tables.
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def vs2(x):
    return abs(x["tidygan"] - x["pytorch2"]) / abs(x["pytorch2"])


def main():
    folder, png = sys.argv[1], sys.argv[2]
    gans = [g for g in ("dcgan", "cyclegan") if os.path.exists(os.path.join(folder, f"fidelity-{g}.json"))]
    fig, axes = plt.subplots(1, len(gans), figsize=(6 * len(gans), 4.2), squeeze=False)
    titles = {"dcgan": "DC-GAN vs pytorch/examples (32 px, batch 16)", "cyclegan": "Cycle-GAN vs reference (32 px, batch 2, pool 4)"}
    for ax, gan in zip(axes[0], gans):
        with open(os.path.join(folder, f"fidelity-{gan}.json")) as f:
            r = json.load(f)
        rows = r["rows"]
        tiny = 1e-9   # exact agreement drawn at the bottom of the log axis
        for name, colour in (("discriminator", "tab:blue"), ("generator", "tab:orange")):
            sel = [x for x in rows if x["name"] == name]
            steps = [x["step"] for x in sel]
            ax.semilogy(steps, [max(x["relative"], tiny) for x in sel], "o-", color=colour, label=f"{name}: TidyGan vs PyTorch 1 thread")
            ax.semilogy(steps, [max(x["self"], tiny) for x in sel], "x--", color=colour, alpha=0.6, label=f"{name}: PyTorch 2 vs 1 thread")
            ax.semilogy(steps, [max(vs2(x), tiny) for x in sel], "+", color=colour, alpha=0.8, label=f"{name}: TidyGan vs PyTorch 2 threads")
        if "perturbed" in rows[0]:
            wrong = "Adam beta1 0.9" if gan == "dcgan" else "reference G-then-D order"
            for name, marker in (("discriminator", "s"), ("generator", "^")):
                sel = [x for x in rows if x["name"] == name]
                ax.semilogy([x["step"] for x in sel], [max(abs(x["tidygan"] - x["perturbed"]) / abs(x["perturbed"]), tiny) for x in sel],
                            marker, color="grey", alpha=0.7, label=f"{name}: TidyGan vs twin with {wrong}")
        sel = [x for x in rows if x["name"] == "discriminator"]
        ax.semilogy([x["step"] for x in sel], [x["bound"] for x in sel], "k:", label=f"bound: max({r['multiple']:g} x running max self, {r['floor']:g})")
        ax.set_title(titles[gan], fontsize=10)
        ax.set_xlabel("training step")
        ax.set_ylabel("relative loss difference")
        ax.set_ylim(5e-10, 1)
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(fontsize=7, loc="lower right")
        print(f"\n### {gan} (torch {r['torch']})\n")
        print("forward max abs: " + ", ".join(f"{k}: " + ", ".join(f"{m} {v:.2g}" for m, v in f.items()) for k, f in r["forward"].items()))
        print("\n| step | D: TidyGan | D: PyTorch 1 thr | D rel. diff | D PyTorch 2 vs 1 | D TidyGan vs PyTorch 2 | G: TidyGan | G: PyTorch 1 thr | G rel. diff | G PyTorch 2 vs 1 | G TidyGan vs PyTorch 2 | bound |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        by_step = {}
        for x in rows:
            by_step.setdefault(x["step"], {})[x["name"]] = x
        for s, d in sorted(by_step.items()):
            D, G = d["discriminator"], d["generator"]
            print(f"| {s} | {D['tidygan']:.7g} | {D['pytorch1']:.7g} | {D['relative']:.2g} | {D['self']:.2g} | {vs2(D):.2g} | "
                  f"{G['tidygan']:.7g} | {G['pytorch1']:.7g} | {G['relative']:.2g} | {G['self']:.2g} | {vs2(G):.2g} | {D['bound']:.2g} |")
        parts = sorted({x["name"] for x in rows} - {"discriminator", "generator"})
        if parts:
            print("\n| term | max rel. diff TidyGan vs PyTorch 1 thr | max rel. diff PyTorch 2 vs 1 thr |\n|---|---|---|")
            for p in parts:
                sel = [x for x in rows if x["name"] == p]
                print(f"| `{p}` | {max(x['relative'] for x in sel):.2g} | {max(x['self'] for x in sel):.2g} |")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(png)), exist_ok=True)
    fig.savefig(png, dpi=110)
    print(f"\nwrote {png}")


if __name__ == "__main__":
    main()
