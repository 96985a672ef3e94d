// The Python runtime of a page, seen from the page: one Pyodide worker, started on request, watched while
// it downloads (no hard kill while bytes still arrive), and replaced when a calculation hangs or the worker
// dies. The page script reads only this interface:
//   runtime.start()                   start the worker (idempotent; a page calls it when a reader needs it)
//   runtime.retry()                   after "unavailable": try again from the start
//   runtime.compute(calculator, inputs) -> Promise of {type: "result", result} or {type: "failed", message};
//                                     rejects with an Error whose `code` is "timeout", "crashed", "unavailable",
//                                     or "invalid" (inputs that are not JSON-like data: the worker is not touched)
//   runtime.state, .reason, .loaded, .total, and a "change" event (detail: the same fields) on every change.
// States: "idle" (not started), "loading" (with loaded/total bytes), "ready", "restarting" (a fresh worker
// replaces one that hung or died), "unavailable" (with a reason a reader can act on).
import { MAX_CHARS } from "./runtime.js";

const STALL_MS = 20000; // no byte and no step forward for this long: the download is given up
const COMPUTE_MS = 2000; // a calculation is arithmetic on a handful of numbers; 2 s means it hangs
const MAX_DEPTH = 20; // calculators.inputs.MAX_DEPTH
// After the first start, the service worker is asked to keep the runtime for offline use: reading and storing
// 13 MB is left until the page has been quiet this long, so it never competes with a start (issue 23).
const KEEP_AFTER_MS = 5000;

// Only what JSON carries crosses to the worker: a function or a Symbol cannot be posted (DataCloneError), a BigInt
// cannot be stringified there, and a cycle never ends. Such inputs are refused here, and the worker is left alone.
function plain(value, depth = 0) {
  if (value === null || ["string", "boolean"].includes(typeof value)) return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth > MAX_DEPTH) return false;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => plain(item, depth + 1));
}

// Text far longer than any number is cut before it crosses to Python, ending in "…" so that it stays longer than
// MAX_CHARS and is refused at its field ("Enter at most 32 characters"), never read as a shorter number; whole,
// 100,000 characters would make the inputs too large to be read at all.
function clip(value) {
  if (typeof value === "string") return value.trim().length > MAX_CHARS + 1 ? `${value.trim().slice(0, MAX_CHARS + 1)}…` : value;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clip(v)]));
  return value;
}

// The calculators this page shows: its own (named in <head>, before the forms are parsed) and the forms present.
function pageCalculators() {
  const own = document.querySelector('meta[name="igm-calculator"]')?.content;
  const forms = [...document.querySelectorAll("form[data-calculator]")].map((form) => form.dataset.calculator);
  return [...new Set([own, ...forms].filter(Boolean))];
}

function failure(code, message) {
  return Object.assign(new Error(message), { code });
}

class CalcRuntime extends EventTarget {
  state = "idle";
  reason = "";
  loaded = 0;
  total = 0;
  #worker = null;
  #jobs = new Map(); // id -> {calculator, inputs, resolve, reject, timer}
  #nextId = 0;
  #stall = null;

  start() {
    if (this.state === "idle") this.#spawn("loading");
    return this;
  }

  retry() {
    if (this.state === "unavailable") this.#spawn("loading");
    return this;
  }

