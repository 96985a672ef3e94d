// On every page: registers the site's service worker (sw.js, at the site root), says in the footer how far the
// site is ready for offline use, and, on a page the service worker served from its copy (it marks it with
// <meta name="igm-offline-copy" content="BUILD_DATE">), says so above the page with the build's date, and after
// MAX_AGE_DAYS that it may be out of date. Nothing here reads or sends what a reader types.
const WORKER = new URL("../../sw.js", import.meta.url);
const SCOPE = new URL("../../", import.meta.url);
const MAX_AGE_DAYS = 30;

// "Offline copy from 2026-12-06; review status as of then." (reliability review 2026-12, F6a)
export function offlineCopy() {
  const built = document.querySelector('meta[name="igm-offline-copy"]')?.content;
  if (!built || !/^\d{4}-\d{2}-\d{2}$/.test(built)) return null;
  const days = Math.floor((Date.now() - Date.parse(`${built}T00:00:00Z`)) / 86400000);
  const old = days > MAX_AGE_DAYS;
  const text = `Offline copy from ${built}; review status as of then.` +
    (old ? ` It is ${days} days old and may be out of date: reconnect to see the current version.` : "");
  return { built, days, old, text };
}

function sayOfflineCopy() {
  const copy = offlineCopy();
  const where = document.querySelector("article.md-content__inner") || document.querySelector("main");
  if (!copy || !where || where.querySelector("[data-igm-offline-copy]")) return;
  const box = document.createElement("div");
  box.className = `admonition ${copy.old ? "warning" : "info"}`;
  box.dataset.igmOfflineCopy = copy.old ? "old" : "current";
  box.setAttribute("role", "note");
  const title = document.createElement("p");
  title.className = "admonition-title";
  title.textContent = "Offline copy";
  const body = document.createElement("p");
  body.textContent = copy.text;
  box.append(title, body);
  where.prepend(box);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", sayOfflineCopy);
else sayOfflineCopy();

function say({ pages, runtime }) {
  if (!pages) return;
  const footer = document.querySelector(".md-copyright");
  if (!footer) return;
  let note = footer.querySelector("[data-igm-offline]");
  if (!note) {
    note = document.createElement("div");
    note.className = "md-copyright__highlight";
    note.dataset.igmOffline = "";
    footer.prepend(note);
  }
  note.dataset.igmOffline = runtime ? "all" : "pages";
  note.textContent = runtime
    ? "Ready for offline use: every page and every calculator."
    : "Ready for offline use: every page. The calculators too, once you have opened one here.";
}

// On a page that starts Python at once, installing the service worker (which downloads and checks the whole
// precache) would compete with the runtime's download and compile for the network and the two cores of a
// ward's PC: it waits until the calculator is ready (or has failed), or 30 s at most.
function calculatorSettled() {
  const startsNow = document.querySelector('meta[name="igm-calculator-start"]')?.content === "now";
  if (!startsNow || performance.getEntriesByName("igm:ready").length) return Promise.resolve();
  return new Promise((resolve) => {
    window.addEventListener("igm:runtime-settled", resolve, { once: true });
    setTimeout(resolve, 30000);
  });
}

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (data?.type === "igm-offline") say(data);
  });
  calculatorSettled().then(() =>
    navigator.serviceWorker.register(WORKER, { scope: SCOPE.pathname }).catch(() => {
      // No offline use (a private window, storage full): the site works as before.
    }),
  );
  navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "status" }));
}
