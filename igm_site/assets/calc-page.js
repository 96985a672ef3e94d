// Page script that owns the calculator forms: it starts the Python runtime (calc-runtime.js) at once on a
// calculator's page (the reader types while Python loads), sends raw field values, and shows either the
// result or the errors Python returns.
import { runtime } from "./calc-runtime.js";

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
};

function setState(form, state, message) {
  form.dataset.state = state;
  const status = form.querySelector("[data-calculator-status]");
  status.textContent = message;
  status.hidden = false; // hidden in the static HTML, where only the <noscript> message applies
  form.querySelector("button[type=submit]").disabled = state === "unavailable";
}

function resultRegion(form) {
  return document.querySelector(`[data-calculator-result="${form.dataset.calculator}"]`);
}

function clearOutput(form) {
  const region = resultRegion(form);
  region.hidden = true;
  region.replaceChildren();
  delete region.dataset.score;
  delete region.dataset.category;
  const summary = form.querySelector("[data-calculator-errors]");
  summary.hidden = true;
  summary.replaceChildren();
  for (const field of form.querySelectorAll(".igm-field")) {
    field.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
    const error = field.querySelector(".igm-field__error");
    error.hidden = true;
    error.textContent = "";
  }
}

function readInputs(form) {
  const inputs = {};
  for (const field of form.querySelectorAll(".igm-field")) {
    const id = field.dataset.input;
    const value = form.elements[id].value.trim();
    const unit = form.elements[`${id}__unit`];
    inputs[id] = unit ? { value, unit: unit.value } : value;
  }
  return inputs;
}

function showErrors(form, errors) {
  const summary = form.querySelector("[data-calculator-errors]");
  const list = el("ul");
  for (const error of errors) {
    const field = form.querySelector(`.igm-field[data-input="${error.input}"]`);
    if (field) {
      const control = form.elements[error.input];
      control.setAttribute("aria-invalid", "true");
      const message = field.querySelector(".igm-field__error");
      message.textContent = error.message;
      message.hidden = false;
      list.append(el("li", {}, el("a", { href: `#${control.id}` }, error.message)));
    } else {
      list.append(el("li", {}, error.message));
    }
  }
  const count = errors.length === 1 ? "1 entry needs" : `${errors.length} entries need`;
  summary.replaceChildren(el("p", { class: "igm-calc__errors-title" }, `No result: ${count} correcting.`), list);
  summary.hidden = false;
  summary.focus();
  for (const link of summary.querySelectorAll("a[href^='#']")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      document.getElementById(decodeURIComponent(link.hash.slice(1)))?.focus();
    });
  }
}

// A Python exception arrives as its whole traceback; the reader needs its last line and what to do.
function failureMessage(form, traceback) {
  const lines = String(traceback).trim().split("\n").filter((line) => line.trim());
  const cause = lines.length ? lines[lines.length - 1].trim() : "unknown error";
  return `The calculator failed on these entries and shows no result (${cause}). Check the entries and try again. ` +
    form.dataset.byHand;
}

function referenceItem(ref) {
  const item = el("li", {}, ref.citation);
  if (ref.pmid) item.append(" PMID ", el("a", { href: `https://pubmed.ncbi.nlm.nih.gov/${ref.pmid}/` }, ref.pmid), ".");
  if (ref.doi) item.append(" DOI ", el("a", { href: `https://doi.org/${ref.doi}` }, ref.doi), ".");
  return item;
}

const metText = (c) => (c.met === null ? "Not assessed" : c.met ? "Met" : "Not met");

function headline(result) {
  if (result.scored !== false) {
    return el("p", { class: "igm-result__headline" },
      `Score ${result.score} of ${result.max_score}: `, el("strong", {}, result.category_label), ` (${result.category_rule}).`);
  }
  if (result.category_label) {
    return el("p", { class: "igm-result__headline" }, el("strong", {}, result.category_label), ` (${result.category_rule}).`);
  }
  return null;
}

function inputLabel(form, id) {
  return form.querySelector(`label[for="${form.dataset.calculator}-${id}"]`)?.textContent.trim() || id;
}

