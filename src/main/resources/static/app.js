// Pagewise web page: pick a PDF, ask, watch the progress and the answer stream in, see the pages it came from.
// Plain browser JavaScript, no build step; it talks only to the public HTTP API.
//
// The first question about a file goes to POST api/v1/answers (upload and answer in one call, over
// XMLHttpRequest for its upload progress); later questions go to POST api/v1/documents/{id}/answers (over
// fetch). Both ask for server-sent events, read from a POST response since EventSource only does GET.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { file: null, documentId: null, pageCount: null, objectUrls: [], cancel: null };

// ---- API key and problems ----------------------------------------------------------------------------
function apiKey() {
  return $("api-key").value.trim();
}

function authHeaders(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, "X-API-Key": key } : extra;
}

function showError(problem) {
  const box = $("error");
  const title = problem.title || "Request failed";
  box.textContent = problem.detail ? `${title}: ${problem.detail}` : title;
  if (problem.code) box.textContent += ` (${problem.code})`;
  box.hidden = false;
  if (problem.status === 401 || problem.code === "unauthorized") {
    $("key-details").open = true;
    $("api-key").focus();
  }
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

function problemOf(status, text) {
  try {
    const problem = JSON.parse(text);
    if (problem && typeof problem === "object") return problem;
  } catch (e) {
    // not JSON: fall through
  }
  return { title: `HTTP ${status}`, status };
}

// ---- choosing a file ---------------------------------------------------------------------------------
function choose(file) {
  clearError();
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    showError({ title: "Not a PDF", detail: `${file.name} does not look like a PDF.` });
    return;
  }
  state.file = file;
  state.documentId = null;
  state.pageCount = null;
  $("document-status").textContent = `${file.name} (${kilobytes(file.size)}) is ready: ask a question.`;
  $("question").focus();
}

function kilobytes(bytes) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function setUpDrop() {
  const drop = $("drop");
  const input = $("file");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });
  input.addEventListener("change", () => { if (input.files.length) choose(input.files[0]); });
}

// ---- server-sent events ------------------------------------------------------------------------------
// Feeds text as it arrives; calls onEvent({name, data}) for each complete event. Comments are keep-alives.
function eventParser(onEvent) {
  let buffer = "";
  return (text) => {
    buffer += text.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) onEvent({ name, data: JSON.parse(data.join("\n")) });
    }
  };
}

// The first question about a file: upload and answer in one call, with upload progress.
function askWithUpload(fields, onEvent) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", state.file);
    const xhr = new XMLHttpRequest();
    const feed = eventParser(onEvent);
    let seen = 0;
    const streaming = () => xhr.status === 200 &&
      (xhr.getResponseHeader("Content-Type") || "").startsWith("text/event-stream");
    const read = () => {
      if (!streaming()) return;
      feed(xhr.responseText.slice(seen));
      seen = xhr.responseText.length;
    };
    xhr.open("POST", "api/v1/answers");
    for (const [name, value] of Object.entries(authHeaders({ Accept: "text/event-stream" }))) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) showProgress(`Uploading ${state.file.name}…`, e.loaded, e.total);
    };
    xhr.upload.onload = () => showProgress("Opening the PDF…");
    xhr.onprogress = read;
    xhr.onload = () => {
      if (streaming()) {
        read();
        resolve();
      } else {
        showError(problemOf(xhr.status, xhr.responseText));
        resolve();
      }
    };
    xhr.onerror = () => reject(new Error("The server could not be reached."));
    xhr.onabort = () => resolve();
    state.cancel = () => xhr.abort();
    xhr.send(form);
  });
}

// A question about a document the server already has.
async function askAbout(documentId, fields, onEvent) {
  const controller = new AbortController();
  state.cancel = () => controller.abort();
  try {
    const response = await fetch(`api/v1/documents/${documentId}/answers`, {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify(fields),
      signal: controller.signal,
    });
    if (!response.ok) {
      showError(problemOf(response.status, await response.text()));
      return;
    }
    const feed = eventParser(onEvent);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
    }
  } catch (err) {
    if (err.name !== "AbortError") throw err;
  }
}

// ---- asking ------------------------------------------------------------------------------------------
async function ask(e) {
  e.preventDefault();
  clearError();
  if (!state.file && !state.documentId) {
    showError({ title: "No PDF yet", detail: "Choose a PDF first." });
    $("file").focus();
    return;
  }
  const question = $("question").value.trim();
  if (!question) {
    showError({ title: "No question yet", detail: "Type a question first." });
    $("question").focus();
    return;
  }
  const fields = {
    question,
    model: $("model").value,
    chatModel: $("chat-model").value,
    topPages: Number($("top-pages").value),
  };
  resetAnswer();
  busy(true);
  try {
    if (state.documentId) await askAbout(state.documentId, fields, handle);
    else await askWithUpload(fields, handle);
  } catch (err) {
    showError({ title: "Connection lost", detail: String(err.message || err) });
  } finally {
    busy(false);
  }
}

function busy(on) {
  $("ask-button").disabled = on;
  $("stop-button").hidden = !on;
  $("answer").setAttribute("aria-busy", String(on));
  if (on) {
    showProgress("Starting…");
  } else {
    state.cancel = null;
    $("work-progress").hidden = true;
    if (/…$/.test($("progress").textContent)) $("progress").textContent = "";
  }
}

function stop() {
  if (state.cancel) state.cancel();
  $("progress").textContent = "Stopped.";
}

