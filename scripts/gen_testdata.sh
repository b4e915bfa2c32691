#!/usr/bin/env bash
# Regenerates the test traces in testdata/traces/go1.NN/<program>.trace by
# building and running every program of testdata/programs/ under several Go
# toolchains, then checks each trace (header, and that `go tool trace
# -d=parsed` of the system Go accepts it). Also refreshes testdata/sample.trace
# and testdata/traces/MANIFEST.tsv.
#
# Usage:
#   scripts/gen_testdata.sh [-t "TOOLCHAIN..."] [PROGRAM...]
#
#   -t   space-separated toolchain list (default: $DEFAULT_TOOLCHAINS below).
#        Each entry is one of:
#          local        the system `go` (GOTOOLCHAIN=local)
#          go1.NN.P     a toolchain fetched through the Go module proxy with
#                       GOTOOLCHAIN=go1.NN.P
#          debian-1.19  Debian's golang-1.19-go (/usr/lib/go-1.19/bin/go,
#                       installed with apt-get if missing; falls back to
#                       GOTOOLCHAIN=go1.19.13 if it cannot be installed)
#   PROGRAM  only (re)generate these programs (default: all). When all
#            programs are generated, stale traces in the output folder of a
#            toolchain are removed first.
#
# Toolchains run one after the other (the machine is small); every program
# runs for well under a few seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROGDIR="$ROOT/testdata/programs"
OUTROOT="$ROOT/testdata/traces"

DEFAULT_TOOLCHAINS="local go1.25.14 go1.24.13 go1.23.12 go1.22.12 go1.21.13 debian-1.19 go1.18.10"
TOOLCHAINS="${TOOLCHAINS:-$DEFAULT_TOOLCHAINS}"