// "Haemoglobin: 110 g/L (11 g/dL)": as entered, and in the unit the rules are written in.
function inputsUsed(form, result) {
  return Object.entries(result.inputs).map(([id, reading]) => {
    const canonicalUnit = form.elements[`${id}__unit`]?.options[0]?.value;
    const entered = [reading.value, reading.unit].filter(Boolean).join(" ");
    const converted = canonicalUnit && reading.unit !== canonicalUnit && reading.canonical !== undefined
      ? ` (${reading.canonical} ${canonicalUnit})` : "";
    return `${inputLabel(form, id)}: ${entered}${converted}`;
  });
}

// Plain text for a clinical note: inputs with units, result, version, reference, date.
function resultText(form, result) {
  const top = headline(result);
  const lines = [
    `${result.title}, version ${result.version}, computed ${new Date().toISOString().slice(0, 10)} with IgM Guide`,
    `Inputs: ${inputsUsed(form, result).join("; ")}`,
    ...(top ? [`Result: ${top.textContent}`] : []),
    ...(result.summary || []),
    ...result.criteria.map((c) => `- ${c.label}: ${metText(c)}${c.compared ? ` (${c.compared})` : ""}`),
    ...result.outcome.map((o) => `${o.label}: ${o.value}${o.verification === "V" ? "" : " (secondary source)"}`),
    ...(result.statements || []),
    ...result.warnings.map((w) => `Check: ${w.message}`),
    ...result.references.map((r) => `Reference: ${r.citation}${r.pmid ? ` PMID ${r.pmid}.` : ""}${r.doi ? ` DOI ${r.doi}.` : ""}`),
  ];
  return lines.join("\n");
}

function copyButton(form, result) {
  const status = el("span", { class: "igm-result__copied", role: "status" });
  const button = el("button", { type: "button", class: "md-button", "data-copy-result": "" }, "Copy result");
  button.addEventListener("click", async () => {
    const text = resultText(form, result);
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied. Paste it into your note; nothing was stored.";
    } catch {
      // No clipboard here (an insecure origin, or permission refused): show the text to copy by hand.
      const area = el("textarea", { readonly: "", rows: "8", class: "igm-result__copytext", "aria-label": "Result as text" });
      area.value = text;
      status.replaceChildren("Copy the text below:", area);
      area.select();
    }
  });
  return el("p", { class: "igm-result__copy" }, button, " ", status);
}

function showResult(form, result) {
  if (!performance.getEntriesByName("igm:first-result").length) performance.mark("igm:first-result");
  const region = resultRegion(form);
  const scored = result.scored !== false;
  const rows = result.criteria.map((c) =>
    el("tr", { "data-criterion": c.id, "data-met": String(c.met) },
      el("td", {}, c.label), el("td", {}, c.compared), el("td", {}, metText(c)),
      ...(scored ? [el("td", {}, String(c.points_awarded))] : [])));
  const headings = ["Criterion", "Value compared", "Met?", ...(scored ? ["Points"] : [])];
  const head = el("tr", {}, ...headings.map((h) => el("th", { scope: "col" }, h)));
  const top = headline(result);
  region.replaceChildren(
    el("h3", { tabindex: "-1" }, "Result"),
    ...(top ? [top] : []),
    ...(result.summary || []).map((line) => el("p", { class: "igm-result__summary" }, line)),
    ...(rows.length ? [el("table", { class: "igm-table" }, el("thead", {}, head), el("tbody", {}, ...rows))] : []),
    el("ul", { class: "igm-result__outcome" },
      ...result.outcome.map((o) => el("li", {}, `${o.label}: ${o.value}${o.verification === "V" ? "" : " (secondary source)"}`))),
    ...(result.statements || []).map((line) => el("p", { class: "igm-result__statement" }, line)),
    ...(result.warnings.length
      ? [el("div", { class: "admonition warning" }, el("p", { class: "admonition-title" }, "Check these entries"),
          ...result.warnings.map((w) => el("p", {}, w.message)))]
      : []),
    el("h4", {}, "Inputs used"),
    el("ul", { class: "igm-result__inputs" }, ...inputsUsed(form, result).map((line) => el("li", {}, line))),
    el("p", {}, `Computed in your browser by ${result.title}, version ${result.version}. Reference:`),
    el("ol", { class: "igm-references" }, ...result.references.map(referenceItem)),
    copyButton(form, result),
  );
  if (result.score !== null && result.score !== undefined) region.dataset.score = String(result.score);
  if (result.category) region.dataset.category = result.category;
  region.hidden = false;
  region.querySelector("h3").focus(); // keyboard and screen-reader users land on the result
}

