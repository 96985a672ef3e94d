// A citation shows its reference where the reader is: Material's tooltip does it on hover (the link's title);
// this does it on a touch screen's long press, where there is no hover, and on keyboard focus. The reference
// comes from the page's own list (the same words, with its PubMed and DOI links); nothing is fetched.
let preview = null;

function panel() {
  if (preview) return preview;
  preview = document.createElement("div");
  preview.className = "igm-cite-preview";
  preview.setAttribute("popover", "auto");
  preview.setAttribute("role", "note");
  document.body.append(preview);
  return preview;
}

function show(link) {
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  const box = panel();
  const copy = target.cloneNode(true);
  copy.removeAttribute("id");
  copy.querySelectorAll(".igm-backlink").forEach((a) => a.remove());
  box.replaceChildren(...copy.childNodes);
  box.showPopover?.();
  const r = link.getBoundingClientRect();
  const top = r.bottom + 6 + box.offsetHeight > innerHeight ? Math.max(4, r.top - 6 - box.offsetHeight) : r.bottom + 6;
  box.style.top = `${top}px`;
  box.style.left = `${Math.max(4, Math.min(r.left, innerWidth - box.offsetWidth - 4))}px`;
}

let touch = false;
document.addEventListener("pointerdown", (event) => { touch = event.pointerType === "touch"; }, true);
// A long press on a touch screen opens the context menu: for a citation, the preview instead.
document.addEventListener("contextmenu", (event) => {
  const link = event.target.closest?.("a.igm-cite");
  if (!link || !touch) return;
  event.preventDefault();
  show(link);
});
document.addEventListener("focusin", (event) => {
  const link = event.target.closest?.("a.igm-cite");
  if (link && link.matches(":focus-visible")) show(link);
});
document.addEventListener("focusout", (event) => {
  if (event.target.closest?.("a.igm-cite") && preview?.matches(":popover-open")) preview.hidePopover();
});

// Following a citation (or arriving at a reference's address) opens the folded reference list it is in.
function reveal(id) {
  const target = id ? document.getElementById(id) : null;
  const fold = target?.closest("details");
  if (fold && !fold.open) fold.open = true;
}
document.addEventListener("click", (event) => {
  const link = event.target.closest?.("a.igm-cite");
  if (link) reveal(decodeURIComponent(link.hash.slice(1)));
}, true);
addEventListener("hashchange", () => reveal(decodeURIComponent(location.hash.slice(1))));
reveal(decodeURIComponent(location.hash.slice(1)));
