#!/usr/bin/env bash
# The Gradescope autograder's setup (made by ./track gradescope-bundle; see
# docs/instructors.md). Gradescope runs it once, as root, in
# /autograder/source, when it builds the autograder's image: it installs the
# build's packages, builds the trusted grader from this student copy (there
# is no solutions/ in it), and makes the user that compiles submissions.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

./track setup

# The project needs g++ 12 and CMake 3.25 (Debian 12 has both). On an older
# Ubuntu image, g++-12 comes from its own package and CMake from pip.
if ! g++ -dumpversion | awk -F. '{ exit !($1 >= 12) }'; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq g++-12 >/dev/null
  update-alternatives --install /usr/bin/g++ g++ /usr/bin/g++-12 120
  update-alternatives --install /usr/bin/c++ c++ /usr/bin/g++-12 120
fi
if ! cmake --version | awk 'NR == 1 { split($3, v, "."); exit !(v[1] > 3 || (v[1] == 3 && v[2] >= 25)) }'; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >/dev/null
  pip3 install --quiet 'cmake>=3.25'
  hash -r
fi

# Submissions are compiled as this user, who cannot read the salt or anything else of the grader's.
id store-build >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin store-build
chmod 700 .grading

cmake --preset release -DSTORE_KNOWN_BUGS=OFF >/dev/null
cmake --build --preset release --target store-grade-sandbox store-grade-summary store_sandbox_host_base store_core
