// Page script that owns the calculator forms. The Python runtime (calc-runtime.js) starts at once on a
// calculator's own page, so the reader types while Python loads, and on first use of an embedded form elsewhere.
// Every change sends the raw field values; what Python answers is shown: the result, or what is missing or
// wrong. Never an earlier result: an edit withdraws the shown result at once, and only the answer to the
// current entries is laid out.
import { runtime } from "./calc-runtime.js";
import { el, headlineText, renderResult } from "./calc-result.js";

// A withdrawn answer keeps its place (nothing jumps) for this long, its words already hidden; then it goes.
const BUSY_MS = 150;
// A result is announced to screen readers once the reader has stopped typing for this long, and only once.
const ANNOUNCE_MS = 1000;
const UNITS_KEY = "igm-guide.units"; // a setting of this browser (units chosen per quantity), no patient data

function setState(form, state, message) {
  form.dataset.state = state;
  const status = form.querySelector("[data-calculator-status]");
  // A live region: rewriting the same words would have them read out again at every keystroke.
  if (status.textContent !== message) status.textContent = message;
  status.hidden = false; // hidden in the static HTML, where only the <noscript> message applies
  form.querySelector("button[type=submit]").disabled = state === "unavailable";
}

const resultRegion = (form) => document.querySelector(`[data-calculator-result="${form.dataset.calculator}"]`);
const panelOf = (form) => document.querySelector(`[data-calculator-panel="${form.dataset.calculator}"]`);
const fieldOf = (form, id) => form.querySelector(`.igm-field[data-input="${id}"]`);
// The label's own text, without the "Needed" tag this script may have added to it.
const labelOf = (form, id) => fieldOf(form, id)?.querySelector(".igm-field__label")?.firstChild?.textContent.trim() || id;
// A choice's radios share one name; its group (a fieldset) carries the id, aria-invalid and the error link.
const controlOf = (form, id) => document.getElementById(`${form.dataset.calculator}-${id}`);

const states = new WeakMap();
function stateOf(form) {
  if (!states.has(form)) {
    states.set(form, {
      version: 0, inflight: false, primed: false, submitted: false, focus: false, touched: new Set(), busy: 0,
      answer: null, answered: "", // Python's latest answer, and the entries it answers
      announce: 0, announced: "", // the pending announcement's timer, and the last words announced
    });
  }
  return states.get(form);
}

// --- Units remembered in this browser ----------------------------------------------------------------

function storedUnits() {
  try {
    const units = JSON.parse(localStorage.getItem(UNITS_KEY) || "{}");
    return units && typeof units === "object" ? units : {};
  } catch {
    return {}; // storage off (private mode, policy): units simply are not remembered
  }
}

function rememberUnit(select) {
  const units = storedUnits();
  const id = select.name.replace(/__unit$/, "");
  if (select.selectedIndex === 0) delete units[id]; // the default needs no memory
  else units[id] = select.value;
  try {
    if (Object.keys(units).length) localStorage.setItem(UNITS_KEY, JSON.stringify(units));
    else localStorage.removeItem(UNITS_KEY);
  } catch { /* not remembered */ }
}

function applyUnits(form) {
  const units = storedUnits();
  for (const select of form.querySelectorAll("select[name$='__unit']")) {
    const unit = units[select.name.replace(/__unit$/, "")];
    if (unit && [...select.options].some((o) => o.value === unit)) select.value = unit;
  }
}

// --- Reading the form and showing Python's answer --------------------------------------------------------

function readInputs(form) {
  const inputs = {};
  for (const field of form.querySelectorAll(".igm-field")) {
    const id = field.dataset.input;
    const value = (form.elements[id].value || "").trim();
    const unit = form.elements[`${id}__unit`];
    inputs[id] = unit ? { value, unit: unit.value } : value;
  }
  return inputs;
}

const answered = (form, id) => {
  const value = form.elements[id]?.value;
  return typeof value === "string" && value.trim() !== "";
};

