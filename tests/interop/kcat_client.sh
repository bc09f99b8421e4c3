#!/usr/bin/env bash
# kcat 1.7.1 (librdkafka 2.0.2) interop scenario against a running gregor broker.
#
# Usage: kcat_client.sh BOOTSTRAP roundtrip
#
# roundtrip: produces N keyed records per codec (none gzip snappy lz4 zstd) with -K: and -H headers
# into a topic that the producer's metadata request auto-creates (num.partitions=1, so every
# offset is predictable); checks `kcat -L`; consumes with -C -e from the beginning, from an
# explicit offset and from the end (-o -10) and compares key, value, offset and headers exactly;
# then checks -Q (ListOffsets) for a timestamp in the middle, a timestamp after the last record
# and the logical -1 (end) / -2 (beginning).
#
# Exits 0 on success; on any mismatch prints "FAIL: ..." to stderr and exits 1.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BOOTSTRAP roundtrip" >&2
  exit 2
fi
bootstrap="$1"
scenario="$2"
if [ "$scenario" != "roundtrip" ]; then
  echo "unknown scenario: $scenario" >&2
  exit 2
fi
if ! command -v kcat >/dev/null 2>&1; then
  echo "FAIL: kcat is not installed (Debian package kcat)" >&2
  exit 2
fi

