#!/usr/bin/env bash
# The long fuzz campaign behind the figures in RELIABILITY.md (Fuzzing):
# each target in turn (one process, one core) for FUZZ_SECONDS (default
# 600), from the committed corpus plus work/seeds/<target> when present,
# into a scratch corpus work/<target>; then everything is minimized
# (libFuzzer -merge=1, what `cargo fuzz cmin` runs, by edges) back into
# corpus/<target>. Logs: work/<target>.log (its last lines give executions
# and exec/s). A crash input lands in artifacts/<target>/: once fixed, copy
# it to regressions/<target>/ so the replay test keeps it fixed.
#
#   bash fuzz/long.sh                       # every target, 10 minutes each
#   FUZZ_SECONDS=3600 bash fuzz/long.sh extract
set -euo pipefail
cd "$(dirname "$0")"
secs="${FUZZ_SECONDS:-600}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ingest text extract planfile query)
fi
# Built once; the binaries are then run directly, so editing the sources
# during a campaign does not rebuild (or change) what is being fuzzed.
cargo +nightly fuzz build
bin="target/x86_64-unknown-linux-gnu/release"
for t in "${targets[@]}"; do
  mkdir -p "work/$t" "corpus/$t" "artifacts/$t"
  seeds=()
  if [ -d "work/seeds/$t" ]; then seeds=("work/seeds/$t"); fi
  echo "== $t: ${secs} s from $(date -u +%H:%M:%S)"
  status=0
  "$bin/$t" "work/$t" "corpus/$t" "${seeds[@]}" \
    -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"work/$t.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)' "work/$t.log" || true
  tail -n 12 "work/$t.log" | grep -E '^#[0-9]+.*(cov|DONE)' | tail -n 1 || true
  if [ "$status" != 0 ]; then
    echo "== $t: CRASH (exit $status), see work/$t.log and artifacts/$t/"
    continue
  fi
  # Minimize what was found, the committed corpus and the seeds together,
  # and make that the committed corpus. Coverage by edges only
  # (-use_counters=0): keeping an input per hit-count bucket too makes a
  # corpus several times larger for little.
  rm -rf "work/$t.min" && mkdir -p "work/$t.min"
  "$bin/$t" -merge=1 -use_counters=0 -max_len=8192 -rss_limit_mb=2048 -timeout=10 \
    "work/$t.min" "corpus/$t" "work/$t" "${seeds[@]}" >"work/$t.cmin.log" 2>&1
  find "corpus/$t" -type f -delete
  cp "work/$t.min"/* "corpus/$t/"
  echo "== $t: corpus after minimizing: $(ls "corpus/$t" | wc -l) files, $(du -sb "corpus/$t" | cut -f1) bytes"
done