  compute(calculator, inputs) {
    if (typeof calculator !== "string" || !plain(inputs)) {
      return Promise.reject(failure("invalid", "the inputs are not plain data (text, numbers, lists and objects)"));
    }
    this.start();
    if (this.state === "unavailable") return Promise.reject(failure("unavailable", this.reason));
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      this.#jobs.set(id, { calculator, inputs: clip(inputs), resolve, reject, timer: null, sent: false });
      if (this.state === "ready") this.#send(id);
    });
  }

  #emit(state, fields = {}) {
    Object.assign(this, { state, ...fields });
    if (state === "ready" && !performance.getEntriesByName("igm:ready").length) performance.mark("igm:ready"); // read by `make bench`
    // offline.js waits for this before it lets the service worker precache (see there).
    if (state === "ready" || state === "unavailable") window.dispatchEvent(new Event("igm:runtime-settled"));
    const { reason, loaded, total } = this;
    this.dispatchEvent(new CustomEvent("change", { detail: { state, reason, loaded, total } }));
  }

  #watch() {
    clearTimeout(this.#stall);
    this.#stall = setTimeout(() => {
      const arrived = this.total > 0 && this.loaded >= this.total;
      this.#fail(arrived ? "its Python runtime did not start" : "its Python runtime stopped downloading");
    }, STALL_MS);
  }

  #spawn(state) {
    this.#worker?.terminate();
    this.#worker = null;
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      this.#fail("this browser does not provide WebAssembly or Web Workers");
      return;
    }
    const worker = new Worker(new URL("./calc-worker.js", import.meta.url), { type: "module" });
    this.#worker = worker;
    this.#emit(state, { reason: "", loaded: 0, total: 0 });
    this.#watch();
    const mine = (handler) => (event) => { if (this.#worker === worker) handler(event); };
    worker.addEventListener("error", mine((event) => {
      event.preventDefault?.();
      this.#died("its Python runtime failed to start");
    }));
    worker.addEventListener("messageerror", mine(() => this.#died("its Python runtime failed to start")));
    worker.addEventListener("message", mine(({ data }) => this.#receive(data)));
    worker.postMessage({ type: "prepare", calculators: pageCalculators() });
  }

  #receive(data) {
    if (data.type === "progress") {
      this.#watch();
      this.#emit(this.state, { loaded: data.loaded, total: data.total });
    } else if (data.type === "ready") {
      clearTimeout(this.#stall);
      // When the worker reached each step of its first start, as marks on the page's clock (read by `make bench`).
      if (!performance.getEntriesByName("igm:ready").length) {
        for (const [step, time] of Object.entries(data.marks)) {
          performance.mark(`igm:worker-${step}`, { startTime: time - performance.timeOrigin });
        }
      }
      this.#emit("ready");
      keepForOffline();
      for (const [id, job] of this.#jobs) if (!job.sent) this.#send(id);
    } else if (data.type === "unavailable") {
      this.#fail(data.reason || "its Python runtime failed to start");
    } else if (data.type === "fatal") {
      this.#died("its Python runtime stopped");
    } else if (data.type === "started") {
      const job = this.#jobs.get(data.id);
      if (job) job.started = true;
    } else if (data.type === "result" || data.type === "failed") {
      const job = this.#jobs.get(data.id);
      if (!job) return;
      this.#jobs.delete(data.id);
      clearTimeout(job.timer);
      job.resolve(data);
    }
  }

  #send(id) {
    const job = this.#jobs.get(id);
    try {
      this.#worker.postMessage({ type: "compute", id, calculator: job.calculator, inputs: job.inputs });
    } catch (error) {
      // Not sent, so nothing is running: this job fails, the worker stays (reliability review 2026-12, F11).
      this.#jobs.delete(id);
      job.reject(failure("invalid", String(error?.message ?? error)));
      return;
    }
    job.sent = true;
    job.timer = setTimeout(() => this.#hung(id), COMPUTE_MS);
  }

  // A calculation that does not answer in time: this worker is busy for good, so it goes and a fresh one starts.
  // A job the worker never said it started means the worker itself is gone (killed, crashed): "crashed", not a hang.
  #hung(id) {
    const job = this.#jobs.get(id);
    const code = job?.started ? "timeout" : "crashed";
    job?.reject(failure(code, code === "timeout" ? `it did not answer within ${COMPUTE_MS / 1000} s` : "its worker stopped"));
    this.#jobs.delete(id);
    this.#replace(code, code === "timeout" ? "an earlier calculation was stopped" : "its Python runtime stopped");
  }

  // The worker crashed or Python failed fatally. While starting, that is the end (Retry is offered); once
  // running, a fresh worker takes over, so the next calculation works.
  #died(reason) {
    if (this.state === "ready") this.#replace("crashed", reason);
    else this.#fail(reason);
  }

  #replace(code, reason) {
    for (const [id, job] of this.#jobs) {
      if (!job.sent) continue;
      clearTimeout(job.timer);
      job.reject(failure(code, reason));
      this.#jobs.delete(id);
    }
    this.#spawn("restarting");
  }

  #fail(reason) {
    clearTimeout(this.#stall);
    this.#worker?.terminate(); // stops its downloads; a Retry starts them again
    this.#worker = null;
    for (const job of this.#jobs.values()) {
      clearTimeout(job.timer);
      job.reject(failure("unavailable", reason));
    }
    this.#jobs.clear();
    this.#emit("unavailable", { reason });
  }
}

// The service worker keeps the runtime for offline use (it reads the files from the HTTP cache and checks them),
// once, when the page has been quiet for a while after the first start.
let kept = false;
function keepForOffline() {
  if (kept || !navigator.serviceWorker) return;
  kept = true;
  const ask = () => navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "cache-runtime" }));
  setTimeout(() => (window.requestIdleCallback ? requestIdleCallback(ask, { timeout: KEEP_AFTER_MS }) : ask()), KEEP_AFTER_MS);
}

export const runtime = new CalcRuntime();
// Known before anything starts, so an article's embedded form says so at once, not at the first focus.
if (typeof WebAssembly !== "object" || typeof Worker !== "function") runtime.start();
