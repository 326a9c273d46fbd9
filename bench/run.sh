#!/usr/bin/env bash
# Runs the benchmark suite: every program in Clef and in its peers (C with
# malloc/free, a bump arena, APR pools and the Boehm GC; OCaml; Rust),
# checks that their outputs agree, times them and writes bench/RESULTS.md;
# then measures compile time against program size. See bench/README.md.
#
#   bench/run.sh                         # full sizes, 5 runs, clefc from build/bin
#   bench/run.sh --quick                 # small sizes, 3 runs (RESULTS-quick.md)
#   CLEFC=build-exec/bin/clefc bench/run.sh --runs 3 --only nbody,life --no-scaling
#   bench/run.sh --help                  # every option
#
# Installs the peers' Debian packages when they are missing and the script
# runs as root: ocaml-nox, libgc-dev, libapr1-dev, pkg-config, and rustc
# when no rustc is on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need=()
command -v ocamlopt > /dev/null || need+=(ocaml-nox)
[[ -f /usr/include/gc.h ]] || need+=(libgc-dev)
[[ -f /usr/include/apr-1.0/apr_pools.h ]] || need+=(libapr1-dev)
command -v pkg-config > /dev/null || need+=(pkg-config)
command -v rustc > /dev/null || need+=(rustc)
command -v cc > /dev/null || need+=(gcc)
if ((${#need[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get > /dev/null; then
    echo "run: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" > /dev/null
  else
    echo "run: missing ${need[*]}; the peers that need them are skipped" >&2
  fi
fi

exec python3 "$ROOT/bench/runner.py" "$@"