function clearResult(form) {
  const region = resultRegion(form);
  clearTimeout(stateOf(form).busy);
  region.hidden = true;
  region.removeAttribute("aria-busy");
  region.inert = false;
  region.replaceChildren();
  delete region.dataset.score;
  delete region.dataset.category;
  const panel = panelOf(form);
  delete panel.dataset.hasResult;
  delete panel.dataset.updating;
  panel.querySelector("[data-calculator-related]")?.setAttribute("hidden", "hidden");
}

// What screen readers hear: a result, once, when the reader has stopped typing (or at once after Calculate).
// Cleared at every edit, so nothing already said about other entries can be read back.
function announce(form, text, { now = false } = {}) {
  const st = stateOf(form);
  const region = form.querySelector("[data-calculator-announce]");
  clearTimeout(st.announce);
  if (!region) return;
  if (!text) {
    region.textContent = "";
    st.announced = "";
    return;
  }
  const say = () => {
    if (st.announced === text) return;
    st.announced = text;
    region.textContent = text;
  };
  if (now) say();
  else st.announce = setTimeout(say, ANNOUNCE_MS);
}

// An edit: the result on screen no longer matches the entries. Its words go at once, in the same task as the
// edit, so no frame shows a category these entries did not produce (however slow Python is to answer); its
// box keeps its size for BUSY_MS, so a quick answer replaces it without the page jumping, then it goes too.
function withdrawResult(form) {
  const region = resultRegion(form);
  const st = stateOf(form);
  delete region.dataset.score;
  delete region.dataset.category;
  if (st.announced) announce(form, "");
  else clearTimeout(st.announce);
  if (region.hidden || !region.childElementCount) return;
  region.hidden = true;
  region.setAttribute("aria-busy", "true");
  region.inert = true;
  const panel = panelOf(form);
  panel.dataset.updating = "";
  panel.querySelector("[data-calculator-related]")?.setAttribute("hidden", "hidden");
  panelStatus(form, ["Updating the result for your new entries…"]);
  clearTimeout(st.busy);
  st.busy = setTimeout(() => clearResult(form), BUSY_MS);
}

function clearFieldErrors(form) {
  for (const field of form.querySelectorAll(".igm-field")) {
    controlOf(form, field.dataset.input)?.removeAttribute("aria-invalid");
    const error = field.querySelector(".igm-field__error");
    error.hidden = true;
    error.replaceChildren();
  }
}

function clearSummary(form) {
  const summary = form.querySelector("[data-calculator-errors]");
  summary.hidden = true;
  summary.replaceChildren();
}

function clearOutput(form) {
  clearResult(form);
  clearSummary(form);
  clearFieldErrors(form);
}

function focusField(form, id) {
  const control = controlOf(form, id);
  if (!control) return;
  const target = control.matches("fieldset") ? control.querySelector("input:checked, input") : control;
  target?.focus();
}

function fieldLink(form, error) {
  const link = el("a", { href: `#${controlOf(form, error.input).id}` }, error.message);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    focusField(form, error.input);
  });
  return link;
}

// Python may name a unit the value fits far better ("115 g/dL? did you mean 115 g/L?"): a button applies it.
function unitHint(form, error) {
  const hint = error.suggestion || error.did_you_mean || error.hint;
  const unit = hint && typeof hint === "object" ? hint.unit : null;
  const select = form.elements[`${error.input}__unit`];
  if (!unit || !select || ![...select.options].some((o) => o.value === unit)) return null;
  const button = el("button", { type: "button", "data-unit-hint": unit }, `Use ${unit}`);
  button.addEventListener("click", () => {
    select.value = unit;
    // As if the reader had picked it: recomputed (input) and remembered (change).
    select.dispatchEvent(new Event("input", { bubbles: true }));
    select.dispatchEvent(new Event("change", { bubbles: true }));
    focusField(form, error.input);
  });
  return el("p", { class: "igm-field__hint" }, hint.message || "", button);
}

