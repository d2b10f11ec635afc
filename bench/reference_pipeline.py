#!/usr/bin/env python3
"""The reference pipeline: the provider's quickstart, which a user would run instead of Pagewise.

PyMuPDF renders every page at 110 dpi, Pillow encodes it as JPEG quality 80, the pages go to /v1/rerank in
batches of under 900,000 data-URI characters, one request after another, and the best page goes to
/v1/chat/completions. Nothing is cached: every question renders and ranks the whole document again.

One deviation, a no-op for letter and A4 pages: pages above 1.3 megapixels are rendered smaller to fit that
budget (the model's visual budget, as Pagewise does), so both pipelines send the same number of pixels.

    python3 bench/reference_pipeline.py --base-url http://127.0.0.1:8089 --api-key KEY doc.pdf "Which page ...?"

Only the standard library besides PyMuPDF and Pillow (Debian: python3-fitz python3-pil).
"""
import argparse
import base64
import http.client
import io
import json
import math
import sys
import time
import urllib.parse

import fitz  # PyMuPDF
from PIL import Image

DPI = 110
JPEG_QUALITY = 80
MAX_PIXELS = 1_300_000
MAX_BATCH_CHARS = 900_000
RERANK_MODEL = "vultr/VultronRetrieverFlash-Qwen3.5-0.8B"
CHAT_MODEL = "Qwen/Qwen3.6-27B"


def page_scale(page, dpi=DPI, max_pixels=MAX_PIXELS):
    """Pixels per point: dpi / 72, reduced to fit the pixel budget."""
    scale = dpi / 72
    area = page.rect.width * page.rect.height * scale * scale
    if max_pixels and area > max_pixels:
        scale *= math.sqrt(max_pixels / area)
    return scale


def render_page(page, quality=JPEG_QUALITY):
    """One page as JPEG bytes."""
    scale = page_scale(page)
    pixmap = page.get_pixmap(matrix=fitz.Matrix(scale, scale), alpha=False)
    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def render(pdf_path):
    """Every page as a data URI, in page order."""
    with fitz.open(pdf_path) as document:
        return ["data:image/jpeg;base64," + base64.b64encode(render_page(page)).decode("ascii")
                for page in document]


def batches(data_uris, max_chars=MAX_BATCH_CHARS):
    """Consecutive pages, as many per batch as stay under max_chars of data URIs: [(first index, uris)]."""
    batch, chars, first = [], 0, 0
    for index, uri in enumerate(data_uris):
        if batch and chars + len(uri) >= max_chars:
            yield first, batch
            batch, chars, first = [], 0, index
        batch.append(uri)
        chars += len(uri)
    if batch:
        yield first, batch


class Client:
    """A keep-alive JSON client for the OpenAI-style API."""

    def __init__(self, base_url, api_key):
        url = urllib.parse.urlsplit(base_url.rstrip("/"))
        self.path = url.path if url.path.endswith("/v1") else url.path + "/v1"
        self.connection = (http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection)(
            url.netloc, timeout=300)
        self.headers = {"Authorization": "Bearer " + api_key, "Content-Type": "application/json"}

    def post(self, path, body):
        self.connection.request("POST", self.path + path, body=json.dumps(body), headers=self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"POST {path}: HTTP {response.status}: {data[:300]!r}")
        return json.loads(data)

    def close(self):
        self.connection.close()


def rerank(client, query, data_uris):
    """[(page index, score)] for every page, best first: the batches one after another."""
    scores = []
    calls = 0
    for first, batch in batches(data_uris):
        documents = [{"content": [{"type": "image_url", "image_url": {"url": uri}}]} for uri in batch]
        response = client.post("/rerank", {"model": RERANK_MODEL, "query": query, "documents": documents})
        scores += [(first + result["index"], result["relevance_score"]) for result in response["results"]]
        calls += 1
    return sorted(scores, key=lambda scored: -scored[1]), calls


def chat(client, question, data_uri):
    response = client.post("/chat/completions", {
        "model": CHAT_MODEL, "max_tokens": 1000,
        "messages": [{"role": "user", "content": [
            {"type": "text", "text": "Answer using only the attached document page: " + question},
            {"type": "image_url", "image_url": {"url": data_uri}}]}]})
    return response["choices"][0]["message"]["content"]


def run(pdf_path, question, base_url, api_key):
    """Answers one question; returns the answer, the page used and how long each step took (ms)."""
    client = Client(base_url, api_key)
    try:
        started = time.perf_counter()
        data_uris = render(pdf_path)
        rendered = time.perf_counter()
        ranking, calls = rerank(client, question, data_uris)
        ranked = time.perf_counter()
        answer = chat(client, question, data_uris[ranking[0][0]])
        answered = time.perf_counter()
    finally:
        client.close()
    return {"answer": answer, "page": ranking[0][0] + 1, "pages": len(data_uris), "rerankCalls": calls,
            "dataUriChars": sum(len(uri) for uri in data_uris),
            "renderMs": 1000 * (rendered - started), "rerankMs": 1000 * (ranked - rendered),
            "chatMs": 1000 * (answered - ranked), "totalMs": 1000 * (answered - started)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf")
    parser.add_argument("question")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    arguments = parser.parse_args()
    json.dump(run(arguments.pdf, arguments.question, arguments.base_url, arguments.api_key), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
