// "Which best describes you?": shows the text written for the reader's audience (blocks written with
// `/// audience | …`) and remembers the choice in this browser. The choice is the only thing stored.
// Before a choice, or without JavaScript, the static page already shows the clinician text with the
// other audiences' text in closed <details>.
const KEY = "igm-guide.audience";
const DEFAULT = "clinician";
const AUDIENCES = ["patient", "clinician", "professional"];

function stored() {
  try {
    const value = localStorage.getItem(KEY);
    return AUDIENCES.includes(value) ? value : null;
  } catch {
    return null; // storage disabled: the choice just is not remembered
  }
}

function remember(value) {
  try {
    localStorage.setItem(KEY, value);
  } catch {
    // storage disabled or full: the choice still applies to this page
  }
}

function show(choice) {
  const blocks = [...document.querySelectorAll(".igm-audience[data-audience]")];
  // A page without text for this audience shows its default text, as if nothing had been chosen.
  const shown = blocks.some((block) => block.dataset.audience === choice) ? choice : DEFAULT;
  for (const block of blocks) {
    const mine = block.dataset.audience === shown;
    if (block instanceof HTMLDetailsElement) block.open = mine;
    else block.hidden = !mine;
  }
  document.documentElement.dataset.igmAudience = shown;
}

function start() {
  const chooser = document.querySelector("[data-audience-chooser]");
  if (!chooser) return;
  const choice = stored();
  for (const radio of chooser.querySelectorAll("input[name=igm-audience]")) {
    radio.checked = radio.value === (choice ?? DEFAULT);
    radio.addEventListener("change", () => {
      remember(radio.value);
      show(radio.value);
    });
  }
  if (choice) show(choice);
  chooser.hidden = false;
}

start();