function markRelevance(form, answer) {
  const hasKeys = Array.isArray(answer.required_now) || Array.isArray(answer.not_needed);
  const required = new Set(hasKeys ? answer.required_now || []
    : (answer.errors || []).filter((e) => e.code === "required").map((e) => e.input));
  const notNeeded = new Set(answer.not_needed || []);
  for (const field of form.querySelectorAll(".igm-field")) {
    const id = field.dataset.input;
    const relevance = required.has(id) ? "required" : notNeeded.has(id) ? "not-needed" : "";
    if ((field.dataset.relevance || "") === relevance) continue;
    field.querySelector(".igm-field__need")?.remove();
    const control = controlOf(form, id);
    if (relevance) {
      field.dataset.relevance = relevance;
      const tag = el("span", { class: "igm-field__need" }, relevance === "required" ? "Needed" : "Not needed for this result");
      field.querySelector(".igm-field__label").append(tag);
    } else {
      delete field.dataset.relevance;
    }
    if (relevance === "required") control?.setAttribute("aria-required", "true");
    else control?.removeAttribute("aria-required");
  }
  return required;
}

function panelStatus(form, nodes) {
  panelOf(form).querySelector("[data-calculator-progress]").replaceChildren(...nodes);
}

function showProblems(form, errors, required, { always = false } = {}) {
  const st = stateOf(form);
  clearResult(form);
  clearFieldErrors(form);
  const missing = errors.filter((e) => e.code === "required" || (required.has(e.input) && !answered(form, e.input)));
  const wrong = errors.filter((e) => !missing.includes(e));
  // Field messages: all of them once the reader pressed Calculate; before that, only for entries they left.
  const shown = st.submitted ? errors : wrong.filter((e) => st.touched.has(e.input));
  for (const error of shown) {
    const field = fieldOf(form, error.input);
    if (!field) continue;
    controlOf(form, error.input)?.setAttribute("aria-invalid", "true");
    const message = field.querySelector(".igm-field__error");
    message.replaceChildren(error.message);
    const hint = unitHint(form, error);
    if (hint) message.append(hint);
    message.hidden = false;
  }
  const fields = [...form.querySelectorAll(".igm-field")].map((f) => f.dataset.input);
  const counted = fields.filter((id) => fieldOf(form, id).dataset.relevance !== "not-needed");
  const nodes = [];
  const done = counted.filter((id) => answered(form, id)).length;
  if (missing.length && !done && !wrong.length) {
    nodes.push(`The result appears here as you answer (0 of ${counted.length} answered).`);
  } else if (missing.length) {
    nodes.push(`No result yet: ${done} of ${counted.length} answered. ` +
      `Still needed: ${missing.map((e) => labelOf(form, e.input)).join(", ")}.`);
  }
  if (wrong.length) {
    nodes.push(el("span", {}, missing.length ? " " : "No result: ", wrong.length === 1 ? "1 entry to correct." : `${wrong.length} entries to correct.`));
    nodes.push(el("ul", { class: "igm-panel__issues" },
      ...wrong.map((e) => el("li", {}, fieldOf(form, e.input) ? fieldLink(form, e) : e.message))));
  }
  panelStatus(form, nodes);
  if (!st.submitted && !always) return clearSummary(form);
  const summary = form.querySelector("[data-calculator-errors]");
  const list = el("ul", {}, ...errors.map((e) => el("li", {}, fieldOf(form, e.input) ? fieldLink(form, e) : e.message)));
  const count = errors.length === 1 ? "1 entry needs" : `${errors.length} entries need`;
  summary.replaceChildren(el("p", { class: "igm-calc__errors-title" }, `No result: ${count} correcting.`), list);
  summary.hidden = false;
  if (st.focus) summary.focus();
  st.focus = false;
}

// A Python exception arrives as its whole traceback; the reader needs its last line and what to do.
function failureMessage(form, traceback) {
  const lines = String(traceback).trim().split("\n").filter((line) => line.trim());
  const cause = lines.length ? lines[lines.length - 1].trim() : "unknown error";
  return `The calculator failed on these entries and shows no result (${cause}). Check the entries and try again. ` +
    form.dataset.byHand;
}

function showResult(form, result) {
  if (!performance.getEntriesByName("igm:first-result").length) performance.mark("igm:first-result");
  const st = stateOf(form);
  clearResult(form);
  clearFieldErrors(form);
  clearSummary(form);
  const region = resultRegion(form);
  const headline = renderResult(region, form, result);
  if (result.score !== null && result.score !== undefined) region.dataset.score = String(result.score);
  if (result.category) region.dataset.category = result.category;
  region.hidden = false;
  panelOf(form).dataset.hasResult = "";
  // The progress line says nothing while a result shows: it can never hold an older result's words.
  panelStatus(form, []);
  showRelated(form, result);
  announce(form, `Result: ${headlineText(result)}`, { now: st.focus });
  if (st.focus) headline.focus(); // keyboard and screen-reader users land on the result after Calculate
  st.focus = false;
}

