#!/usr/bin/env python3
"""A/B render throughput: several RenderBenchmark variants alive at once, their passes interleaved.

Each variant is NAME=CLASSES[,JVM-FLAG...]: a compiled classes directory (e.g. a copy of target/classes made
before a change) and JVM flags. Every variant renders the corpus (first 30 pages per file) two documents at a time;
after two warm-up passes each, the passes alternate between variants, so a drift in the machine's speed hits all
of them alike. Prints the median ms/page of each. Used for the per-change numbers in BENCHMARKS.md.

    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64    # a JDK 22+, as bench/run.sh picks
    ./mvnw -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
    cp -r target/classes /tmp/before            # ... then make the change and compile again
    python3 bench/render_ab.py before=/tmp/before after=target/classes
    python3 bench/render_ab.py g1=target/classes parallel=target/classes,-XX:+UseParallelGC
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
CORPUS = os.environ.get("PAGEWISE_CORPUS_DIR", os.path.join(os.path.dirname(ROOT), "shared", "corpus"))


def start(spec):
    classes, *flags = spec.split(",")
    classpath = ":".join([open(os.path.join(ROOT, "target", "cp.txt")).read().strip(), os.path.abspath(classes),
                          os.path.join(ROOT, "target", "test-classes")])
    return subprocess.Popen([JAVA, "-Xmx512m", *flags, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
                             "io.pagewise.page.RenderBenchmark", os.path.join(CORPUS, "real"), "30",
                             os.path.join(ROOT, "target", "bench", "cut"), "auto"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def result(process):
    for line in process.stdout:
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("RenderBenchmark ended early")


def run(process, command):
    process.stdin.write(command + "\n")
    process.stdin.flush()
    return result(process)


def main(specs, passes=int(os.environ.get("PASSES", "6"))):
    variants = {name: start(spec) for name, spec in (arg.split("=", 1) for arg in specs)}
    for process in variants.values():
        result(process)
        for _ in range(2):
            run(process, "concurrent 2")
    times = {name: [] for name in variants}
    for _ in range(passes):
        for name, process in variants.items():
            times[name].append(run(process, "concurrent 2")["msPerPage"])
    for name, values in times.items():
        print(f"{name:12} median {statistics.median(values):6.2f} ms/page  {[round(v, 2) for v in values]}")
    for process in variants.values():
        process.stdin.close()
        process.wait(60)


if __name__ == "__main__":
    main(sys.argv[1:])
