#!/usr/bin/env bash
# Builds Pagewise and runs every benchmark side by side with the reference pipeline (see BENCHMARKS.md).
# Usage: bench/run.sh [bench.py options], e.g. bench/run.sh --only e2e --repetitions 3
# Results: bench/results/<timestamp>.json and .md. Takes ~15 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

# A JDK >= 22 (for libjpeg-turbo through the FFM API and the AOT cache, 25 is best).
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64; do
  if [ -z "${JAVA_HOME:-}" ] && [ -x "$jdk/bin/java" ]; then export JAVA_HOME="$jdk"; fi
done
echo "JAVA_HOME=${JAVA_HOME:-<default>}"

# Debian/Ubuntu packages: the reference pipeline (PyMuPDF, Pillow), wrk, libjpeg-turbo, fonts PDFBox falls back to.
packages="python3-fitz python3-pil wrk libturbojpeg0 fontconfig fonts-dejavu-core fonts-liberation fonts-noto-cjk"
if ! dpkg -s $packages >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages >/dev/null
  else
    echo "Please install: $packages" >&2; exit 1
  fi
fi
# Debian's interpreter, where python3-fitz and python3-pil live (not a pyenv or venv python first on PATH).
python=/usr/bin/python3

# The service jar and the test classes (the stub and the render benchmark are test-scope mains).
./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
rm -rf target/bench/app
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Djarmode=tools -jar target/pagewise-*-SNAPSHOT.jar extract --destination target/bench/app >/dev/null

export PAGEWISE_CORPUS_DIR="${PAGEWISE_CORPUS_DIR:-$(cd .. && pwd)/shared/corpus}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec "$python" bench/bench.py "$@"