function show(form, data) {
  if (data.type === "failed") {
    markRelevance(form, {});
    const failure = { input: "", code: "failed", message: failureMessage(form, data.message) };
    showProblems(form, [failure], new Set(), { always: true }); // never a "still typing" state: say it at once
    return;
  }
  const answer = data.result;
  const required = markRelevance(form, answer);
  if (answer.errors) showProblems(form, answer.errors, required);
  else showResult(form, answer);
}

// --- The next calculator, with the answers it shares ---------------------------------------------------------

// The link to each related calculator carries the answers both ask for, as Python read them for this result,
// in the fragment: a browser never sends a fragment to any server, and the next page removes it at once.
const CARRY = "#carry?";

function showRelated(form, result) {
  const nav = panelOf(form).querySelector("[data-calculator-related]");
  if (!nav) return;
  const readings = result.inputs || {};
  for (const link of nav.querySelectorAll("a[data-related]")) {
    const params = new URLSearchParams();
    for (const pair of (link.dataset.carry || "").split(" ").filter(Boolean)) {
      const [from, to] = pair.split(":");
      const reading = readings[from];
      if (!reading || reading.value === undefined || reading.value === "") continue;
      params.set(to, reading.value);
      if (reading.unit) params.set(`${to}__unit`, reading.unit); // a value never travels without its unit
    }
    const base = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", params.size ? `${base}${CARRY}${params}` : base);
  }
  nav.hidden = false;
}

// Answers carried from another calculator fill this page's form (only fields it has, only units it offers),
// then leave the address bar, so a bookmark or a shared link never holds them.
function takeCarried() {
  if (!location.hash.startsWith(CARRY)) return;
  const params = new URLSearchParams(location.hash.slice(CARRY.length));
  history.replaceState(history.state, "", location.pathname + location.search);
  // A calculator's own page (never a form folded into an article).
  const form = forms.find((f) => !f.closest("[data-calculator-embed]"));
  if (!form) return;
  let filled = 0;
  for (const [id, value] of params) {
    if (id.endsWith("__unit")) continue;
    const control = form.elements[id];
    if (!control || !fieldOf(form, id)) continue;
    const unit = form.elements[`${id}__unit`];
    const wanted = params.get(`${id}__unit`);
    const fixed = fieldOf(form, id).querySelector(".igm-field__unit")?.textContent.trim();
    // A measurement is taken only in a unit this field offers; a choice carries no unit.
    if (wanted && unit) {
      if (![...unit.options].some((o) => o.value === wanted)) continue;
      unit.value = wanted;
    } else if (wanted ? fixed !== wanted : unit || fixed) {
      continue;
    }
    if (control instanceof RadioNodeList) {
      const radio = [...control].find((r) => r.value === value);
      if (!radio) continue;
      radio.checked = true;
    } else if (control.tagName === "SELECT") {
      if (![...control.options].some((o) => o.value === value)) continue;
      control.value = value;
    } else {
      control.value = value;
    }
    stateOf(form).touched.add(id);
    filled += 1;
  }
  if (!filled) return;
  const note = el("p", { class: "igm-calc__carried", "data-calculator-carried": "" },
    `${filled === 1 ? "1 answer was" : `${filled} answers were`} filled in from the calculator you came from. Check them.`);
  form.querySelector("[data-calculator-status]").after(note);
  request(form);
}

// --- Computing: every change asks Python; only the answer for the current entries is shown --------------

const STOPPED = {
  timeout: "The calculator stopped this calculation because it did not answer within 2 seconds, and has restarted.",
  crashed: "The calculator stopped working during this calculation and has restarted.",
};

