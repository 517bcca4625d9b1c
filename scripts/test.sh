#!/usr/bin/env bash
# Runs every test (fast unit tests and the slow real-data ones) after installing what they need.
# Fast tests only: dotnet test TidyGan.sln -c Release --filter "Category!=Slow"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
dotnet test TidyGan.sln -c Release --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee /tmp/tidygan-test.log | grep -vE '^\s+Passed ' || true
summary=$(grep -E '^(Passed|Failed)!' /tmp/tidygan-test.log | tail -1)
echo "$summary"
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary"); failed=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed"
[[ $summary == Passed!* ]]