function handle({ name, data }) {
  switch (name) {
    case "progress":
      if (data.stage === "render") {
        state.pageCount = data.total;
        showProgress(`Rendering pages: ${data.done}${data.total ? " of " + data.total : ""}…`, data.done, data.total);
      } else {
        showProgress(`Ranking pages: ${data.done}${data.total ? " of " + data.total : ""} batches…`,
          data.done, data.total);
      }
      break;
    case "ranking":
      state.documentId = data.documentId;
      state.pageCount = data.ranking.length;
      showProgress(`Reading page ${data.ranking.slice(0, Number($("top-pages").value)).map((r) => r.page).join(", ")}…`);
      showRanking(data.ranking);
      break;
    case "delta":
      $("answer").textContent += data.text;
      break;
    case "done":
      state.documentId = data.documentId;
      $("answer").textContent = data.answer;
      $("progress").textContent = data.cached ? "Answered from the cache." :
        `Answered in ${(data.timings.totalMs / 1000).toFixed(1)} s.`;
      showDocument();
      showCitations(data.citations);
      if (!$("ranking").children.length) {
        showRanking(data.ranking.map((r) => ({ ...r, imageUrl: pageUrl(data.documentId, r.page) })));
      }
      markCited(data.citations.map((c) => c.page));
      break;
    case "error":
      $("progress").textContent = "";
      showError(data);
      break;
  }
}

function showProgress(text, done, total) {
  $("progress").textContent = text;
  const bar = $("work-progress");
  bar.hidden = false;
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute("value"); // indeterminate
  }
}

function showDocument() {
  if (state.file && state.pageCount) {
    $("document-status").textContent = `${state.file.name}: ${state.pageCount} page` +
      `${state.pageCount === 1 ? "" : "s"}, ready for more questions.`;
  }
}

function pageUrl(id, page) {
  return `api/v1/documents/${id}/pages/${page}`;
}

function resetAnswer() {
  $("answer").textContent = "";
  $("citations").textContent = "";
  $("ranking").textContent = "";
  state.objectUrls.forEach((url) => URL.revokeObjectURL(url));
  state.objectUrls = [];
}

// ---- pages -------------------------------------------------------------------------------------------
// Page images are API calls: with a client API key they are fetched with the key and shown as blobs.
async function imageSource(url) {
  const relative = url.replace(/^\//, "");
  if (!apiKey()) return relative;
  const response = await fetch(relative, { headers: authHeaders() });
  if (!response.ok) throw problemOf(response.status, await response.text());
  const objectUrl = URL.createObjectURL(await response.blob());
  state.objectUrls.push(objectUrl);
  return objectUrl;
}

// Thumbnails load as they come near the visible part of the strip: a long document has hundreds of pages.
const thumbnails = new IntersectionObserver((entries) => {
  for (const entry of entries.filter((e) => e.isIntersecting)) {
    const img = entry.target;
    thumbnails.unobserve(img);
    imageSource(img.dataset.src).then((src) => { img.src = src; }, showError);
  }
}, { root: $("ranking"), rootMargin: "0px 800px" });

function showRanking(ranking) {
  const best = [...ranking].sort((a, b) => b.score - a.score || a.page - b.page);
  const list = $("ranking");
  thumbnails.disconnect();
  list.textContent = "";
  for (const entry of best) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.page = entry.page;
    button.dataset.label = `Page ${entry.page}, score ${entry.score.toFixed(2)}`;
    button.setAttribute("aria-label", `${button.dataset.label}. Open full size.`);
    const img = document.createElement("img");
    img.alt = "";
    img.dataset.src = entry.imageUrl;
    thumbnails.observe(img);
    const caption = document.createElement("span");
    caption.textContent = `p. ${entry.page} · ${entry.score.toFixed(2)}`;
    button.append(img, caption);
    button.addEventListener("click", () => openPage(entry.page, entry.imageUrl));
    item.append(button);
    list.append(item);
  }
}

function markCited(pages) {
  for (const button of $("ranking").querySelectorAll("button")) {
    const cited = pages.includes(Number(button.dataset.page));
    button.classList.toggle("cited", cited);
    button.setAttribute("aria-label", `${button.dataset.label}${cited ? ", cited" : ""}. Open full size.`);
  }
}

function showCitations(citations) {
  const p = $("citations");
  p.textContent = citations.length ? "From " : "";
  citations.forEach((c, i) => {
    const link = document.createElement("a");
    link.href = c.imageUrl.replace(/^\//, "");
    link.textContent = `page ${c.page}`;
    link.className = "citation";
    link.addEventListener("click", (e) => { e.preventDefault(); openPage(c.page, c.imageUrl); });
    p.append(link);
    if (i < citations.length - 1) p.append(", ");
  });
}

async function openPage(page, url) {
  try {
    $("viewer-title").textContent = `Page ${page}`;
    $("viewer-image").alt = `Page ${page}, full size`;
    $("viewer-image").src = await imageSource(url);
    $("viewer").showModal();
  } catch (problem) {
    showError(problem);
  }
}

// ---- start -------------------------------------------------------------------------------------------
const storedKey = sessionStorage.getItem("pagewise-api-key");
if (storedKey) $("api-key").value = storedKey;
$("api-key").addEventListener("change", () => sessionStorage.setItem("pagewise-api-key", apiKey()));
$("ask").addEventListener("submit", ask);
$("stop-button").addEventListener("click", stop);
$("viewer").addEventListener("click", (e) => { if (e.target === $("viewer")) $("viewer").close(); });
setUpDrop();
