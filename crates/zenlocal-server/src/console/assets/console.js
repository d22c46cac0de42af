// zenlocal console: every form with `data-endpoint` is sent, as JSON, to that endpoint of
// the control plane, the one the CLI uses (D-196), with the method `data-method` names
// (POST when absent; DELETE sends no body). On success the page is read again, or, with
// `data-done="show"`, the answer is shown; on failure its code and message are.
"use strict";

function fields(form) {
  const body = {};
  for (const el of form.elements) {
    if (!el.name || el.value === "") continue;
    if (el.type === "checkbox") {
      if (el.checked) body[el.name] = true;
      continue;
    }
    body[el.name] = el.dataset.type === "number" ? Number(el.value) : el.value;
  }
  return body;
}

function show(output, answer) {
  const list = document.createElement("dl");
  for (const [key, value] of Object.entries(answer)) {
    const term = document.createElement("dt");
    term.textContent = key;
    const detail = document.createElement("dd");
    detail.textContent = String(value);
    list.append(term, detail);
  }
  output.replaceChildren(list);
  if (answer.accountId) {
    const link = document.createElement("a");
    link.href = "/_zenlocal/console/accounts/" + encodeURIComponent(answer.accountId);
    link.textContent = "Open account " + answer.accountId;
    output.append(link);
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  const endpoint = form.dataset.endpoint;
  if (!endpoint) return;
  event.preventDefault();
  const output = form.querySelector("output");
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  output.classList.remove("failed");
  output.textContent = "Working…";
  try {
    const method = form.dataset.method || "POST";
    const request = { method, credentials: "same-origin" };
    if (method !== "DELETE") {
      request.headers = { "Content-Type": "application/json" };
      request.body = JSON.stringify(fields(form));
    }
    const response = await fetch(endpoint, request);
    const answer = await response.json();
    if (!response.ok) {
      output.classList.add("failed");
      output.textContent = answer.code + ": " + answer.message;
    } else if (form.dataset.done === "show") {
      show(output, answer);
      form.reset();
    } else {
      window.location.reload();
      return;
    }
  } catch (error) {
    output.classList.add("failed");
    output.textContent = String(error);
  }
  buttons.forEach((b) => { b.disabled = false; });
});
