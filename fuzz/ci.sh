#!/usr/bin/env bash
# A short libFuzzer run of every fuzz target, for CI: builds the targets
# with nightly Rust and cargo-fuzz, runs each for FUZZ_SECONDS (default 15)
# from the committed corpus, and fails on any crash (a panic, i.e. a broken
# invariant, an out-of-memory or a timeout). New inputs found go to a
# scratch folder, not into the committed corpus.
#
#   bash fuzz/ci.sh                  # every target, 15 s each
#   FUZZ_SECONDS=60 bash fuzz/ci.sh text query
#
# The instrumented build of every dependency is most of the time (about 11
# CPU-minutes from cold); FUZZ_TARGET_DIR=/some/persistent/dir keeps it
# between CI runs (only hoptac's own crates are then rebuilt).
#
# Needs the nightly toolchain (libFuzzer's instrumentation is nightly-only).
# Without it the script says so and exits 0 unless FUZZ_REQUIRED=1: the
# stable replay of the corpus (cargo test -p hoptac-fuzzing) still runs.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TERM_COLOR=never
secs="${FUZZ_SECONDS:-15}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ingest text extract planfile query)
fi

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz/ci.sh: no nightly Rust toolchain here; libFuzzer targets cannot be built" >&2
  [ "${FUZZ_REQUIRED:-0}" = 1 ] && exit 1
  echo "fuzz/ci.sh: skipping the fuzz run (the corpus replay runs in cargo test)"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz/ci.sh: installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

if [ -n "${FUZZ_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="$FUZZ_TARGET_DIR"
fi

start=$(date +%s)
# One build for all targets (release, debug assertions, AddressSanitizer).
cargo +nightly fuzz build
echo "fuzz/ci.sh: built in $(( $(date +%s) - start )) s"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t" "$scratch/artifacts/$t"
  # The committed corpus is read, never written: new inputs land in $scratch.
  if cargo +nightly fuzz run "$t" "$scratch/$t" "corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$scratch/artifacts/$t/" -print_final_stats=1 \
      >"$scratch/$t.log" 2>&1; then
    echo "fuzz/ci.sh: $t: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$scratch/$t.log" | grep -o '[0-9]*$') runs in ${secs} s, no crash"
  else
    echo "fuzz/ci.sh: $t: CRASH" >&2
    tail -40 "$scratch/$t.log" >&2
    for a in "$scratch/artifacts/$t"/*; do
      [ -f "$a" ] && echo "fuzz/ci.sh: input ($(basename "$a")), base64: $(base64 -w0 "$a" | head -c 2000)" >&2
    done
    failed+=("$t")
  fi
done
echo "fuzz/ci.sh: total $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/ci.sh: crashes in: ${failed[*]} (save the input to fuzz/regressions/<target>/ and fix)" >&2
  exit 1
fi