codecs=(none gzip snappy lz4 zstd)
per_codec=200
total=$((per_codec * ${#codecs[@]}))
topic="kcat-roundtrip-$$-$RANDOM"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log() { echo "[kcat] $*"; }
fail() {
  echo "FAIL: kcat roundtrip: $*" >&2
  exit 1
}

# Common librdkafka settings: short timeouts so a misbehaving broker fails fast.
kc() {
  timeout 30 kcat -b "$bootstrap" -m 10 -X socket.timeout.ms=10000 -X broker.address.family=v4 \
    -X reconnect.backoff.max.ms=1000 "$@"
}

# 1. Produce: one kcat process per codec, records "key:value"; offsets follow production order.
expected="$work/expected"
: >"$expected"
offset=0
for codec in "${codecs[@]}"; do
  input="$work/input-$codec"
  : >"$input"
  for ((i = 0; i < per_codec; i++)); do
    value="$codec-value-$i-$(printf '%*s' $((i % 13)) '' | tr ' ' 'x')"
    echo "$codec-key-$i:$value" >>"$input"
    echo "$codec-key-$i|$value|$offset|codec=$codec,suite=interop" >>"$expected"
    offset=$((offset + 1))
  done
  zflag=()
  [ "$codec" != none ] && zflag=(-z "$codec")
  if ! kc -P -t "$topic" "${zflag[@]}" -K: -H "codec=$codec" -H "suite=interop" -X linger.ms=5 \
      -X message.timeout.ms=20000 -X acks=all <"$input" >"$work/produce-$codec.log" 2>&1; then
    cat "$work/produce-$codec.log" >&2
    fail "kcat -P -z $codec exited non-zero"
  fi
  if grep -qi "error\|fail" "$work/produce-$codec.log"; then
    cat "$work/produce-$codec.log" >&2
    fail "kcat -P -z $codec reported errors"
  fi
  log "produced $per_codec records with codec=$codec"
  sleep 0.05  # so each codec's records have later CreateTimes than the previous codec's
done

# 2. Metadata (-L): the auto-created topic, one partition led by node 0, the broker at our address.
kc -L -t "$topic" >"$work/metadata" 2>&1 || { cat "$work/metadata" >&2; fail "kcat -L exited non-zero"; }
grep -q "^ 1 brokers:" "$work/metadata" || { cat "$work/metadata" >&2; fail "kcat -L: want exactly 1 broker"; }
grep -q "^  broker 0 at $bootstrap" "$work/metadata" ||
  { cat "$work/metadata" >&2; fail "kcat -L: broker 0 is not advertised at $bootstrap"; }
grep -q "^  topic \"$topic\" with 1 partitions:" "$work/metadata" ||
  { cat "$work/metadata" >&2; fail "kcat -L: topic $topic with 1 partition missing"; }
grep -q "^    partition 0, leader 0, replicas: 0, isrs: 0" "$work/metadata" ||
  { cat "$work/metadata" >&2; fail "kcat -L: partition 0 should be led by 0 with replicas/isrs 0"; }
kc -L >"$work/metadata-all" 2>&1 || { cat "$work/metadata-all" >&2; fail "kcat -L (all topics) exited non-zero"; }
grep -q "^  topic \"$topic\"" "$work/metadata-all" ||
  { cat "$work/metadata-all" >&2; fail "kcat -L (all topics) lacks $topic"; }
log "metadata ok"

# 3. Consume everything from the beginning; compare exactly (timestamps checked separately).
consume() {  # consume OFFSET OUTFILE
  if ! kc -C -t "$topic" -p 0 -e -o "$1" -f '%k|%s|%o|%T|%h\n' -X fetch.wait.max.ms=100 >"$2" 2>"$2.err"; then
    cat "$2.err" >&2
    fail "kcat -C -o $1 exited non-zero"
  fi
}
compare() {  # compare WHAT EXPECTED ACTUAL(with %T column)
  cut -d'|' -f1-3,5 "$3" >"$3.cmp"
  if ! diff -u "$2" "$3.cmp" >"$3.diff"; then
    head -40 "$3.diff" >&2
    fail "$1: consumed records differ from what was produced (diff above, - expected + consumed)"
  fi
}
consume beginning "$work/all"
compare "consume -o beginning" "$expected" "$work/all"
log "consumed $total records from the beginning, keys/values/offsets/headers equal"

consume 437 "$work/middle"
tail -n +438 "$expected" >"$work/expected-middle"
compare "consume -o 437" "$work/expected-middle" "$work/middle"
consume -10 "$work/tail"
tail -n 10 "$expected" >"$work/expected-tail"
compare "consume -o -10" "$work/expected-tail" "$work/tail"
log "consume from an explicit offset and relative to the end ok"

# 4. Timestamps: CreateTime set by librdkafka, never decreasing, and -Q finds them.
cut -d'|' -f4 "$work/all" >"$work/ts"
sort -n -c "$work/ts" 2>/dev/null || fail "record timestamps decrease with offset: $(head -3 "$work/ts" | tr '\n' ' ')..."
now_ms=$(($(date +%s) * 1000))
first_ts=$(head -1 "$work/ts")
[ $((now_ms - first_ts)) -lt 600000 ] && [ $((first_ts - now_ms)) -lt 600000 ] ||
  fail "first record timestamp $first_ts is not close to now ($now_ms)"

query() {  # query TIMESTAMP -> prints the offset kcat -Q returns for partition 0
  local out
  out="$(kc -Q -t "$topic:0:$1" 2>&1)" || { echo "$out" >&2; fail "kcat -Q $topic:0:$1 exited non-zero"; }
  echo "$out" | sed -n 's/.*\[0\] *offset *\(-\{0,1\}[0-9]*\).*/\1/p' | head -1
}
# Targets: the first record of the third codec (a batch start) and records inside batches; the
# answer is the earliest offset whose timestamp >= the target, not the start of the batch holding it.
for line in $((2 * per_codec + 1)) $((2 * per_codec + per_codec / 2)) $((total - 3)); do
  target=$(sed -n "${line}p" "$work/ts")
  want=$(awk -v t="$target" '$1 >= t { print NR - 1; exit }' "$work/ts")
  got=$(query "$target")
  [ "$got" = "$want" ] || fail "kcat -Q at timestamp $target (record $((line - 1))): offset '$got', want $want"
done
last_ts=$(tail -1 "$work/ts")
got=$(query $((last_ts + 3600000)))
[ "$got" = "-1" ] || fail "kcat -Q after the last timestamp: offset '$got', want -1"
got=$(query -1)
[ "$got" = "$total" ] || fail "kcat -Q -1 (end): offset '$got', want $total"
got=$(query -2)
[ "$got" = "0" ] || fail "kcat -Q -2 (beginning): offset '$got', want 0"
log "-Q offsets by timestamp ok"
log "roundtrip: OK"
