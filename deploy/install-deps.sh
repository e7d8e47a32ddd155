#!/usr/bin/env bash
# Installs the Debian 12 packages Telex needs to build, test and run, with
# apt-get, but only those that are missing (so a machine that has them all is
# not touched). Needs root (or sudo). Used by quickstart.sh and test.sh.
set -euo pipefail

packages=(
    build-essential cmake pkg-config clang clang-format   # compilers; clang for the fuzz preset
    librdkafka-dev libavro-dev libpcre2-dev libcriterion-dev
    libxml2-dev libjansson-dev libutf8proc-dev libmicrohttpd-dev libsystemd-dev libssl-dev zlib1g-dev
    kcat avro-bin                                     # outside tools the tests check Telex against
    python3 python3-confluent-kafka python3-yaml      # integration tests and the eval scorer
    systemd openssl binutils                          # systemd-analyze verify; certificates and readelf for deploy checks
)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
