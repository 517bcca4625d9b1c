#!/usr/bin/env bash
# Saturating (minimax) vs non-saturating generator loss, measured (issue 4 §3): DC-GAN on Fashion-MNIST,
# the same budget for both losses, several seeds, scored with domain features at n = 2000 beside the
# real-vs-real floor. Skips whatever is already there, so it can be re-run (or split: LOSSES=ns ...).
#   scripts/saturation-experiment.sh [OUT_DIR] [STEPS] [BATCH]     defaults: runs/saturation 1500 64
#   env: SEEDS="1 2 3"  LOSSES="minimax ns"  N=2000  TIDYGAN=./tidygan
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/saturation}"
steps="${2:-1500}"
batch="${3:-64}"
seeds="${SEEDS:-1 2 3}"
losses="${LOSSES:-minimax ns}"
n="${N:-2000}"
tg="${TIDYGAN:-./tidygan}"
features="$out/fm-domain"
mkdir -p "$out"

for loss in $losses; do
  for seed in $seeds; do
    run="$out/$loss-seed$seed"
    [[ -e $run/checkpoints/latest ]] && continue
    rm -rf "$run"
    /usr/bin/time -f "%e s wall, %U s user, %S s sys" -o "$run.time" \
      $tg train dcgan --data fashion-mnist --size 28 --loss "$loss" --steps "$steps" --batch "$batch" \
        --seed "$seed" --sample-every 100 --checkpoint-every "$steps" --out "$run"
  done
done

# The domain feature network of docs/evaluation.md (91% test accuracy with these settings).
[[ -f $features/manifest.json ]] || $tg features train --data fashion-mnist --epochs 3 --seed 0 --out "$features"

[[ -f $out/real-vs-real.json ]] ||
  $tg evaluate --real fashion-mnist:test --fake fashion-mnist --features "domain:$features" --n "$n" --seed 0 --json "$out/real-vs-real.json"
for loss in $losses; do
  for seed in $seeds; do
    run="$out/$loss-seed$seed"
    [[ -f $run/scores.json ]] ||
      $tg evaluate --real fashion-mnist:test --fake "$run" --features "domain:$features" --n "$n" --seed 0 --json "$run/scores.json"
  done
done

$tg saturation table --runs "$out" --out "$out"
