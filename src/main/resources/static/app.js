// Pagewise web page: pick a PDF (or a collection of them), ask, watch the progress and the answer stream in, see
// the pages it came from. Plain browser JavaScript, no build step; it talks only to the public HTTP API.
//
// One PDF: the first question about a file goes to POST api/v1/answers (upload and answer in one call, over
// XMLHttpRequest for its upload progress); later questions go to POST api/v1/documents/{id}/answers (over
// fetch). A collection: PDFs are added one at a time through POST api/v1/collections/{name}/documents (over
// XMLHttpRequest, for each file's upload progress) and questions go to POST api/v1/collections/{name}/answers.
// Every question asks for server-sent events, read from a POST response since EventSource only does GET.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { file: null, documentId: null, pageCount: null, objectUrls: [], cancel: null, busy: false,
  stopped: false, streamed: false, focusAfter: null, zoom: 0, fitWidth: 0,
  mode: "single", collection: null, members: [], uploads: [], uploading: false };

// Problems that mean the file itself was refused: it is forgotten, so another can be chosen.
const REFUSED_FILE = new Set(["not-a-pdf", "empty-file", "upload-too-large", "pdf-encrypted", "pdf-unreadable",
  "pdf-no-pages", "too-many-pages", "pdf-too-complex", "page-too-large", "missing-file"]);

// ---- API key and problems ----------------------------------------------------------------------------
function apiKey() {
  return $("api-key").value.trim();
}

function authHeaders(extra = {}) {
  const key = apiKey();
  return key ? { ...extra, "X-API-Key": key } : extra;
}

// Plain words first (the problem's title and detail), the machine-readable code after them, set apart.
function showError(problem) {
  const box = $("error");
  const title = problem.title || "Something went wrong";
  box.textContent = problem.detail ? `${title}: ${problem.detail}` : title;
  if (problem.code) {
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = ` (${problem.code})`;
    box.append(code);
  }
  box.hidden = false;
  if (problem.status === 401 || problem.code === "unauthorized") {
    $("key-details").open = true;
    state.focusAfter = "api-key";
  } else if (problem.code === "invalid-collection-name") {
    state.focusAfter = "new-collection";
  } else if (state.mode === "single" && !state.documentId && REFUSED_FILE.has(problem.code)) {
    forgetFile(`${state.file ? state.file.name : "That file"} was refused (${title}): choose another PDF.`);
    state.focusAfter = "file";
  } else if (state.busy) {
    state.focusAfter = "ask-button";
    revealAnswer();
  }
  // While asking, busy(false) settles the focus; otherwise (a thumbnail that failed to load, a check before
  // asking) it moves only to something that needs fixing.
  if (!state.busy && state.focusAfter) settleFocus();
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

// A response that is not a problem (a proxy's page, an empty body): still said in plain words.
function problemOf(status, text) {
  try {
    const problem = JSON.parse(text);
    if (problem && typeof problem === "object") return problem;
  } catch (e) {
    // not JSON: fall through
  }
  const title = status === 401 ? "API key needed" : status === 404 ? "Not found"
    : status === 413 ? "File too large" : status === 429 ? "Too many requests"
      : status >= 500 ? "The server is having trouble" : "The request was not accepted";
  return { title, detail: "Please try again; if it keeps happening, tell whoever runs this server.", status,
    code: `http-${status}` };
}

const CONNECTION_LOST = { title: "Connection lost",
  detail: "The server could not be reached. Check the connection and try again.", code: "network-error" };

// ---- choosing a file ---------------------------------------------------------------------------------
function choose(file) {
  clearError();
  resetAnswer();
  resetProgress();
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    state.file = file;
    state.documentId = null;
    showError({ title: "Not a PDF", detail: `${file.name} does not look like a PDF.`, code: "not-a-pdf" });
    return;
  }
  state.file = file;
  state.documentId = null;
  state.pageCount = null;
  $("document-status").textContent = `${file.name} (${kilobytes(file.size)}) is ready: ask a question.`;
  $("question").focus();
}

