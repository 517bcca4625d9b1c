#!/usr/bin/env bash
# Runs every test (fast unit tests and the slow real-data ones) after installing what they need.
# Fast tests only: dotnet test TidyGan.sln -c Release --filter "Category!=Slow"
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests || exit 1
log=$(mktemp)
dotnet test TidyGan.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E '(Passed|Failed)! +- ' "$log" | tail -n 1)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