// One calculation at a time per form: edits made meanwhile are sent together when it returns.
async function dispatch(form) {
  const st = stateOf(form);
  const version = st.version;
  const inputs = readInputs(form);
  st.inflight = true;
  if (runtime.state !== "ready") form.dataset.queued = "1";
  progressShown.delete(form); // say at once that the result will come
  applyRuntimeState(form);
  let data = null;
  let stopped = null;
  try {
    data = await runtime.compute(form.dataset.calculator, inputs);
  } catch (error) {
    stopped = error;
  }
  st.inflight = false;
  delete form.dataset.queued;
  // A stopped calculation is said. It is asked again, of the fresh worker, only for entries that have changed
  // since (what hung once may hang again on the same entries).
  const said = STOPPED[stopped?.code];
  const changed = JSON.stringify(readInputs(form)) !== JSON.stringify(inputs);
  if (!said && version !== st.version && runtime.state !== "unavailable") return dispatch(form); // entries changed
  applyRuntimeState(form);
  if (data) {
    Object.assign(st, { answer: data, answered: JSON.stringify(inputs), retried: false });
    return show(form, data);
  }
  st.answer = null;
  clearOutput(form);
  if (said) {
    // No entry is wrong: no count of entries to correct (reliability review 2026-12, F12). A crash is retried once
    // with the same entries; what hung is asked again only for changed entries (it may hang again).
    const retry = stopped.code === "crashed" && !st.retried && runtime.state !== "unavailable";
    const next = retry ? "Your entries are being calculated again." : "Press Calculate to try again.";
    showStopped(form, `${said} No result is shown. ${next} ${form.dataset.byHand}`);
    st.retried = retry;
    if ((changed || retry) && runtime.state !== "unavailable") dispatch(form);
  }
}

function showStopped(form, message) {
  panelStatus(form, [message]);
  const summary = form.querySelector("[data-calculator-errors]");
  summary.replaceChildren(el("p", { class: "igm-calc__errors-title" }, "No result."), el("p", {}, message));
  summary.hidden = false;
}

function request(form, { submit = false } = {}) {
  const st = stateOf(form);
  st.version += 1;
  if (submit) { st.submitted = true; st.focus = true; }
  if (runtime.state === "unavailable") return;
  if (!st.inflight) dispatch(form);
}

// --- What the runtime is doing, on each form ----------------------------------------------------------------

const READY_TEXT = "Ready. Your entries stay in this browser and are never sent anywhere.";
const OFFLINE_TEXT = " Works offline on this device.";
let forms = [];
let offlineReady = false; // the service worker holds the Python runtime: every calculator works offline

// The service worker says what it holds (the same message the footer's note reads, from offline.js).
navigator.serviceWorker?.addEventListener("message", ({ data }) => {
  if (data?.type !== "igm-offline" || !data.runtime || offlineReady) return;
  offlineReady = true;
  forms.forEach(applyRuntimeState);
});
runtime.addEventListener("change", () => {
  if (runtime.state === "ready") navigator.serviceWorker?.ready.then((r) => r.active?.postMessage({ type: "status" }));
});

const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
const progressShown = new WeakMap(); // form -> when its status last showed a download figure

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

// Once the reader has typed while Python still loads, the result panel (the bar at the foot of a phone's
// screen) says where the result will come and how far the download is, not only the status at the form's top.
function loadingPanel(form, loaded, total) {
  const nodes = [total
    ? `Loading the calculator: ${megabytes(loaded)} of ${megabytes(total)} MB. Your result will appear here.`
    : "Loading the calculator. Your result will appear here."];
  if (total) nodes.push(el("progress", { class: "igm-panel__progress", max: String(total), value: String(loaded) }));
  panelStatus(form, nodes);
}

