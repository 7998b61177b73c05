#!/usr/bin/env bash
# Installs the Debian (bookworm) packages stsmc builds, tests and benchmarks with.
# Idempotent: when every package is already installed it does nothing (no apt-get update).
#   --build-only   what building and packaging need (make run/build, the Dockerfile, examples/ci):
#                  everything but the browser the tests use
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkgconf time
  libboost-dev            # Boost.Hana: reflection of the state structs
  libyaml-cpp-dev         # manifest loading
  nlohmann-json3-dev      # traces, conformance, JSON output
  libcli11-dev            # the stsmc command line
  libfmt-dev              # formatting (g++ 12 has no <format>)
  libtbb-dev              # listed for the parallel explorer (docs/dependencies.md: no target links it)
  libz3-dev               # symbolic engine
  librapidcheck-dev       # fuzz engine and property tests
  libgtest-dev libgmock-dev
  libbenchmark-dev
  dpkg-dev file           # cpack's .deb: dpkg-shlibdeps computes Depends (make package)
  clang libclang-rt-dev   # the libFuzzer targets (fuzz/, docs/fuzzing.md)
)
# The HTML trace viewer's test loads a page in a real headless browser (tests/html); the test
# skips when the browser is absent, CI installs it.
test_packages=(chromium)

if [ "${1:-}" != "--build-only" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
