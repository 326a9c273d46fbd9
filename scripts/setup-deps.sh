#!/usr/bin/env bash
# Installs the Debian packages Clef builds and tests with, when missing.
# Idempotent: 'apt-get update' runs only if something has to be installed.
set -euo pipefail

PACKAGES=(
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  libclang-rt-22-dev  # libFuzzer and the sanitizer runtimes (docs/Fuzzing.md)
  antlr4 libantlr4-runtime-dev
  cmake ninja-build ccache g++
  python3 python3-pytest
  valgrind
  libboost-context-dev  # the interpreter's task stacks (interp/Scheduler.h)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The BARE peer implementation for the BAREWire interop tests (npm).
"$(dirname "${BASH_SOURCE[0]}")/setup-barewire-peer.sh"

# The .NET SDK is the oracle of the F# checks (test/FSharp, test/Shim,
# difftest's F# leg). It is never downloaded here: report what is present.
if command -v dotnet >/dev/null 2>&1; then
  v=$(DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 dotnet --version 2>/dev/null || true)
  echo "setup: dotnet ${v:-(not working)}: the F# checks run" >&2
else
  echo "setup: no dotnet: the F# checks are skipped" >&2
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
