// On every page: registers the site's service worker (sw.js, at the site root) and says in the footer how
// far the site is ready for offline use. Nothing here reads or sends what a reader types.
const WORKER = new URL("../../sw.js", import.meta.url);
const SCOPE = new URL("../../", import.meta.url);

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
