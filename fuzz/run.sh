#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) one after another, on one core, growing the
# committed corpus; crashes land in fuzz/artifacts/<target>/. Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario epw electricity_maps time_value telemetry)
for t in "${targets[@]}"; do
  max_len=8192
  # An EPW year is about a megabyte; shorter inputs never reach the hourly checks.
  [ "$t" = epw ] && max_len=1100000
  echo "== $t for ${seconds}s"
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
