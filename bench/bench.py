#!/usr/bin/env python3
"""Pagewise benchmarks, each measured side by side with the reference pipeline in the same run.

Run through bench/run.sh, which builds first. Sections (all by default, or pick with --only):
  startup   start-up to readiness of the packaged service, without and with a JDK AOT cache
  memory    ingesting the 615-page manual with -Xmx512m: time and peak heap (from the GC log)
  e2e       end to end against the latency stub: new PDF, new question on a known PDF, identical question,
            interleaved with the reference pipeline (bench/reference_pipeline.py) on the same PDF and stub
  http      wrk against a cached answer
  render    render throughput on the corpus (first 30 pages per file), PDFBox vs PyMuPDF, interleaved
Results: bench/results/<timestamp>.json and .md (tables for BENCHMARKS.md).
"""
import argparse
import datetime
import glob
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import fitz
import PIL

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_pipeline  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "target", "bench")
CORPUS = os.environ.get("PAGEWISE_CORPUS_DIR", os.path.join(ROOT, "..", "shared", "corpus"))
MANUAL = os.path.join(CORPUS, "real", "large_memoir_manual.pdf")
JAVA = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if "JAVA_HOME" in os.environ else "java"
HEAP = "-Xmx512m"
RERANK_MS, RERANK_PER_IMAGE_MS, CHAT_MS, CHAT_PER_IMAGE_MS = 300, 25, 800, 100
QUESTION = "Which page explains how to change the page layout and margins?"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def stats(values):
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "n": len(values)}


def load_average():
    return [round(value, 2) for value in os.getloadavg()]


def classpath():
    with open(os.path.join(ROOT, "target", "cp.txt")) as file:
        dependencies = file.read().strip()
    return os.pathsep.join([os.path.join(ROOT, "target", "classes"), os.path.join(ROOT, "target", "test-classes"),
                            dependencies])


APP_JAR = None
SERVER_ARGS = []


