"""numpy/scipy twin of TidyGan's metrics bench: FD (pytorch-fid), KID (torch-fidelity), PRDC (clovaai prdc).

Usage: metrics_bench.py REAL.npy FAKE.npy [--k 5] [--subsets 100] [--subset-size 1000] [--seed 0]
Prints one JSON line: seconds per metric and the values. The code follows the reference packages
(pytorch_fid.fid_score.calculate_frechet_distance, torch_fidelity.metric_kid, prdc.compute_prdc with
sklearn's euclidean_distances replaced by the same |a|^2 + |b|^2 - 2ab formula in numpy).
"""
import argparse, json, time
import numpy as np
from scipy import linalg


def frechet_distance(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    diff = mu1 - mu2
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * 1e-6
        covmean = linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kid(a, b, subsets, subset_size, seed):
    rng = np.random.RandomState(seed)
    m = min(subset_size, len(a), len(b))
    d = a.shape[1]
    kernel = lambda x, y: (x @ y.T / d + 1) ** 3
    vals = []
    for _ in range(subsets):
        x = a[rng.choice(len(a), m, replace=False)]
        y = b[rng.choice(len(b), m, replace=False)]
        kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
        vals.append((kxx.sum() - np.diag(kxx).sum() + kyy.sum() - np.diag(kyy).sum()) / (m * (m - 1)) - 2 * kxy.sum() / (m * m))
    vals = np.array(vals)
    return float(vals.mean()), float(vals.std())


def distances(x, y):
    d2 = (x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - 2 * x @ y.T
    return np.sqrt(np.maximum(d2, 0))


def prdc(real, fake, k):
    def kth(x):
        d = distances(x, x)
        return np.partition(d, k, axis=-1)[:, k]   # k+1 smallest includes the sample itself
    r_rad, f_rad = kth(real), kth(fake)
    d_rf = distances(real, fake)
    precision = (d_rf < r_rad[:, None]).any(axis=0).mean()
    recall = (d_rf < f_rad[None, :]).any(axis=1).mean()
    density = (1.0 / k) * (d_rf < r_rad[:, None]).sum(axis=0).mean()
    coverage = (d_rf.min(axis=1) < r_rad).mean()
    return dict(precision=float(precision), recall=float(recall), density=float(density), coverage=float(coverage))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("real"); p.add_argument("fake")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--subsets", type=int, default=100)
    p.add_argument("--subset-size", type=int, default=1000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    real, fake = np.load(a.real).astype(np.float64), np.load(a.fake).astype(np.float64)
    out = {"numpy": np.__version__}
    import scipy; out["scipy"] = scipy.__version__
    t = time.perf_counter(); out["fd"] = frechet_distance(real, fake); out["fd_s"] = time.perf_counter() - t
    t = time.perf_counter(); out["kid"], out["kid_std"] = kid(real, fake, a.subsets, a.subset_size, a.seed); out["kid_s"] = time.perf_counter() - t
    t = time.perf_counter(); out.update(prdc(real, fake, a.k)); out["prdc_s"] = time.perf_counter() - t
    print(json.dumps(out))


if __name__ == "__main__":
    main()
