#!/usr/bin/env bash
# Installs the Debian packages Gregor needs to build and test, only those missing.
# Idempotent: a machine that has everything runs no apt command at all.
#   scripts/install-deps.sh           build and test (make deps, make build, make test)
#   scripts/install-deps.sh --bench   what only the benchmark suite needs (make bench)
set -euo pipefail
mode=${1:-}

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libasio-dev libspdlog-dev libfmt-dev libcli11-dev libexpected-dev nlohmann-json3-dev
  zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # interop tests: real clients from Debian
  python3 python3-kafka python3-confluent-kafka python3-snappy python3-lz4 python3-zstandard
  kcat librdkafka-dev nodejs
)
if [ "$mode" = --bench ]; then
  # bench/run: references (iperf3, fio) and the Redis Streams peer (redis-server brings
  # redis-benchmark). librdkafka-dev, for rdkafka_performance, is in the list above.
  packages=(iperf3 fio redis-server)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm is only needed for the kafkajs interop test; nodesource's nodejs bundles it.
if [ "$mode" != --bench ] && ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq npm
fi