# Programs and the minimum Go minor version they need (module is go 1.18).
ALL_PROGRAMS="annotations bigtask coroutines cpuprofile cpuwork empty flightrecorder gc gcassist generations goroutines gomaxprocs network requests sched service stacks sync syscalls timers"
# The diagnosis's known-answer programs (tests/diagnosis/): traces in go1.NN/diagnose/.
DIAGNOSE_PROGRAMS="critpath stw gcassist sched leak contention syscall churn tasklatency idleps clean"
for p in $DIAGNOSE_PROGRAMS; do ALL_PROGRAMS="$ALL_PROGRAMS diagnose/$p"; done
min_minor() {
  case "$1" in
    coroutines) echo 23 ;;     # iter.Pull
    cpuwork) echo 19 ;;        # CPU samples in the trace
    flightrecorder) echo 25 ;; # runtime/trace.FlightRecorder
    bigtask|requests) echo 26 ;; # web UI tests: one toolchain is enough
    gcassist) echo 26 ;;       # only the newest: one trace of this shape is enough
    diagnose/critpath) echo 18 ;; # the critical path on every format
    diagnose/*) echo 26 ;;       # known answers of the diagnosis: one toolchain
    *) echo 18 ;;
  esac
}

# Programs whose trace must show a timing-dependent shape are rerun until it does
# (at most this many times).
MAX_TRIES=40
# Whether trace $2 of program $1 has the shape it is committed for.
has_shape() {
  case "$1" in
    gcassist)
      # A GCMarkAssistActive in the first generation's P-less status batch (m = NoM),
      # and small enough to commit.
      [ "$(stat -c %s "$2")" -lt 1000000 ] || return 1
      GOTOOLCHAIN=local "$SYSGO" tool trace -d=wire "$2" 2>/dev/null | awk '
        /^EventBatch/ { nom = ($2 == "gen=1" && $3 == "m=18446744073709551615") }
        /^GCMarkAssistActive/ && nom { found = 1 }
        END { exit !found }' ;;
    *) return 0 ;;
  esac
}

# Header that each Go minor version writes. Go 1.11-1.18 share the "go 1.11"
# format, 1.19-1.20 the "go 1.19" format; 1.24 kept the 1.23 format.
expected_header() {
  case "$1" in
    1[1-8]) echo "go 1.11 trace" ;;
    19|20) echo "go 1.19 trace" ;;
    24) echo "go 1.23 trace" ;;
    *) echo "go 1.$1 trace" ;;
  esac
}

while getopts "t:h" opt; do
  case "$opt" in
    t) TOOLCHAINS="$OPTARG" ;;
    h) sed -n '2,25p' "$0"; exit 0 ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -gt 0 ]; then
  PROGRAMS="$*"
  FULL=0
else
  PROGRAMS="$ALL_PROGRAMS"
  FULL=1
fi
for p in $PROGRAMS; do
  [ -d "$PROGDIR/$p" ] || { echo "unknown program: $p" >&2; exit 2; }
done

# The system Go, used to validate every trace. Capture its absolute path so
# that GOTOOLCHAIN settings below never affect it.
SYSGO="$(GOTOOLCHAIN=local command -v go)"
SYSGO_VERSION="$(GOTOOLCHAIN=local GOFLAGS= "$SYSGO" env GOVERSION)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/traceglass-gen.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

FAILURES=()
fail() {
  echo "  FAIL: $*" >&2
  FAILURES+=("$*")
}

# Sets GO_CMD (array) for a toolchain spec; returns non-zero if unusable.
setup_toolchain() {
  local spec="$1"
  case "$spec" in
    local)
      GO_CMD=(env GOTOOLCHAIN=local "$SYSGO") ;;
    debian-1.19)
      local dgo=/usr/lib/go-1.19/bin/go
      if [ ! -x "$dgo" ] && command -v apt-get >/dev/null; then
        echo "  installing golang-1.19-go with apt-get" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-1.19-go >/dev/null 2>&1 ||
          { apt-get update -qq >/dev/null 2>&1 &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq golang-1.19-go >/dev/null 2>&1; } || true
      fi
      if [ -x "$dgo" ]; then
        GO_CMD=(env GOTOOLCHAIN=local "$dgo")
      else
        echo "  golang-1.19-go unavailable; using GOTOOLCHAIN=go1.19.13 instead" >&2
        GO_CMD=(env GOTOOLCHAIN=go1.19.13 "$SYSGO")
      fi ;;
    go1.*)
      GO_CMD=(env GOTOOLCHAIN="$spec" "$SYSGO") ;;
    *)
      echo "unknown toolchain spec: $spec" >&2; return 1 ;;
  esac
  # -buildvcs exists since Go 1.18, the oldest toolchain used here.
  GO_CMD=(env GOFLAGS=-buildvcs=false "${GO_CMD[@]}")
}

for tc in $TOOLCHAINS; do
  echo "== toolchain $tc"
  if ! setup_toolchain "$tc"; then
    fail "$tc: unknown toolchain"; continue
  fi
  if ! version="$(cd "$PROGDIR" && "${GO_CMD[@]}" env GOVERSION 2>"$WORK/err")"; then
    fail "$tc: cannot run toolchain: $(tail -n 3 "$WORK/err" | tr '\n' ' ')"; continue
  fi
  version="${version##*$'\n'}" # last line (a download notice may precede it)
  minor="$(echo "$version" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')"
  if [ -z "$minor" ]; then
    fail "$tc: unexpected version string '$version'"; continue
  fi
  want_header="$(expected_header "$minor")"
  outdir="$OUTROOT/go1.$minor"
  mkdir -p "$outdir"
  if [ "$FULL" = 1 ]; then
    rm -f "$outdir"/*.trace "$outdir"/diagnose/*.trace
  fi
  echo "   $version -> ${outdir#$ROOT/} (expect header '$want_header')"
  bindir="$WORK/bin-$minor"
  mkdir -p "$bindir"
  for p in $PROGRAMS; do
    if [ "$minor" -lt "$(min_minor "$p")" ]; then
      echo "   skip  $p (needs go1.$(min_minor "$p"))"
      continue
    fi
    mkdir -p "$(dirname "$bindir/$p")" "$(dirname "$WORK/$p")" "$(dirname "$outdir/$p")"
    if ! (cd "$PROGDIR" && "${GO_CMD[@]}" build -o "$bindir/$p" "./$p") >"$WORK/err" 2>&1; then
      fail "$version $p: build failed: $(tail -n 5 "$WORK/err" | tr '\n' ' ')"; continue
    fi
    tmp="$WORK/$p.trace"
    tries=0 ran=1
    while :; do
      rm -f "$tmp"
      tries=$((tries + 1))
      if ! (cd "$WORK" && timeout 120 "$bindir/$p" "$tmp") >"$WORK/err" 2>&1; then
        fail "$version $p: run failed: $(tail -n 5 "$WORK/err" | tr '\n' ' ')"; ran=0; break
      fi
      has_shape "$p" "$tmp" && break
      if [ "$tries" -ge "$MAX_TRIES" ]; then
        fail "$version $p: no run of $MAX_TRIES gave the wanted trace shape"; ran=0; break
      fi
    done
    [ "$ran" = 1 ] || continue
    header="$(head -c 16 "$tmp" | tr -d '\0')"
    if [ "$header" != "$want_header" ]; then
      fail "$version $p: header '$header', want '$want_header'"; continue
    fi
    if ! GOTOOLCHAIN=local "$SYSGO" tool trace -d=parsed "$tmp" >/dev/null 2>"$WORK/err"; then
      fail "$version $p: $SYSGO_VERSION 'go tool trace -d=parsed' rejects it: $(tail -n 3 "$WORK/err" | tr '\n' ' ')"; continue
    fi
    mv "$tmp" "$outdir/$p.trace"
    printf '   ok    %-15s %8d bytes (%d run(s))\n' "$p" "$(stat -c %s "$outdir/$p.trace")" "$tries"
  done
  # Keep a record of the exact toolchain that produced this folder.
  echo "$version" >"$outdir/GOVERSION"
done

# The trace served by `deno task start` by default.
sysminor="$(echo "$SYSGO_VERSION" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')"
if [[ " $PROGRAMS " == *" service "* ]] && [ -f "$OUTROOT/go1.$sysminor/service.trace" ]; then
  cp "$OUTROOT/go1.$sysminor/service.trace" "$ROOT/testdata/sample.trace"
  echo "== testdata/sample.trace <- traces/go1.$sysminor/service.trace"
fi

# Manifest: folder, program, header, size, producing toolchain.
{
  printf 'file\tgo_version\theader\tbytes\n'
  for d in "$OUTROOT"/go1.*/; do
    v="$(cat "$d/GOVERSION" 2>/dev/null || echo unknown)"
    for f in "$d"*.trace "$d"diagnose/*.trace; do
      [ -f "$f" ] || continue
      printf '%s\t%s\t%s\t%s\n' "${f#$OUTROOT/}" "$v" "$(head -c 16 "$f" | tr -d '\0')" "$(stat -c %s "$f")"
    done
  done
} >"$OUTROOT/MANIFEST.tsv"

echo "== total size of testdata/traces: $(du -sb "$OUTROOT" | cut -f1) bytes"
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo "== ${#FAILURES[@]} failure(s):" >&2
  printf '   %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
echo "== all traces generated and validated"
