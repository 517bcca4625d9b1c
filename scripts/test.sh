#!/usr/bin/env bash
# Runs every test (fast unit tests and the slow real-data ones) after installing what they need.
# Fast tests only (no slow real-data, browser or Python-reference tests):
#   dotnet test TidyGan.sln -c Release --filter "Category!=Slow&Category!=Browser&Category!=PythonReference"
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1
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