// A refused file: nothing says it is ready any more, and the file input is empty for the next one.
function forgetFile(why) {
  state.file = null;
  state.documentId = null;
  state.pageCount = null;
  $("file").value = "";
  $("document-status").textContent = why;
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
    phase(`Uploading ${state.file.name}…`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        step("upload", `Uploading ${state.file.name}: ${Math.floor((100 * e.loaded) / e.total)}%`, e.loaded, e.total);
      }
    };
    xhr.upload.onload = () => {
      step("upload", `Uploaded ${state.file.name}`, 1, 1);
      phase("Opening the PDF…");
    };
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
    xhr.onerror = () => reject(new Error("network"));
    xhr.onabort = () => resolve();
    state.cancel = () => xhr.abort();
    xhr.send(form);
  });
}

// A question about a document the server already has.
function askAbout(documentId, fields, onEvent) {
  return streamAnswer(`api/v1/documents/${documentId}/answers`, fields, onEvent);
}

// A question across a collection's documents.
function askAcross(collection, fields, onEvent) {
  return streamAnswer(`api/v1/collections/${encodeURIComponent(collection)}/answers`, fields, onEvent);
}

async function streamAnswer(url, fields, onEvent) {
  const controller = new AbortController();
  state.cancel = () => controller.abort();
  try {
    const response = await fetch(url, {
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
  if (state.busy) return;
  clearError();
  if (state.mode === "collection" ? !readyAcross() : !readyAbout()) return;
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
  resetProgress();
  busy(true);
  try {
    if (state.mode === "collection") await askAcross(state.collection, fields, handle);
    else if (state.documentId) await askAbout(state.documentId, fields, handle);
    else await askWithUpload(fields, handle);
  } catch (err) {
    showError(CONNECTION_LOST);
  } finally {
    busy(false);
  }
}

function readyAbout() {
  if (state.file || state.documentId) return true;
  showError({ title: "No PDF yet", detail: "Choose a PDF first." });
  $("file").focus();
  return false;
}

function readyAcross() {
  if (!state.collection) {
    showError({ title: "No collection yet", detail: "Choose a collection or create one first." });
    $("collection").focus();
    return false;
  }
  if (!state.members.length) {
    showError({ title: "No documents yet", detail: `Add PDFs to ${state.collection} first.` });
    $("collection-files").focus();
    return false;
  }
  return true;
}

// While busy, Stop stands where Ask was (focus moves there if it was on Ask); afterwards focus goes where the
// outcome points: the field to fix after an error, Ask after Stop, the question after an answer.
function busy(on) {
  state.busy = on;
  const focusLost = [null, document.body, $("ask-button"), $("stop-button")].includes(document.activeElement);
  $("ask-button").disabled = on;
  $("stop-button").hidden = !on;
  $("answer").setAttribute("aria-busy", String(on));
  if (on) {
    state.stopped = false;
    state.streamed = false;
    state.focusAfter = null;
    phase("Starting…");
    if (focusLost) $("stop-button").focus();
  } else {
    state.cancel = null;
    if (/…$/.test($("progress").textContent)) phase("");
    settleFocus(focusLost);
  }
}

// Fields a problem asks the user to fix: focus goes there whatever had it.
const TO_FIX = new Set(["api-key", "file", "new-collection", "collection", "collection-files"]);

function settleFocus(focusLost = true) {
  const target = state.focusAfter || (state.stopped ? "ask-button" : "question");
  const mustFix = TO_FIX.has(target);
  if (mustFix || focusLost) $(target).focus({ preventScroll: !mustFix });
  state.focusAfter = null;
}

function stop() {
  state.stopped = true;
  state.focusAfter = "ask-button";
  if (state.cancel) state.cancel();
  phase("Stopped.");
}

function handle({ name, data }) {
  switch (name) {
    case "progress":
      if (data.stage === "candidates") {
        phase("Finding candidate pages…");
        // The first stage says at once how many pages it picked for ranking (done = total).
        step("candidates", data.total && data.done >= data.total ? `Pages to rank: ${data.done}`
          : `Finding candidate pages: ${data.done}${data.total ? " of " + data.total : ""}`, data.done, data.total);
      } else if (data.stage === "render") {
        state.pageCount = data.total;
        if (!/^Rendering/.test($("progress").textContent)) phase("Rendering and ranking pages…");
        // Over a collection the render stage counts documents whose pages are ready, not pages.
        const of = `${data.done}${data.total ? " of " + data.total : ""}`;
        step("render", state.mode === "collection" ? `Pages ready: ${of} documents` : `Rendering pages: ${of}`,
          data.done, data.total);
      } else {
        if (!/ranking pages…$/i.test($("progress").textContent)) phase("Ranking pages…");
        step("rank", `Ranking pages: ${data.done}${data.total ? " of " + data.total : ""} batches`,
          data.done, data.total);
      }
      break;
    case "ranking":
      finishSteps();
      if (data.collection) {
        const read = data.ranking.slice(0, Number($("top-pages").value));
        phase(`Reading ${read.map((r) => `${titleOf(r)} page ${r.page}`).join("; ")}…`);
      } else {
        state.documentId = data.documentId;
        state.pageCount = data.ranking.length;
        phase(`Reading page ${data.ranking.slice(0, Number($("top-pages").value)).map((r) => r.page).join(", ")}…`);
      }
      showRanking(data.ranking);
      break;
    case "delta":
      $("answer").textContent += data.text;
      if (!state.streamed) {
        state.streamed = true;
        revealAnswer();
      }
      break;
    case "done":
      if (!data.collection) state.documentId = data.documentId;
      finishSteps();
      $("answer").textContent = data.answer;
      // Screen readers hear the answer once, whole, instead of every fragment as it streamed in.
      $("announcer").textContent = `Answer: ${data.answer}`;
      phase(data.cached ? "Answered from the cache." : `Answered in ${seconds(data.timings.totalMs)}.`);
      showTimings(data);
      if (!data.collection) showDocument();
      showCitations(data.citations);
      if (!$("ranking").children.length) {
        showRanking(data.ranking.map((r) => ({ ...r, imageUrl: r.imageUrl || pageUrl(data.documentId, r.page) })));
      }
      markCited(data.citations.map(keyOf));
      revealAnswer();
      break;
    case "error":
      phase("");
      showError(data);
      break;
  }
}

function revealAnswer() {
  $("answer-section").scrollIntoView({ block: "start" });
}

// ---- progress: one status line for the phase, one row with a bar per step ----------------------------
// The status line (announced) changes only when the phase does; the rows (not announced) count pages and
// batches, each on its own bar, so overlapping rendering and ranking never make one bar jump back and forth.
function phase(text) {
  if ($("progress").textContent !== text) $("progress").textContent = text;
}

function step(name, text, done, total) {
  const row = $(`step-${name}`);
  $("steps").hidden = false;
  row.hidden = false;
  if ($(`${name}-text`).textContent !== text) $(`${name}-text`).textContent = text;
  const bar = $(`${name}-progress`);
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute("value"); // indeterminate
  }
  row.classList.toggle("done", Boolean(total) && done >= total);
}

function finishSteps() {
  for (const name of ["upload", "candidates", "render", "rank"]) {
    const row = $(`step-${name}`);
    if (row.hidden) continue;
    const bar = $(`${name}-progress`);
    if (!bar.hasAttribute("value") || bar.value < bar.max) {
      bar.max = 1;
      bar.value = 1;
    }
    row.classList.add("done");
  }
}

function resetProgress() {
  $("steps").hidden = true;
  for (const name of ["upload", "candidates", "render", "rank"]) {
    $(`step-${name}`).hidden = true;
    $(`step-${name}`).classList.remove("done");
  }
  phase("");
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

// Where the time went: rendering, ranking and the chat model, with the total (rendering and ranking overlap on
// a new document, so the parts may add up to more than the total).
function showTimings(data) {
  const t = data.timings;
  if (data.cached || !t) return;
  const parts = [["render", "render", t.renderMs], ["rank", "rank", t.rerankMs], ["chat", "answer", t.chatMs]];
  const sum = parts.reduce((total, [, , ms]) => total + (ms || 0), 0);
  const text = $("timings-text");
  text.textContent = "";
  parts.forEach(([key, label, ms], i) => {
    const swatch = document.createElement("span");
    swatch.className = `key split-${key}`;
    text.append(swatch, `${label} ${seconds(ms || 0)}${i < parts.length - 1 ? " · " : ""}`);
  });
  text.append(` · total ${seconds(t.totalMs)}${sum > t.totalMs * 1.05 ? " (rendering and ranking overlap)" : ""}`);
  for (const [key, , ms] of parts) {
    document.querySelector(`.split .split-${key}`).style.width = sum ? `${(100 * (ms || 0)) / sum}%` : "0";
  }
  $("timings").hidden = false;
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
  $("announcer").textContent = "";
  $("citations").textContent = "";
  $("ranking").textContent = "";
  $("ranking-help").hidden = true;
  $("timings").hidden = true;
  thumbnails.disconnect();
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

// A page's identity in the strip: its document (in a collection) and its number.
function keyOf(entry) {
  return `${entry.documentId || ""}:${entry.page}`;
}

// A document's title as the collection knows it; an untitled one by the start of its id.
function titleOf(entry) {
  return entry.title || `Document ${(entry.documentId || "").slice(0, 8)}`;
}

// "Page 7" for one PDF; "Annual report, page 7" in a collection, where pages of several documents mix.
function pageLabel(entry) {
  return entry.documentId ? `${titleOf(entry)}, page ${entry.page}` : `Page ${entry.page}`;
}

// The strip is one stop for the Tab key however many pages it holds; the arrow keys move within it.
function showRanking(ranking) {
  const best = [...ranking].sort((a, b) => b.score - a.score || titleOf(a).localeCompare(titleOf(b))
    || a.page - b.page);
  const list = $("ranking");
  thumbnails.disconnect();
  list.textContent = "";
  best.forEach((entry, i) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.tabIndex = i === 0 ? 0 : -1;
    button.dataset.page = entry.page;
    button.dataset.key = keyOf(entry);
    button.dataset.label = `${pageLabel(entry)}, score ${entry.score.toFixed(2)}`;
    button.setAttribute("aria-label", `${button.dataset.label}. Open full size.`);
    const img = document.createElement("img");
    img.alt = "";
    img.dataset.src = entry.imageUrl;
    thumbnails.observe(img);
    if (entry.documentId) {
      const title = document.createElement("span");
      title.className = "doc";
      title.textContent = titleOf(entry);
      title.title = titleOf(entry);
      button.append(img, title);
    } else {
      button.append(img);
    }
    const caption = document.createElement("span");
    caption.textContent = `p. ${entry.page} · ${entry.score.toFixed(2)}`;
    button.append(caption);
    button.addEventListener("click", () => openPage(pageLabel(entry), entry.imageUrl));
    item.append(button);
    list.append(item);
  });
  $("ranking-help").hidden = best.length < 2;
}

function roveThumbnails(e) {
  const buttons = [...$("ranking").querySelectorAll("button")];
  const from = buttons.indexOf(document.activeElement);
  if (from < 0) return;
  const to = { ArrowRight: from + 1, ArrowDown: from + 1, ArrowLeft: from - 1, ArrowUp: from - 1, Home: 0,
    End: buttons.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  const target = buttons[Math.max(0, Math.min(buttons.length - 1, to))];
  target.focus();
}

function keepRovingStop(e) {
  if (!e.target.matches("#ranking button")) return;
  for (const button of $("ranking").querySelectorAll("button[tabindex='0']")) button.tabIndex = -1;
  e.target.tabIndex = 0;
}

function markCited(keys) {
  for (const button of $("ranking").querySelectorAll("button")) {
    const cited = keys.includes(button.dataset.key);
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
    link.textContent = c.documentId ? pageLabel(c) : `page ${c.page}`;
    link.className = "citation";
    link.addEventListener("click", (e) => { e.preventDefault(); openPage(pageLabel(c), c.imageUrl); });
    p.append(link);
    if (i < citations.length - 1) p.append(c.documentId ? "; " : ", ");
  });
}

// ---- one PDF or a collection --------------------------------------------------------------------------
// Switching clears the answer on show: its pages belong to the other mode's document or collection.
function setMode(mode) {
  if (state.mode === mode) return;
  if (state.busy) stop();
  state.mode = mode;
  $("single-section").hidden = mode !== "single";
  $("collection-section").hidden = mode !== "collection";
  clearError();
  resetAnswer();
  resetProgress();
  if (mode === "collection") loadCollections(state.collection);
}

// A JSON API call; a problem (or a response that is not one) is thrown in plain words, with its code.
async function api(url, options = {}) {
  let response;
  try {
    response = await fetch(url, { ...options, headers: authHeaders(options.headers || {}) });
  } catch (err) {
    throw CONNECTION_LOST;
  }
  const text = await response.text();
  if (!response.ok) throw { ...problemOf(response.status, text), status: response.status };
  return text ? JSON.parse(text) : null;
}

// Every item of a paged listing ({items, next}), following `next`.
async function listAll(url) {
  const items = [];
  let after = null;
  do {
    const page = await api(`${url}${url.includes("?") ? "&" : "?"}size=200${after ? `&after=${encodeURIComponent(after)}` : ""}`);
    items.push(...page.items);
    after = page.next;
  } while (after);
  return items;
}

function collectionUrl(name) {
  return `api/v1/collections/${encodeURIComponent(name)}`;
}

async function loadCollections(select) {
  try {
    const collections = await listAll("api/v1/collections");
    const picker = $("collection");
    picker.length = 1; // keeps "Choose a collection…"
    for (const c of collections) {
      picker.add(new Option(`${c.name} (${plural(c.documents, "document")})`, c.name));
    }
    picker.value = select && collections.some((c) => c.name === select) ? select : "";
    if (picker.value !== (state.collection || "")) await pickCollection(picker.value || null);
  } catch (problem) {
    showError(problem);
  }
}

async function pickCollection(name) {
  state.collection = name;
  state.members = [];
  $("uploads").textContent = "";
  $("collection-status").textContent = "";
  $("collection-drop").hidden = !name;
  resetAnswer();
  resetProgress();
  showMembers();
  if (name) await loadMembers();
}

async function createCollection() {
  clearError();
  const name = $("new-collection").value.trim();
  if (!name) {
    showError({ title: "No name yet", detail: "Type a name for the new collection." });
    $("new-collection").focus();
    return;
  }
  try {
    await api("api/v1/collections", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name }) });
    $("collection-status").textContent = `Created ${name}: add PDFs to it.`;
  } catch (problem) {
    if (problem.code !== "collection-exists") {
      showError(problem);
      return;
    }
    $("collection-status").textContent = `${name} exists already: picked it.`;
  }
  const status = $("collection-status").textContent;
  $("new-collection").value = "";
  await loadCollections(name);
  $("collection-status").textContent = status;
  $("collection-files").focus();
}

