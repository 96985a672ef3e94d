// "Which best describes you?": shows the text written for the reader's audience (blocks written with
// `/// audience | …`) and remembers the choice in this browser. The choice is the only thing stored.
// Before a choice, or without JavaScript, the static page already shows the clinician text with the
// other audiences' text in closed <details>.
// For a patient or caregiver the page gets simpler, not longer: their first block comes first, as their
// "In brief", and the clinician sections fold under one line each ("For clinicians: …"), still one tap away.
const KEY = "igm-guide.audience";
const DEFAULT = "clinician";
const AUDIENCES = ["patient", "clinician", "professional"];
// Parts of a page that are not clinician text: they never fold.
const KEEP = "h1, .igm-review-line, [data-audience-chooser], .igm-audience, #review-status, .igm-disclaimer, " +
  ".md-source-file, .md-content__button, script";

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

const article = () => document.querySelector(".md-content article");

// The words of a heading without Material's "¶" permalink.
function headingText(node) {
  const heading = node.matches("h2, h3, h4") ? node : node.querySelector(".admonition-title, h2, h3");
  if (!heading) return "";
  const copy = heading.cloneNode(true);
  copy.querySelectorAll(".headerlink").forEach((link) => link.remove());
  return copy.textContent.trim();
}

function fold(nodes) {
  const details = document.createElement("details");
  details.className = "igm-fold";
  details.dataset.igmFold = "";
  const summary = document.createElement("summary");
  // Named after the first section heading it holds, else the first box's title ("In brief").
  const heading = nodes.find((node) => node.matches("h2, h3"));
  const first = heading ? headingText(heading) : nodes.map(headingText).find(Boolean);
  summary.textContent = first ? `For clinicians: ${first}` : "For clinicians: more detail";
  nodes[0].before(details);
  details.append(summary, ...nodes);
}

function simplify(root) {
  const patient = root.querySelector(".igm-audience[data-audience=patient]");
  if (!patient) return;
  // The first patient block leads, as the patient's "In brief"; a marker keeps its place in the article.
  const marker = document.createComment("igm-patient-first");
  patient.before(marker);
  const chooser = root.querySelector("[data-audience-chooser]");
  (chooser || root.querySelector(".igm-review-line") || root.querySelector("h1"))?.after(patient);
  patient.dataset.igmLead = "";
  let run = [];
  for (const node of [...root.children]) {
    if (node.matches(KEEP)) {
      if (run.length) fold(run);
      run = [];
    } else {
      run.push(node);
    }
  }
  if (run.length) fold(run);
}

function restore(root) {
  for (const details of root.querySelectorAll(":scope > details[data-igm-fold]")) {
    details.querySelector(":scope > summary").remove();
    details.replaceWith(...details.childNodes);
  }
  const lead = root.querySelector("[data-igm-lead]");
  const marker = [...root.childNodes].find((n) => n.nodeType === Node.COMMENT_NODE && n.data === "igm-patient-first");
  if (lead && marker) marker.replaceWith(lead);
  if (lead) delete lead.dataset.igmLead;
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
  const root = article();
  if (root) {
    restore(root);
    // Articles only: the home page is a list of where to go, for everyone.
    if (shown === "patient" && root.querySelector("#review-status")) simplify(root);
  }
  document.documentElement.dataset.igmAudience = shown;
}

// After the page's "In brief" (an article's answer comes first, on a phone's first screen too), else after
// the title: the chooser never stands between the reader and the answer.
function place(chooser) {
  const root = article();
  if (!root || !root.contains(chooser)) return;
  const brief = root.querySelector(":scope > .admonition.abstract");
  const after = brief || root.querySelector(":scope > h1");
  after?.after(chooser);
}

function start() {
  const chooser = document.querySelector("[data-audience-chooser]");
  if (!chooser) return;
  place(chooser);
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
