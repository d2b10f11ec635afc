// Pagewise demo page: upload a PDF, ask a question, watch the answer stream in with the cited pages.
// Plain browser JavaScript, no build step. Talks only to the public HTTP API.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { documentId: null, objectUrls: [] };

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
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch (e) {
    return { title: `HTTP ${response.status}` };
  }
}

// ---- upload ------------------------------------------------------------------------------------------
function upload(file) {
  clearError();
  state.documentId = null;
  $("ask-button").disabled = true;
  const bar = $("upload-progress");
  bar.hidden = false;
  bar.value = 0;
  $("document-status").textContent = `Uploading ${file.name}…`;
  const form = new FormData();
  form.append("file", file);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "api/v1/documents");
  for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    if (e.loaded === e.total) $("document-status").textContent = `Rendering the pages of ${file.name}…`;
  };
  xhr.onload = () => {
    bar.hidden = true;
    let body;
    try { body = JSON.parse(xhr.responseText); } catch (e) { body = { title: `HTTP ${xhr.status}` }; }
    if (xhr.status >= 200 && xhr.status < 300) {
      state.documentId = body.id;
      $("document-status").textContent =
        `${file.name}: ${body.pageCount} page${body.pageCount === 1 ? "" : "s"} ready` +
        (xhr.status === 200 ? " (already known)" : "") + ".";
      $("ask-button").disabled = false;
      $("question").focus();
    } else {
      $("document-status").textContent = "";
      showError(body);
    }
  };
  xhr.onerror = () => {
    bar.hidden = true;
    showError({ title: "Upload failed", detail: "The server could not be reached." });
  };
  xhr.send(form);
}

function setUpDrop() {
  const drop = $("drop");
  const input = $("file");
  drop.addEventListener("click", (e) => { if (e.target !== input) input.click(); });
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
  });
  input.addEventListener("change", () => { if (input.files.length) upload(input.files[0]); });
}

// ---- server-sent events over POST (EventSource only does GET) ----------------------------------------
async function* events(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
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
      if (data.length) yield { name, data: JSON.parse(data.join("\n")) };
    }
  }
}

// ---- asking ------------------------------------------------------------------------------------------
async function ask(e) {
  e.preventDefault();
  if (!state.documentId) return;
  clearError();
  resetAnswer();
  $("ask-button").disabled = true;
  $("progress").textContent = "Ranking pages…";
  const body = {
    question: $("question").value,
    model: $("model").value,
    topPages: Number($("top-pages").value),
  };
  try {
    const response = await fetch(`api/v1/documents/${state.documentId}/answers`, {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      showError(await problemOf(response));
      return;
    }
    for await (const event of events(response)) handle(event);
  } catch (err) {
    showError({ title: "Connection lost", detail: String(err.message || err) });
  } finally {
    $("ask-button").disabled = false;
  }
}

function handle({ name, data }) {
  switch (name) {
    case "progress":
      $("progress").textContent = `${data.stage === "render" ? "Rendered" : "Ranked"} ` +
        `${data.done}${data.total ? " of " + data.total : ""} ${data.stage === "render" ? "pages" : "batches"}…`;
      break;
    case "ranking":
      $("progress").textContent = "Reading the best page…";
      showRanking(data.ranking, []);
      break;
    case "delta":
      $("answer").textContent += data.text;
      break;
    case "done":
      $("answer").textContent = data.answer;
      $("progress").textContent = data.cached ? "Answered from the cache." :
        `Answered in ${(data.timings.totalMs / 1000).toFixed(1)} s.`;
      showCitations(data.citations);
      showRanking(data.ranking.map((r) => ({ ...r, imageUrl: pageUrl(data.documentId, r.page) })),
        data.citations.map((c) => c.page));
      break;
    case "error":
      $("progress").textContent = "";
      showError(data);
      break;
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

async function imageSource(url) {
  const relative = url.replace(/^\//, "");
  if (!apiKey()) return relative;
  const response = await fetch(relative, { headers: authHeaders() });
  const objectUrl = URL.createObjectURL(await response.blob());
  state.objectUrls.push(objectUrl);
  return objectUrl;
}

function showRanking(ranking, cited) {
  const list = $("ranking");
  list.textContent = "";
  for (const entry of ranking) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = cited.includes(entry.page) ? "cited" : "";
    button.setAttribute("aria-label", `Page ${entry.page}, score ${entry.score.toFixed(2)}` +
      (cited.includes(entry.page) ? ", cited" : "") + ". Open full size.");
    const img = document.createElement("img");
    img.alt = `Page ${entry.page}`;
    img.loading = "lazy";
    imageSource(entry.imageUrl).then((src) => { img.src = src; });
    const caption = document.createElement("span");
    caption.textContent = `p. ${entry.page} · ${entry.score.toFixed(2)}`;
    button.append(img, caption);
    button.addEventListener("click", () => openPage(entry.page, entry.imageUrl));
    item.append(button);
    list.append(item);
  }
}

function showCitations(citations) {
  const p = $("citations");
  p.textContent = citations.length ? "From " : "";
  citations.forEach((c, i) => {
    const link = document.createElement("a");
    link.href = "#";
    link.textContent = `page ${c.page}`;
    link.addEventListener("click", (e) => { e.preventDefault(); openPage(c.page, c.imageUrl); });
    p.append(link);
    if (i < citations.length - 1) p.append(", ");
  });
}

async function openPage(page, url) {
  $("viewer-title").textContent = `Page ${page}`;
  $("viewer-image").alt = `Page ${page}, full size`;
  $("viewer-image").src = await imageSource(url);
  $("viewer").showModal();
}

const storedKey = sessionStorage.getItem("pagewise-api-key");
if (storedKey) $("api-key").value = storedKey;
$("api-key").addEventListener("change", () => sessionStorage.setItem("pagewise-api-key", apiKey()));
$("ask-button").disabled = true;
$("ask").addEventListener("submit", ask);
setUpDrop();
