#!/usr/bin/env bash
# Runs every test (fast unit tests and the slow real-data ones) after installing what they need.
# Fast tests only (no slow real-data, browser or Python-reference tests):
#   dotnet test TidyGan.sln -c Release --filter "Category!=Slow&Category!=Browser&Category!=PythonReference"
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1
# The Slurm executor tests (Slow) need a one-node cluster: start one as root (installing slurm-wlm + munge if missing)
# and stop it afterwards — unless one was already running, which is left as it was. Not root: those tests skip.
slurm_started=0
if [[ $(id -u) == 0 ]] && ! sinfo -h >/dev/null 2>&1; then
  if scripts/slurm-local.sh start; then slurm_started=1; else echo "test.sh: no Slurm cluster; the Slurm tests will say why they skip" >&2; fi
fi
trap '(( slurm_started )) && scripts/slurm-local.sh stop' EXIT
log=$(mktemp)
dotnet test TidyGan.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One summary line per test project: add them up.
summaries=$(grep -E '(Passed|Failed)! +- ' "$log")
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summaries" | awk '{s += $1} END {print s + 0}')
failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summaries" | awk '{s += $1} END {print s + 0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