async function loadMembers() {
  const name = state.collection;
  try {
    const members = await listAll(`${collectionUrl(name)}/documents`);
    if (state.collection !== name) return; // another collection was picked meanwhile
    state.members = members;
    showMembers();
  } catch (problem) {
    showError(problem);
  }
}

function showMembers() {
  const list = $("members");
  list.textContent = "";
  const pages = state.members.reduce((total, m) => total + m.pageCount, 0);
  $("members-heading").hidden = !state.collection;
  $("members-heading").textContent = state.members.length
    ? `Documents in ${state.collection}: ${plural(state.members.length, "document")}, ${plural(pages, "page")}`
    : `${state.collection || ""} has no documents yet: add PDFs above.`;
  for (const member of [...state.members].sort((a, b) => titleOf(a).localeCompare(titleOf(b)))) {
    const item = document.createElement("li");
    const title = document.createElement("span");
    title.className = "member-title";
    title.textContent = titleOf(member);
    const count = document.createElement("span");
    count.className = "hint";
    count.textContent = plural(member.pageCount, "page");
    item.append(title, " ", count);
    list.append(item);
  }
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

// ---- adding PDFs to a collection, one at a time, each with its own row -------------------------------
function addFiles(files) {
  if (!state.collection || !files.length) return;
  clearError();
  if (!state.uploading) {
    $("uploads").textContent = "";
    state.uploads = [];
  }
  for (const file of files) {
    const item = { file, collection: state.collection, row: uploadRow(file), outcome: null };
    state.uploads.push(item);
  }
  $("collection-files").value = ""; // the same file can be added again later
  if (!state.uploading) runUploads();
}

function uploadRow(file) {
  const row = document.createElement("li");
  const name = document.createElement("span");
  name.className = "upload-name";
  name.textContent = file.name;
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute("aria-label", `${file.name}: progress`);
  const text = document.createElement("span");
  text.className = "upload-state";
  text.textContent = "Waiting";
  row.append(name, bar, text);
  $("uploads").append(row);
  return row;
}

function uploadState(item, text, done, total, problem) {
  const bar = item.row.querySelector("progress");
  const line = item.row.querySelector(".upload-state");
  line.textContent = text;
  if (problem && problem.code) {
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = ` (${problem.code})`;
    line.append(code);
  }
  if (total) {
    bar.max = total;
    bar.value = done;
  } else {
    bar.removeAttribute("value"); // indeterminate
  }
  item.row.className = problem ? "refused" : done && done >= total ? "added" : "";
}

async function runUploads() {
  state.uploading = true;
  const collection = state.collection;
  $("collection-status").textContent = `Adding ${plural(state.uploads.length, "file")} to ${collection}…`;
  for (let i = 0; i < state.uploads.length; i++) {
    const item = state.uploads[i];
    if (item.outcome === null) item.outcome = await upload(item);
  }
  state.uploading = false;
  const added = state.uploads.filter((u) => u.outcome === "added").length;
  const failed = state.uploads.length - added;
  $("collection-status").textContent = `Added ${added} of ${plural(state.uploads.length, "file")} to ${collection}`
    + `${failed ? `; ${failed} not added (see why above)` : ""}.`;
  if (state.collection === collection) {
    await loadMembers();
    loadCollections(collection); // the picker's document counts
  }
}

function upload(item) {
  const file = item.file;
  if (!/\.pdf$/i.test(file.name) && file.type !== "application/pdf") {
    const problem = { title: "Not a PDF", detail: `${file.name} does not look like a PDF.`, code: "not-a-pdf" };
    uploadState(item, `Refused: ${problem.title}: ${problem.detail}`, 0, 1, problem);
    return Promise.resolve("refused");
  }
  return new Promise((resolve) => {
    const form = new FormData();
    form.append("file", file);
    form.append("title", file.name.replace(/\.pdf$/i, ""));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${collectionUrl(item.collection)}/documents`);
    for (const [name, value] of Object.entries(authHeaders({ Accept: "application/json" }))) {
      xhr.setRequestHeader(name, value);
    }
    uploadState(item, "Uploading…", 0, file.size);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        uploadState(item, `Uploading: ${Math.floor((100 * e.loaded) / e.total)}%`, e.loaded, e.total + 1);
      }
    };
    // The service renders every page before it answers: the longest part for a long PDF.
    xhr.upload.onload = () => uploadState(item, "Uploaded; rendering pages…", 0, 0);
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 201) {
        const member = JSON.parse(xhr.responseText);
        const pages = plural(member.pageCount, "page");
        uploadState(item, xhr.status === 201 ? `Added: ${pages}` : `Was already there: ${pages}`, 1, 1);
        resolve("added");
        return;
      }
      const problem = problemOf(xhr.status, xhr.responseText);
      const refused = REFUSED_FILE.has(problem.code);
      uploadState(item, `${refused ? "Refused" : "Not added"}: ${problem.title}${problem.detail ? `: ${problem.detail}` : ""}`,
        0, 1, problem);
      if (xhr.status === 401) showError(problem);
      resolve(refused ? "refused" : "failed");
    };
    xhr.onerror = () => {
      uploadState(item, `Not added: ${CONNECTION_LOST.title}: ${CONNECTION_LOST.detail}`, 0, 1, CONNECTION_LOST);
      resolve("failed");
    };
    xhr.send(form);
  });
}

function setUpCollections() {
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", () => { if (radio.checked) setMode(radio.value); });
  }
  $("collection").addEventListener("change", () => { clearError(); pickCollection($("collection").value || null); });
  $("create-collection").addEventListener("click", createCollection);
  // Enter in the name creates the collection (it would otherwise submit the question's form).
  $("new-collection").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      createCollection();
    }
  });
  const drop = $("collection-drop");
  const input = $("collection-files");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    addFiles([...e.dataTransfer.files]);
  });
  input.addEventListener("change", () => addFiles([...input.files]));
}

// ---- the page viewer, with zoom ----------------------------------------------------------------------
const ZOOMS = [1, 1.5, 2, 3, 4]; // multiples of the size that fits the screen

async function openPage(label, url) {
  try {
    $("viewer-title").textContent = label;
    $("viewer-image").alt = `${label}, full size`;
    $("viewer-image").src = await imageSource(url);
    zoomTo(0);
    $("viewer").showModal();
  } catch (problem) {
    showError(problem);
  }
}

function zoomTo(index) {
  const image = $("viewer-image");
  const frame = $("viewer-frame");
  const next = Math.max(0, Math.min(ZOOMS.length - 1, index));
  if (state.zoom === 0 && next > 0) state.fitWidth = image.getBoundingClientRect().width;
  state.zoom = next;
  frame.classList.toggle("zoomed", next > 0);
  image.style.width = next > 0 ? `${Math.round(state.fitWidth * ZOOMS[next])}px` : "";
  $("zoom-level").textContent = `${ZOOMS[next] * 100}%`;
}

function zoomKeys(e) {
  const to = { "+": state.zoom + 1, "=": state.zoom + 1, "-": state.zoom - 1, 0: 0 }[e.key];
  if (to === undefined || e.ctrlKey || e.metaKey || e.altKey) return;
  e.preventDefault();
  zoomTo(to);
}

// ---- start -------------------------------------------------------------------------------------------
const storedKey = sessionStorage.getItem("pagewise-api-key");
if (storedKey) $("api-key").value = storedKey;
$("api-key").addEventListener("change", () => sessionStorage.setItem("pagewise-api-key", apiKey()));
$("ask").addEventListener("submit", ask);
$("ask").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    $("ask").requestSubmit();
  }
});
$("stop-button").addEventListener("click", stop);
$("ranking").addEventListener("keydown", roveThumbnails);
$("ranking").addEventListener("focusin", keepRovingStop);
$("viewer").addEventListener("click", (e) => { if (e.target === $("viewer")) $("viewer").close(); });
$("viewer").addEventListener("keydown", zoomKeys);
$("zoom-in").addEventListener("click", () => zoomTo(state.zoom + 1));
$("zoom-out").addEventListener("click", () => zoomTo(state.zoom - 1));
$("zoom-fit").addEventListener("click", () => zoomTo(0));
setUpDrop();
setUpCollections();