def app_jar():
    if APP_JAR:
        return APP_JAR
    jars = glob.glob(os.path.join(WORK, "app", "pagewise-*.jar"))
    if len(jars) != 1:
        sys.exit("No extracted application jar in target/bench/app: run bench/run.sh")
    return jars[0]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as file:
        fields = file.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Http:
    """A keep-alive HTTP/1.1 client; returns (status, body bytes, seconds)."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method, path, body=None, headers=None):
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started

    def json(self, method, path, value):
        return self.request(method, path, json.dumps(value).encode(),
                            {"Content-Type": "application/json", "Accept": "application/json"})

    def upload(self, path, pdf_bytes, fields):
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="doc.pdf"\r\n'
                     f'Content-Type: application/pdf\r\n\r\n'.encode() + pdf_bytes + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "application/json"})

    def close(self):
        self.connection.close()


class Stub:
    """io.pagewise.bench.BenchStub in its own JVM: the upstream both pipelines talk to."""

    def __init__(self):
        self.process = subprocess.Popen(
            [JAVA, "-Xmx1g", "-cp", classpath(), "io.pagewise.bench.BenchStub",
             str(RERANK_MS), str(RERANK_PER_IMAGE_MS), str(CHAT_MS), str(CHAT_PER_IMAGE_MS)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.process.stdout:
            if line.startswith("{"):
                started = json.loads(line)
                break
        else:
            raise RuntimeError(f"BenchStub did not start (exit code {self.process.wait()}; is JAVA_HOME a JDK 22+?)")
        self.url, self.key = started["url"], started["apiKey"]

    def cpu(self):
        return cpu_seconds(self.process.pid)

    def close(self):
        self.process.stdin.close()
        self.process.wait(30)


class Server:
    """The packaged service (extracted jar, as in the container image) on a free port with its own storage."""

    def __init__(self, stub, jvm_args=(), name="server"):
        # A later -Xmx in jvm_args wins over HEAP.
        self.port = free_port()
        self.storage = tempfile.mkdtemp(prefix="pagewise-bench-", dir=WORK)
        self.log_path = os.path.join(WORK, f"{name}.log")
        env = dict(os.environ, SERVER_PORT=str(self.port), INFERENCE_BASE_URL=stub.url,
                   INFERENCE_API_KEY=stub.key, PAGEWISE_STORAGE_DIR=self.storage)
        self.started = time.perf_counter()
        with open(self.log_path, "w") as output:
            self.process = subprocess.Popen([JAVA, HEAP, *SERVER_ARGS, *jvm_args, "-jar", app_jar()], env=env,
                                            stdout=output, stderr=subprocess.STDOUT, cwd=self.storage)
        self.ready_seconds = self.wait_ready()

    def wait_ready(self):
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Pagewise exited with {self.process.returncode}; see {self.log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("GET", "/actuator/health/readiness")
                if connection.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.01)
        raise RuntimeError("Pagewise not ready within 120 s")

    def spring_started_seconds(self):
        with open(self.log_path) as file:
            match = re.search(r"Started \w+ in ([\d.]+) seconds", file.read())
        return float(match.group(1)) if match else None

    def log_text(self):
        with open(self.log_path) as file:
            return file.read()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.storage, ignore_errors=True)


# ---------------------------------------------------------------- start-up

def bench_startup(stub, repetitions):
    log("start-up: plain")
    plain = []
    for _ in range(repetitions):
        server = Server(stub, name="startup")
        plain.append({"readyS": server.ready_seconds, "springS": server.spring_started_seconds()})
        server.stop()
    aot_file = os.path.join(WORK, "pagewise.aot")
    if os.path.exists(aot_file):
        os.remove(aot_file)
    log("start-up: AOT cache training run")
    training = subprocess.run([JAVA, HEAP, *SERVER_ARGS, f"-XX:AOTCacheOutput={aot_file}",
                               "-Dspring.context.exit=onRefresh", "-jar", app_jar()],
                              env=dict(os.environ, SERVER_PORT=str(free_port()), INFERENCE_BASE_URL=stub.url,
                                       INFERENCE_API_KEY=stub.key, PAGEWISE_STORAGE_DIR=tempfile.mkdtemp(dir=WORK)),
                              capture_output=True, text=True, cwd=WORK)
    aot = []
    if os.path.exists(aot_file):
        log("start-up: with the AOT cache (-XX:AOTMode=on fails rather than start without it)")
        for _ in range(repetitions):
            server = Server(stub, [f"-XX:AOTCache={aot_file}", "-XX:AOTMode=on"], name="startup-aot")
            aot.append({"readyS": server.ready_seconds, "springS": server.spring_started_seconds()})
            server.stop()
    return {"plain": plain, "aot": aot, "aotCacheBytes": os.path.getsize(aot_file) if aot else 0,
            "aotTraining": training.returncode, "aotTrainingTail": (training.stdout + training.stderr)[-600:],
            "load": load_average()}


# ---------------------------------------------------------------- memory

def bench_memory(stub, heaps=("512m", "256m", "128m")):
    """Ingests the manual in a fresh service per heap size: the promised 512 MB, then less, to show the headroom."""
    with open(MANUAL, "rb") as file:
        pdf = file.read()
    runs = []
    for heap in heaps:
        log(f"memory: ingest the 615-page manual with -Xmx{heap}")
        gc_log = os.path.join(WORK, f"gc-memory-{heap}.log")
        server = Server(stub, [f"-Xmx{heap}", f"-Xlog:gc:file={gc_log}"], name=f"memory-{heap}")
        try:
            client = Http(server.port)
            status, body, seconds = client.upload("/api/v1/documents", pdf, {})
            summary = json.loads(body) if status in (200, 201) else {}
            _, metric, _ = client.request("GET", "/actuator/metrics/jvm.memory.used?tag=area:heap")
            heap_now = json.loads(metric)["measurements"][0]["value"]
            client.close()
            # A full collection once the document is stored: what the ingest left behind (caches included).
            subprocess.run([os.path.join(os.path.dirname(JAVA), "jcmd"), str(server.process.pid), "GC.run"],
                           capture_output=True)
            time.sleep(0.5)
        finally:
            server.stop()
        with open(gc_log) as file:
            text = file.read()
        sizes = [tuple(int(group) for group in match.groups())
                 for match in re.finditer(r"(\d+)M->(\d+)M\((\d+)M\)", text)]
        full = re.findall(r"Pause Full \(Diagnostic Command\) \d+M->(\d+)M", text)
        runs.append({"heap": heap, "status": status, "pages": summary.get("pageCount"), "seconds": seconds,
                     "gcPauses": len(re.findall(r"Pause (Young|Full|Remark|Cleanup)", text)),
                     "fullGcs": len(re.findall(r"Pause Full \((?!Diagnostic)", text)),
                     "peakHeapUsedMiB": max([before for before, _, _ in sizes] + [heap_now / 2**20]),
                     "maxCommittedMiB": max((committed for _, _, committed in sizes), default=0),
                     "retainedAfterFullGcMiB": int(full[-1]) if full else None, "load": load_average()})
    return runs


# ---------------------------------------------------------------- end to end

def cut(pdf, pages):
    path = os.path.join(WORK, "docs", f"{os.path.splitext(os.path.basename(pdf))[0]}-{pages}.pdf")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with fitz.open(pdf) as document:
        document.select(range(pages))
        document.save(path, garbage=3, deflate=True)
    return path


def pagewise_new(client, pdf_bytes, question):
    document = hashlib.sha256(pdf_bytes).hexdigest()
    status, _, _ = client.request("DELETE", f"/api/v1/documents/{document}")
    assert status in (204, 404), status
    status, body, seconds = client.upload("/api/v1/answers", pdf_bytes, {"question": question})
    assert status == 200, (status, body[:300])
    return document, seconds, json.loads(body)


def pagewise_known(client, document, question):
    status, body, seconds = client.json("POST", f"/api/v1/documents/{document}/answers", {"question": question})
    assert status == 200, (status, body[:300])
    return seconds, json.loads(body)


def bench_e2e(stub, server, sizes, repetitions):
    client = Http(server.port)
    results = {}
    log("e2e: warm-up (the reference twice; Pagewise eight times, as the JIT compiles PDFBox for a while)")
    warm = cut(MANUAL, 60)
    with open(warm, "rb") as file:
        warm_bytes = file.read()
    for _ in range(2):
        reference_pipeline.run(warm, QUESTION, stub.url, stub.key)
    for _ in range(8):
        document, _, _ = pagewise_new(client, warm_bytes, QUESTION)
        pagewise_known(client, document, QUESTION + " " + uuid.uuid4().hex[:6])
    for pages in sizes:
        pdf = cut(MANUAL, pages)
        with open(pdf, "rb") as file:
            pdf_bytes = file.read()
        rows = []
        load_before = load_average()
        for repetition in range(repetitions):
            row = {}
            cpu = stub.cpu()
            reference = reference_pipeline.run(pdf, QUESTION, stub.url, stub.key)
            row["stubCpuReference"] = stub.cpu() - cpu
            row["reference"] = reference
            cpu = stub.cpu()
            document, seconds, answer = pagewise_new(client, pdf_bytes, QUESTION)
            row["stubCpuPagewise"] = stub.cpu() - cpu
            row["new"] = {"s": seconds, "timings": answer["timings"], "page": answer["citations"][0]["page"],
                          "cached": answer["cached"]}
            seconds, answer = pagewise_known(client, document, f"{QUESTION} (variant {repetition})")
            row["known"] = {"s": seconds, "timings": answer["timings"], "cached": answer["cached"]}
            cached = []
            for _ in range(5):
                seconds, answer = pagewise_known(client, document, f"{QUESTION} (variant {repetition})")
                assert answer["cached"], "the identical question was not answered from the cache"
                cached.append(seconds)
            row["cached"] = {"s": statistics.median(cached)}
            rows.append(row)
            log(f"e2e {pages} pages #{repetition + 1}: reference {reference['totalMs'] / 1000:.2f} s "
                f"({reference['rerankCalls']} calls, page {reference['page']}), new {row['new']['s']:.2f} s "
                f"(page {row['new']['page']}), known {row['known']['s']:.2f} s, "
                f"cached {row['cached']['s'] * 1000:.1f} ms")
        results[pages] = {"rows": rows, "loadBefore": load_before, "loadAfter": load_average()}
    client.close()
    return results


# ---------------------------------------------------------------- HTTP throughput

def bench_http(server, seconds, connections):
    client = Http(server.port)
    with open(cut(MANUAL, 30), "rb") as file:
        document, _, _ = pagewise_new(client, file.read(), QUESTION)
    pagewise_known(client, document, QUESTION)
    client.close()
    script = os.path.join(WORK, "cached-answer.lua")
    with open(script, "w") as file:
        file.write('wrk.method = "POST"\n'
                   f'wrk.body = {json.dumps(json.dumps({"question": QUESTION}))}\n'
                   'wrk.headers["Content-Type"] = "application/json"\n'
                   'wrk.headers["Accept"] = "application/json"\n')
    url = f"http://127.0.0.1:{server.port}/api/v1/documents/{document}/answers"
    log(f"http: wrk warm-up, then {seconds} s with {connections} connections")
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d5s", "-s", script, url], capture_output=True)
    load_before = load_average()
    output = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
                            capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"requestsPerSecond": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "latency": latency, "non2xx": int(errors.group(1)) if errors else 0, "connections": connections,
            "seconds": seconds, "loadBefore": load_before, "raw": output}


# ---------------------------------------------------------------- render throughput

def pymupdf_pass(pdfs, first_pages):
    pages, size, failed = 0, 0, []
    started = time.perf_counter()
    for pdf in pdfs:
        try:
            with fitz.open(pdf) as document:
                for index in range(min(first_pages, document.page_count)):
                    size += len(reference_pipeline.render_page(document[index]))
                    pages += 1
        except Exception as error:  # a file PyMuPDF cannot render: report it, go on
            failed.append(f"{os.path.basename(pdf)}: {error}")
    seconds = time.perf_counter() - started
    return {"pages": pages, "wallMs": 1000 * seconds, "msPerPage": 1000 * seconds / pages, "bytes": size,
            "failed": failed}


class RenderProcess:
    """io.pagewise.page.RenderBenchmark, warm, waiting for commands."""

    def __init__(self, cut_dir, first_pages, encoder):
        self.process = subprocess.Popen(
            [JAVA, HEAP, "--enable-native-access=ALL-UNNAMED", "-cp", classpath(), "io.pagewise.page.RenderBenchmark",
             os.path.join(CORPUS, "real"), str(first_pages), cut_dir, encoder],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.ready = self.result()

    def run(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.result()

    def result(self):
        """The next JSON line (log lines on stdout are skipped)."""
        for line in self.process.stdout:
            if line.startswith("{"):
                return json.loads(line)
        raise RuntimeError("RenderBenchmark ended early")

    def close(self):
        self.process.stdin.close()
        self.process.wait(60)


def bench_render(repetitions, with_imageio, first_pages=30):
    cut_dir = os.path.join(WORK, "cut")
    log("render: cutting the corpus and warming up PDFBox")
    pagewise = RenderProcess(cut_dir, first_pages, "auto")
    imageio = RenderProcess(cut_dir, first_pages, "imageio") if with_imageio else None
    pdfs = sorted(glob.glob(os.path.join(cut_dir, "*.pdf")))
    pymupdf_pass(pdfs, first_pages)  # warm-up: file cache, fonts
    for _ in range(3):
        # RenderBenchmark rendered everything once already; the JIT keeps compiling for a few more passes.
        pagewise.run("concurrent 2")
        if imageio:
            imageio.run("concurrent 2")
    rows = []
    load_before = load_average()
    for repetition in range(repetitions):
        row = {"pymupdf": pymupdf_pass(pdfs, first_pages), "pdfboxSequential": pagewise.run("sequential"),
               "pdfboxConcurrent": pagewise.run("concurrent 2")}
        if imageio:
            row["imageioConcurrent"] = imageio.run("concurrent 2")
        rows.append(row)
        log(f"render #{repetition + 1}: PyMuPDF {row['pymupdf']['msPerPage']:.1f} ms/page, "
            f"Pagewise {row['pdfboxSequential']['msPerPage']:.1f} ms/page one document at a time, "
            f"{row['pdfboxConcurrent']['msPerPage']:.1f} ms/page two at a time")
    pagewise.close()
    if imageio:
        imageio.close()
    return {"ready": pagewise.ready, "rows": rows, "loadBefore": load_before, "loadAfter": load_average()}


# ---------------------------------------------------------------- report

def machine():
    def run(command):
        return subprocess.run(command, shell=True, capture_output=True, text=True).stdout.strip()
    return {"nproc": run("nproc"), "lscpu": run("lscpu | head -n 16"), "memory": run("free -m | head -n 2"),
            "java": run(f"{JAVA} -version 2>&1 | head -n 3"), "python": platform.python_version(),
            "pymupdf": fitz.VersionBind, "mupdf": fitz.VersionFitz, "pillow": PIL.__version__,
            "kernel": platform.release(), "turbojpeg": run("ls /usr/lib/*/libturbojpeg.so.0* 2>/dev/null | head -1")}


def ms(value):
    return f"{value:,.0f}"


def report(results):
    lines = []
    if "e2e" in results:
        lines += ["### End to end (latency stub: rerank 300 ms + 25 ms/image, chat 800 ms + 100 ms/image)", "",
                  "| pages | case | reference median (min–max) ms | Pagewise median (min–max) ms | ratio "
                  "| target | floor ms | Pagewise / floor |", "|---|---|---|---|---|---|---|---|"]
        for pages, data in results["e2e"].items():
            rows = data["rows"]
            reference = stats([row["reference"]["totalMs"] for row in rows])
            chat_floor = CHAT_MS + CHAT_PER_IMAGE_MS
            rerank_floor = RERANK_MS + RERANK_PER_IMAGE_MS
            render = stats([row["new"]["timings"]["renderMs"] for row in rows])
            for case, key, target, floor in (
                    ("new PDF", "new", 2.5, max(render["median"], rerank_floor) + chat_floor),
                    ("new question, known PDF", "known", 4, rerank_floor + chat_floor),
                    ("identical question", "cached", 100, None)):
                pagewise = stats([1000 * row[key]["s"] for row in rows])
                ratio = reference["median"] / pagewise["median"]
                floor_text = ms(floor) if floor else "–"
                over_floor = f"{pagewise['median'] / floor:.2f}×" if floor else "–"
                precision = ".1f" if key == "cached" else ",.0f"
                lines.append(f"| {pages} | {case} | {ms(reference['median'])} ({ms(reference['min'])}–"
                             f"{ms(reference['max'])}) | {pagewise['median']:{precision}} ({pagewise['min']:{precision}}–"
                             f"{pagewise['max']:{precision}}) | **{ratio:.1f}×** | ≥ {target}× | {floor_text} "
                             f"| {over_floor} |")
        lines += ["", "| pages | reference render / rerank / chat ms (calls) | Pagewise new PDF: render / "
                  "rerank / chat ms | stub CPU s per run (reference / Pagewise) | load avg before → after |",
                  "|---|---|---|---|---|"]
        for pages, data in results["e2e"].items():
            rows = data["rows"]
            reference = {key: statistics.median(row["reference"][key] for row in rows)
                         for key in ("renderMs", "rerankMs", "chatMs", "rerankCalls")}
            timings = {key: statistics.median(row["new"]["timings"][key] for row in rows)
                       for key in ("renderMs", "rerankMs", "chatMs")}
            cpu = (statistics.median(row["stubCpuReference"] for row in rows),
                   statistics.median(row["stubCpuPagewise"] for row in rows))
            lines.append(f"| {pages} | {ms(reference['renderMs'])} / {ms(reference['rerankMs'])} / "
                         f"{ms(reference['chatMs'])} ({reference['rerankCalls']:.0f}) | {ms(timings['renderMs'])} / "
                         f"{ms(timings['rerankMs'])} / {ms(timings['chatMs'])} | {cpu[0]:.2f} / {cpu[1]:.2f} | "
                         f"{data['loadBefore'][0]} → {data['loadAfter'][0]} |")
        lines.append("")
    if "render" in results:
        rows = results["render"]["rows"]
        pymupdf = stats([row["pymupdf"]["msPerPage"] for row in rows])
        lines += [f"### Render throughput (corpus/real, first 30 pages per file, {rows[0]['pymupdf']['pages']} "
                  f"pages; encoder: {results['render']['ready']['encoder']})", "",
                  "| renderer | ms/page median (min–max) | pages/s | vs PyMuPDF | KiB/page |", "|---|---|---|---|---|",
                  f"| PyMuPDF + Pillow, one process | {pymupdf['median']:.1f} ({pymupdf['min']:.1f}–"
                  f"{pymupdf['max']:.1f}) | {1000 / pymupdf['median']:.1f} | 1.00× | "
                  f"{rows[0]['pymupdf']['bytes'] / rows[0]['pymupdf']['pages'] / 1024:.0f} |"]
        for key, label in (("pdfboxSequential", "Pagewise, one document at a time (2 workers)"),
                           ("pdfboxConcurrent", "Pagewise, two documents at a time (2 workers)"),
                           ("imageioConcurrent", "Pagewise with ImageIO's encoder, two at a time")):
            if key not in rows[0]:
                continue
            value = stats([row[key]["msPerPage"] for row in rows])
            lines.append(f"| {label} | {value['median']:.1f} ({value['min']:.1f}–{value['max']:.1f}) | "
                         f"{1000 / value['median']:.1f} | **{pymupdf['median'] / value['median']:.2f}×** | "
                         f"{rows[0][key]['bytes'] / rows[0][key]['pages'] / 1024:.0f} |")
        lines += ["", f"Load average before → after: {results['render']['loadBefore'][0]} → "
                  f"{results['render']['loadAfter'][0]}. Failed files: PyMuPDF {rows[0]['pymupdf']['failed']}, "
                  f"Pagewise {rows[0]['pdfboxSequential']['failed']}.", ""]
    if "memory" in results:
        lines += ["### Memory: ingesting the 615-page manual (POST /api/v1/documents, fresh service per heap)", "",
                  "| -Xmx | HTTP status | pages | time s | peak heap used MiB | max committed MiB | GC pauses "
                  "| full GCs | retained after ingest (full GC) MiB | load |", "|---|---|---|---|---|---|---|---|---|---|"]
        for run in results["memory"]:
            lines.append(f"| {run['heap']} | {run['status']} | {run['pages']} | {run['seconds']:.1f} | "
                         f"{run['peakHeapUsedMiB']:.0f} | {run['maxCommittedMiB']} | {run['gcPauses']} | "
                         f"{run['fullGcs']} | {run['retainedAfterFullGcMiB']} | {run['load'][0]} |")
        lines.append("")
    if "startup" in results:
        startup = results["startup"]
        lines += ["### Start-up to readiness (packaged jar, extracted layout as in the image)", "",
                  "| JVM | readiness s median (min–max) | Spring 'Started in' s |", "|---|---|---|"]
        for key, label in (("plain", "plain"), ("aot", "-XX:AOTCache (JDK 25, trained at start-up)")):
            if startup[key]:
                ready = stats([row["readyS"] for row in startup[key]])
                spring = statistics.median(row["springS"] for row in startup[key] if row["springS"])
                lines.append(f"| {label} | {ready['median']:.2f} ({ready['min']:.2f}–{ready['max']:.2f}) | "
                             f"{spring:.2f} |")
        lines.append("")
    if "http" in results:
        result = results["http"]
        lines += ["### HTTP: cached answers under wrk", "",
                  "| connections | duration s | requests/s | p50 | p99 | non-2xx |", "|---|---|---|---|---|---|",
                  f"| {result['connections']} | {result['seconds']} | {result['requestsPerSecond']:,.0f} | "
                  f"{result['latency'].get('50')} | {result['latency'].get('99')} | {result['non2xx']} |", ""]
    return "\n".join(lines)


def run_section(section, stub, arguments, results):
    if section == "startup":
        results["startup"] = bench_startup(stub, arguments.repetitions)
    elif section == "memory":
        results["memory"] = bench_memory(stub)
    elif section == "render":
        results["render"] = bench_render(max(3, arguments.repetitions), arguments.render_imageio)
    elif section == "e2e" or (section == "http" and "e2e" not in arguments.only):
        server = Server(stub, name="e2e")
        try:
            if "e2e" in arguments.only:
                results["e2e"] = bench_e2e(stub, server, arguments.pages, arguments.repetitions)
            if "http" in arguments.only:
                results["http"] = bench_http(server, arguments.wrk_seconds, arguments.wrk_connections)
        finally:
            server.stop()


def save(results):
    """Writes what was measured so far: bench/results/<timestamp>.json and .md; returns the markdown."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{stamp}.json"), "w") as file:
        json.dump(results, file, indent=1, default=str)
    markdown = report(results)
    with open(os.path.join(out, f"{stamp}.md"), "w") as file:
        file.write(f"Run {results['started']}, load average at start {results['loadAtStart']}, "
                   f"at end {results['loadAtEnd']}. Command: bench/run.sh {' '.join(sys.argv[1:])}\n\n"
                   f"{markdown}\n")
    log(f"results: bench/results/{stamp}.json and .md")
    return markdown


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=["startup", "memory", "e2e", "http", "render"])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--pages", type=int, nargs="*", default=[60, 200])
    parser.add_argument("--wrk-seconds", type=int, default=15)
    parser.add_argument("--wrk-connections", type=int, default=32)
    parser.add_argument("--render-imageio", action="store_true",
                        help="also measure rendering with ImageIO's JPEG encoder, for comparison")
    parser.add_argument("--app-jar", help="another build of the service to measure (e.g. a baseline)")
    parser.add_argument("--server-arg", action="append", default=[],
                        help="a JVM argument for the service, e.g. -Dpagewise.rerank.concurrency=16")
    arguments = parser.parse_args()
    global APP_JAR, SERVER_ARGS
    APP_JAR, SERVER_ARGS = arguments.app_jar, arguments.server_arg
    os.makedirs(WORK, exist_ok=True)
    results = {"machine": machine(), "started": datetime.datetime.now().isoformat(timespec="seconds"),
               "loadAtStart": load_average(), "arguments": vars(arguments)}
    log(f"load average at start: {results['loadAtStart']}")
    stub = Stub()
    try:
        for section in ("startup", "memory", "e2e", "http", "render"):
            if section in arguments.only:
                run_section(section, stub, arguments, results)
    finally:
        stub.close()
        results["loadAtEnd"] = load_average()
        print(save(results))


if __name__ == "__main__":
    main()
