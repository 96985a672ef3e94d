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

if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (data?.type === "igm-offline") say(data);
  });
  navigator.serviceWorker.register(WORKER, { scope: SCOPE.pathname }).catch(() => {
    // No offline use (a private window, storage full): the site works as before.
  });
  navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: "status" }));
}
