#!/usr/bin/env bash
# Installs the Debian packages framescope needs to build, test and run, and only those that
# are missing: on a machine that has them all this takes a fraction of a second.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config     # build
  libsqlite3-dev                       # the store
  libpq-dev                            # the store on a PostgreSQL server (--db postgresql://)
  postgresql                           # a real server for the PostgreSQL store's tests
  libpcre2-dev                         # Python's regular expressions (pstats restrictions, search)
  libsimdjson-dev nlohmann-json3-dev libarchive-dev   # bundles: JSON Lines in, JSON out, .zip/.tar.gz
  libcpp-httplib-dev                   # framescope serve: the collector's HTTP server (and the tests' client)
  libimgui-dev libglfw3-dev libepoxy-dev libstb-dev   # the window
  xvfb xauth libgl1-mesa-dri           # the window without a screen (GUI tests, screenshots)
  xdotool x11-apps                     # interaction tests: scripted keys and clicks, xwd captures
  doctest-dev libbenchmark-dev         # tests and benchmarks
  clang libclang-rt-14-dev             # the libFuzzer target
  python3 pypy3                        # real test data, written by the interpreters
  python3-pygame python3-tk python3-pyqt5   # the recorder's heartbeat tests in real toolkits
  python-pygame-doc                    # pygame's examples: a real game recorded in the tests
  valgrind                             # callgrind_annotate reads the callgrind files framescope exports
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
