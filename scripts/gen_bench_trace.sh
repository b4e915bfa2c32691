#!/usr/bin/env bash
# Builds scripts/bench_trace and runs it to write a large trace for
# benchmarks (not committed; put it under tmp/, which is gitignored).
#
# Usage:
#   scripts/gen_bench_trace.sh OUT.trace [GOTOOLCHAIN]
#
#   GOTOOLCHAIN  e.g. go1.21.13 for an old (v1, "go 1.21 trace") format
#                trace; default: the system Go (GOTOOLCHAIN=local).
#   SIZE_MB      environment variable: target size in MiB (default 120).
#   Extra flags for bench_trace can be passed in BENCH_FLAGS.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$1"
TOOLCHAIN="${2:-local}"
SIZE_MB="${SIZE_MB:-120}"

BIN="$(mktemp -d "${TMPDIR:-/tmp}/bench-trace-bin.XXXXXX")"
trap 'rm -rf "$BIN"' EXIT

SYSGO="$(GOTOOLCHAIN=local command -v go)"
(cd "$ROOT/scripts/bench_trace" &&
  GOTOOLCHAIN="$TOOLCHAIN" GOFLAGS=-buildvcs=false "$SYSGO" build -o "$BIN/bench_trace" .)
mkdir -p "$(dirname "$OUT")"
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$BIN/bench_trace" -size-mb "$SIZE_MB" ${BENCH_FLAGS:-} "$OUT"
end=$(date +%s.%N)
header="$(head -c 16 "$OUT" | tr -d '\0')"
printf '%s: %d bytes, header "%s", generated in %.1fs\n' "$OUT" "$(stat -c %s "$OUT")" "$header" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