// This module runs `async` from <head>: on a calculator's own page the runtime starts while the page is still
// being parsed; on an article that embeds a form, only when a reader first uses it (an article costs no Python).
// The forms are bound once they exist, and take whatever state the runtime has reached by then.
const READY_TEXT = "Ready. Your entries stay in this browser and are never sent anywhere.";
let forms = [];
const latest = new WeakMap(); // form -> number of its latest calculation; an older answer is dropped

const megabytes = (bytes) => (bytes / 1e6).toFixed(1);

// Offered only while the runtime is unavailable; removed, not hidden (a theme's button style overrides [hidden]).
function showRetry(form, shown) {
  const button = form.querySelector("[data-calculator-retry]");
  if (!shown) {
    button?.remove();
  } else if (!button) {
    const retry = el("button", { type: "button", class: "md-button", "data-calculator-retry": "" }, "Retry");
    retry.addEventListener("click", () => runtime.retry());
    form.querySelector("[data-calculator-status]").after(retry);
  }
}

function applyRuntimeState(form) {
  const { state, reason, loaded, total } = runtime;
  const queued = form.dataset.queued ? "Starting the calculator; your result will appear in a moment. " : "";
  showRetry(form, state === "unavailable");
  if (state === "ready") setState(form, "ready", READY_TEXT);
  else if (state === "idle") setState(form, "idle", "The calculator starts when you use this form. " +
    "Your entries stay in this browser and are never sent anywhere.");
  else if (state === "loading") {
    setState(form, "loading", queued + (total
      ? `Loading the calculator: ${megabytes(loaded)} of ${megabytes(total)} MB.` : "Loading the calculator."));
  } else if (state === "restarting") setState(form, "restarting", `${queued}Restarting the calculator.`);
  else if (state === "unavailable") {
    clearOutput(form);
    delete form.dataset.queued;
    setState(form, "unavailable", `This calculator cannot run here (${reason}). ${form.dataset.byHand}`);
  }
}

const STOPPED = {
  timeout: "The calculator stopped this calculation because it did not answer within 2 seconds, and has restarted.",
  crashed: "The calculator stopped working during this calculation and has restarted.",
};

async function send(form) {
  const number = (latest.get(form) || 0) + 1;
  latest.set(form, number);
  if (runtime.state !== "ready") form.dataset.queued = "1";
  applyRuntimeState(form);
  let data;
  try {
    data = await runtime.compute(form.dataset.calculator, readInputs(form));
  } catch (error) {
    if (latest.get(form) !== number) return;
    delete form.dataset.queued;
    clearOutput(form);
    if (STOPPED[error.code]) {
      showErrors(form, [{ input: "", message: `${STOPPED[error.code]} No result is shown. Check the entries ` +
        `and try again. ${form.dataset.byHand}` }]);
    }
    applyRuntimeState(form); // "unavailable" says why
    return;
  }
  if (latest.get(form) !== number) return;
  delete form.dataset.queued;
  applyRuntimeState(form);
  clearOutput(form);
  if (data.type === "failed") showErrors(form, [{ input: "", message: failureMessage(form, data.message) }]);
  else if (data.result.errors) showErrors(form, data.result.errors);
  else showResult(form, data.result);
}

function bindForms() {
  forms = [...document.querySelectorAll("form[data-calculator]")];
  for (const form of forms) {
    form.querySelector("button[type=submit]").disabled = runtime.state === "unavailable";
    form.querySelector("[data-calculator-status]").hidden = false;
    form.addEventListener("focusin", () => runtime.start(), { once: true });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearOutput(form);
      if (runtime.state !== "unavailable") send(form);
    });
    form.addEventListener("reset", () => clearOutput(form));
    applyRuntimeState(form);
  }
}

runtime.addEventListener("change", () => forms.forEach(applyRuntimeState));
if (document.querySelector('meta[name="igm-calculator-start"]')?.content !== "focus") runtime.start();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindForms);
else bindForms();
