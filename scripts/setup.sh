#!/usr/bin/env bash
# Installs what TidyGan needs on a fresh Debian/Ubuntu machine (only what is missing), then builds.
#   scripts/setup.sh          data packages + build (Release)
#   scripts/setup.sh --tests  also the Python reference packages the tests compare against, and Chromium for
#                             the visual Turing test's browser tests (Playwright drives /usr/bin/chromium)
#   scripts/setup.sh --bench  also Debian's PyTorch + OpenBLAS for bench/
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(dataset-fashion-mnist mricron-data invesalius-examples fonts-dejavu-core)
for arg in "$@"; do
  case "$arg" in
    --tests) packages+=(python3-nibabel python3-numpy python3-scipy python3-skimage python3-pydicom dcm2niix octave-dicom chromium ctsim) ;;
    --bench) packages+=(python3-torch python3-numpy libopenblas0-pthread) ;;
    *) echo "setup.sh: unknown option '$arg' (use --tests, --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) == 0 ]] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is needed: see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi
dotnet build TidyGan.sln -c Release -nologo -v q -clp:ErrorsOnly