function applyRuntimeState(form) {
  const { state, reason, loaded, total } = runtime;
  const queued = form.dataset.queued ? "Starting the calculator; your result will appear in a moment. " : "";
  showRetry(form, state === "unavailable");
  const waiting = state === "loading" && Boolean(form.dataset.queued);
  panelOf(form).hidden = !waiting && !["ready", "restarting"].includes(state);
  if (waiting) loadingPanel(form, loaded, total);
  if (state === "ready") setState(form, "ready", READY_TEXT + (offlineReady ? OFFLINE_TEXT : ""));
  else if (state === "idle") setState(form, "idle", "The calculator starts when you use this form. " +
    "Your entries stay in this browser and are never sent anywhere.");
  else if (state === "loading") {
    // The status is a live region: a new figure at most every 2 s, or screen readers would recite a stream.
    const now = performance.now();
    if (form.dataset.state === "loading" && total && loaded < total && now - (progressShown.get(form) || 0) < 2000) return;
    progressShown.set(form, now);
    setState(form, "loading", queued + (total
      ? `Loading the calculator: ${megabytes(loaded)} of ${megabytes(total)} MB.` : "Loading the calculator."));
  } else if (state === "restarting") setState(form, "restarting", `${queued}Restarting the calculator.`);
  else if (state === "unavailable") {
    clearOutput(form);
    delete form.dataset.queued;
    setState(form, "unavailable", `This calculator cannot run here (${reason}). ${form.dataset.byHand}`);
  }
  const st = stateOf(form);
  if (state === "ready" && !st.primed) {
    st.primed = true; // the first answer, for an untouched form too: which entries are needed
    if (!st.inflight) request(form);
  }
}

// --- Binding the forms ---------------------------------------------------------------------------------

// A field left by a press on a button (Calculate, Copy result) must not move that button before the press
// ends, or the click is lost: what leaving the field shows waits for the pointer to come up.
let pointerDown = false;
let afterRelease = [];
document.addEventListener("pointerdown", () => { pointerDown = true; }, true);
document.addEventListener("pointerup", () => {
  pointerDown = false;
  const waiting = afterRelease;
  afterRelease = [];
  setTimeout(() => waiting.forEach((run) => run())); // after the click this press makes
}, true);
function afterPointer(run) {
  if (pointerDown) afterRelease.push(run);
  else run();
}

function bindPanel(form) {
  const panel = panelOf(form);
  const toggle = panel.querySelector("[data-panel-toggle]");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide details" : "Details";
    if (open) panel.dataset.expanded = "";
    else delete panel.dataset.expanded;
  });
}

function bindForm(form) {
  const st = stateOf(form);
  form.querySelector("button[type=submit]").disabled = runtime.state === "unavailable";
  form.querySelector("[data-calculator-status]").hidden = false;
  applyUnits(form);
  bindPanel(form);
  const edited = () => {
    // Leaving a field (a click on "Copy result", say) changes nothing: the answer on screen still holds,
    // only its problems may now be said at the field.
    if (st.answer && !st.inflight && JSON.stringify(readInputs(form)) === st.answered) {
      if (st.answer.type === "result" && st.answer.result.errors) afterPointer(() => show(form, st.answer));
      return;
    }
    withdrawResult(form);
    request(form);
  };
  const touch = (target) => {
    const field = target.closest?.(".igm-field");
    if (field) st.touched.add(field.dataset.input);
  };
  form.addEventListener("input", (event) => {
    if (!event.target.matches("input[type=text]")) touch(event.target); // a tap or a pick is an answer given
    edited();
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("select[name$='__unit']")) rememberUnit(event.target);
    if (!event.target.matches("input[type=text]")) return;
    touch(event.target); // typing is done: its problems may now be said at the field
    edited();
  });
  form.addEventListener("focusin", () => runtime.start(), { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    withdrawResult(form);
    request(form, { submit: true });
  });
  form.addEventListener("reset", () => {
    clearOutput(form);
    announce(form, "");
    form.querySelector("[data-calculator-carried]")?.remove();
    Object.assign(st, { submitted: false, focus: false, touched: new Set(), answer: null });
    // The reset itself happens after this event: then put back the units this browser remembers, and take the
    // reader back to the first question (not left on Clear, with the form scrolled away).
    setTimeout(() => {
      applyUnits(form);
      request(form);
      const first = form.querySelector(".igm-field");
      if (first) focusField(form, first.dataset.input);
    });
  });
  applyRuntimeState(form);
}

function bindForms() {
  forms = [...document.querySelectorAll("form[data-calculator]")];
  forms.forEach(bindForm);
  takeCarried();
}

runtime.addEventListener("change", () => forms.forEach(applyRuntimeState));
if (document.querySelector('meta[name="igm-calculator-start"]')?.content !== "focus") runtime.start();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bindForms);
else bindForms();
