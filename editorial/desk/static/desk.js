// The desk's only script: a live preview while writing, "Add a reference", and a file name from the title.
// Everything also works without it (Save, then the review page shows the preview).

const DELAY_MS = 600;

function livePreview(form) {
  const frame = document.querySelector("[data-preview]");
  const state = document.querySelector("[data-preview-state]");
  const error = document.querySelector("[data-preview-error]");
  const problems = form.querySelector("[data-problems]");
  let timer = 0;
  let version = 0;
  let running = null;

  async function refresh() {
    const mine = ++version;
    state.textContent = "updating…";
    if (running) await running.catch(() => {});
    const body = new FormData(form);
    running = fetch(form.dataset.previewUrl, { method: "POST", body, credentials: "same-origin" });
    let data;
    try {
      const response = await running;
      data = await response.json();
    } catch (e) {
      data = { error: `the desk did not answer (${e})` };
    }
    if (mine !== version) return; // a newer edit is on its way
    error.hidden = !data.error;
    error.textContent = data.error || "";
    problems.hidden = !(data.problems && data.problems.length);
    problems.textContent = (data.problems || []).join(" ");
    if (data.src) {
      frame.src = `${data.src}?v=${mine}`;
      state.textContent = "with your unsaved changes";
    } else {
      state.textContent = "build refused";
    }
  }

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY_MS);
  });
}

function references(fieldset) {
  const button = fieldset.querySelector("[data-add-reference]");
  button.hidden = false;
  button.addEventListener("click", () => {
    const rows = fieldset.querySelectorAll("[data-reference]");
    const copy = rows[rows.length - 1].cloneNode(true);
    const n = rows.length + 1;
    for (const input of copy.querySelectorAll("input")) {
      const base = input.id.replace(/-\d+$/, "");
      input.id = `${base}-${n}`;
      input.value = "";
      copy.querySelector(`label[for^="${base}-"]`).htmlFor = input.id;
    }
    button.before(copy);
    copy.querySelector("input").focus();
  });
}

function slugFromTitle(form) {
  const title = form.querySelector("[name=title]");
  const slug = form.querySelector("[name=slug]");
  let typed = false;
  slug.addEventListener("input", () => { typed = true; });
  title.addEventListener("input", () => {
    if (typed) return;
    slug.value = title.value.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  });
}

const editor = document.querySelector("[data-editor]");
if (editor) livePreview(editor);
const refs = document.querySelector("[data-references]");
if (refs) references(refs);
const created = document.querySelector("[data-new-article]");
if (created) slugFromTitle(created);
