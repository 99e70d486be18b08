// threadline web app: follows a running job, adds file inputs, sizes the report frame, confirms deletions.
// No inline script anywhere, so the Content-Security-Policy can forbid it.
"use strict";

function followJob(box) {
  const url = box.dataset.jobUrl;
  const status = document.getElementById("job-status");
  const stage = document.getElementById("job-stage");
  const bar = document.getElementById("job-progress");
  const error = document.getElementById("job-error");
  let delay = 400;

  async function poll() {
    let job;
    try {
      const r = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
      job = await r.json();
      if (!r.ok) throw new Error(job.error || r.statusText);
    } catch (e) {
      stage.textContent = "(lost contact with the server, retrying)";
      delay = Math.min(delay * 2, 5000);
      setTimeout(poll, delay);
      return;
    }
    status.textContent = job.status;
    stage.textContent = job.status === "running" ? "(" + job.stage + ")" : "";
    bar.value = job.fraction;
    bar.textContent = Math.round(job.fraction * 100) + "%";
    box.dataset.status = job.status;
    showPhase(job.status === "queued" || job.status === "running" ? "active" : job.status);
    if (job.status === "done" && job.links.digest) {
      document.getElementById("job-digest-link").href = job.links.digest;
      document.getElementById("job-done").hidden = false;
      window.location.assign(job.links.digest);
    } else if (job.status === "failed") {
      error.textContent = job.error || "the digest failed";
      error.hidden = false;
      document.getElementById("job-retry").hidden = false;
    } else {
      delay = Math.min(delay * 1.3, 2000);
      setTimeout(poll, delay);
    }
  }
  poll();
}

function showPhase(phase) {
  // The page's hints for a running, a finished and a failed job: only the one for this phase shows.
  for (const hint of document.querySelectorAll("[data-phase]")) hint.hidden = hint.dataset.phase !== phase;
}

function fitFrame(frame) {
  // The frame is sandboxed (no scripts inside) but same-origin, so its height can be read from here.
  function size() {
    const doc = frame.contentDocument;
    if (doc && doc.documentElement) frame.style.height = doc.documentElement.scrollHeight + 24 + "px";
  }
  function fit() {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    size();
    for (const a of doc.querySelectorAll('a[href^="http"]')) {
      a.target = "_blank";  // links to the thread leave the frame for a new tab
      a.rel = "noopener noreferrer";
    }
    for (const d of doc.querySelectorAll("details")) d.addEventListener("toggle", size);
  }
  frame.addEventListener("load", fit);
  window.addEventListener("resize", () => { frame.style.height = "auto"; size(); });  // a phone turned sideways
  if (frame.contentDocument && frame.contentDocument.readyState === "complete") fit();
}

function offerMoreFiles(button) {
  // A file dialog picks files of one folder; another input takes the next folder's (all are sent as "file").
  const files = document.getElementById("files");
  button.hidden = false;
  button.addEventListener("click", () => {
    const input = files.querySelector("input[type=file]").cloneNode();
    input.removeAttribute("id");
    input.value = "";
    input.setAttribute("aria-label", "Another saved thread");
    files.appendChild(input);
    input.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("job");
  if (box && (box.dataset.status === "queued" || box.dataset.status === "running")) followJob(box);
  const addFile = document.getElementById("add-file");
  if (addFile) offerMoreFiles(addFile);
  const frame = document.getElementById("report");
  if (frame) fitFrame(frame);
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (e) => { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
  }
});
