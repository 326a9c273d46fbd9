#!/usr/bin/env bash
# Installs what bench/barewire/run.sh compares against, when missing: Cap'n
# Proto (libcapnp-dev, capnproto) and FlatBuffers (libflatbuffers-dev,
# flatbuffers-compiler) from Debian, and bare-ts on Node
# (scripts/setup-barewire-peer.sh, project-local).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PACKAGES=(libcapnp-dev capnproto libflatbuffers-dev flatbuffers-compiler g++ pkg-config)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "bench setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$ROOT/scripts/setup-barewire-peer.sh"
