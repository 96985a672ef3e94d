// Lays out a calculator's result: headline first, then criteria, next steps with their sources, what the
// categories say, warnings, the inputs used, references and "Copy result". Every clinical word comes from
// Python's answer (labels, outcomes, verification marks, the copy text); this module only places it. Where an
// older answer lacks a display key, the fields it does carry are joined the way Python's own text reads.

export const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};

const textOf = (value) => (value && typeof value === "object" ? value.text || "" : value || "");

const metText = (c) => (c.met === null ? "Not assessed" : c.met ? "Met" : "Not met");

function fallbackHeadline(result) {
  if (result.scored !== false && result.score !== null && result.score !== undefined) {
    return `Score ${result.score} of ${result.max_score}: ${result.category_label} (${result.category_rule}).`;
  }
  if (result.category_label) return `${result.category_label} (${result.category_rule}).`;
  return (result.summary || [])[0] || "";
}

export const headlineText = (result) => textOf(result.headline) || fallbackHeadline(result);

const outcomeText = (o) => o.text || `${o.label}: ${o.value}${o.verification === "V" ? "" : " (secondary source)"}`;

function referenceText(ref) {
  if (ref.text) return ref.text;
  return `${ref.citation}${ref.pmid ? ` PMID ${ref.pmid}.` : ""}${ref.doi ? ` DOI ${ref.doi}.` : ""}`;
}

// Python's line for the reference (citation, identifiers, verification mark), with the identifiers as links.
function referenceItem(ref) {
  const item = el("li", {}, referenceText(ref));
  const links = [];
  if (ref.pmid) links.push(el("a", { href: `https://pubmed.ncbi.nlm.nih.gov/${ref.pmid}/` }, `PubMed ${ref.pmid}`));
  if (ref.doi) links.push(el("a", { href: `https://doi.org/${ref.doi}` }, `doi.org/${ref.doi}`));
  for (const link of links) item.append(" ", link);
  return item;
}

function inputLabel(form, id) {
  return form.querySelector(`.igm-field[data-input="${id}"] .igm-field__label`)?.firstChild?.textContent.trim() || id;
}

// "Haemoglobin: 110 g/L (11 g/dL)": as entered, and in the unit the rules are written in.
function inputsUsed(form, result) {
  return Object.entries(result.inputs || {}).map(([id, reading]) => {
    const canonicalUnit = form.elements[`${id}__unit`]?.options?.[0]?.value;
    const entered = [reading.value, reading.unit].filter(Boolean).join(" ");
    const converted = canonicalUnit && reading.unit !== canonicalUnit && reading.canonical !== undefined
      ? ` (${reading.canonical} ${canonicalUnit})` : "";
    return `${inputLabel(form, id)}: ${entered}${converted}`;
  });
}

const criterionText = (c) => c.text || `${c.label}: ${metText(c)}${c.compared ? ` (${c.compared})` : ""}`;

function nextStepSource(step, refs) {
  const ids = [step.reference, ...(step.references || []), step.source].filter(Boolean).map(textOf);
  return ids.map((id) => refs.get(id) || id).filter(Boolean);
}

function nextStepText(step, refs) {
  const sources = nextStepSource(step, refs).map((r) => (typeof r === "string" ? r : r.citation));
  return `${textOf(step)}${sources.length ? ` (${sources.join("; ")})` : ""}`;
}

// Plain text for a clinical note, when Python's answer carries no copy text of its own.
function fallbackCopy(form, result) {
  const top = headlineText(result);
  const refs = new Map((result.references || []).map((r) => [r.id, r]));
  const full = [
    `${result.title}, version ${result.version}, computed ${new Date().toISOString().slice(0, 10)} with IgM Guide`,
    `Inputs: ${inputsUsed(form, result).join("; ")}`,
    ...(top ? [`Result: ${top}`] : []),
    ...(result.summary || []),
    ...(result.criteria || []).map((c) => `- ${criterionText(c)}`),
    ...(result.outcome || []).map(outcomeText),
    ...(result.next_steps || []).map((s) => `Next step: ${nextStepText(s, refs)}`),
    ...(result.statements || []),
    ...(result.warnings || []).map((w) => `Check: ${w.message}`),
    ...(result.references || []).map((r) => `Reference: ${referenceText(r)}`),
  ].join("\n");
  return { summary: `${result.title}: ${top}`, full };
}

// Approved only where the page's review box says so (overrides/partials/igm-article.html); anywhere else, and
// wherever in doubt, a note says it is not.
const pageApproved = () => document.querySelector("#review-status")?.dataset.approved === "yes";

const pad = (n) => String(n).padStart(2, "0");
function localTime(date) {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const zone = `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())} (${zone})`;
}

// On a page served from the service worker's offline copy (offline.js shows the notice), a copied result says which
// build computed it: the reader may paste it into a note long after.
function offlineCopyLine() {
  const built = document.querySelector('meta[name="igm-offline-copy"]')?.content;
  return built ? `Computed with IgM Guide's offline copy from ${built}; review status as of then.` : "";
}

// Python's lines saying when, where and with what a result was computed; the page knows the time and its own
// address (without query or fragment: nothing a reader carried over goes into a note).
export function provenanceLines(result, computed = new Date()) {
  const copy = result.copy || {};
  if (!copy.provenance) return [];
  const page = location.origin + location.pathname;
  const line = copy.provenance.replace("{computed}", localTime(computed)).replace("{page}", page);
  return [line, ...(pageApproved() || !copy.not_approved ? [] : [copy.not_approved])];
}

export function copyTexts(form, result, computed = new Date()) {
  const copy = result.copy || {};
  const fallback = copy.summary && copy.full ? null : fallbackCopy(form, result);
  const said = provenanceLines(result, computed);
  const full = (copy.full || fallback.full).split("\n");
  full.splice(1, 0, ...said); // under the title: when, where, which version, and whether approved
  const summary = [copy.summary || fallback.summary, ...said].join(" ");
  const line = offlineCopyLine(); // the offline copy's build date (issue 23), at the end of both texts
  return line ? { summary: `${summary} (${line})`, full: `${full.join("\n")}\n${line}` } : { summary, full: full.join("\n") };
}

function copyButtons(form, result, computed) {
  const status = el("span", { class: "igm-result__copied", role: "status" });
  const texts = copyTexts(form, result, computed);
  const button = (which, label, attrs) => {
    const node = el("button", { type: "button", class: "md-button", ...attrs }, label);
    node.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(texts[which]);
        status.textContent = "Copied. Paste it into your note; nothing was stored.";
      } catch {
        // No clipboard here (an insecure origin, or permission refused): show the text to copy by hand.
        const area = el("textarea", { readonly: "", rows: "8", class: "igm-result__copytext", "aria-label": "Result as text" });
        area.value = texts[which];
        status.replaceChildren("Copy the text below:", area);
        area.select();
      }
    });
    return node;
  };
  return el("p", { class: "igm-result__copy" },
    button("full", "Copy result", { "data-copy-result": "" }),
    button("summary", "Copy one line", { "data-copy-summary": "" }),
    " ", status);
}

function criteriaTable(result) {
  const scored = result.scored !== false;
  const criteria = result.criteria || [];
  if (!criteria.length) return [];
  // Python's sentence for each criterion says whether it is met and what was entered.
  // Python's comparison ("110 ≤ 115 g/L", in the unit the rule is written in) is the rule with the value put in:
  // true where the criterion is met, false where it is not ("150 ≤ 100"), so it is shown only where it is met.
  const rows = criteria.map((c) =>
    el("tr", { "data-criterion": c.id, "data-met": String(c.met) },
      el("td", {}, criterionText(c)),
      el("td", { class: "igm-result__compared" }, c.met === true ? c.compared || "" : ""),
      ...(scored ? [el("td", { class: "igm-result__points" }, String(c.points_awarded))] : [])));
  const headings = ["Criterion", "Met because", ...(scored ? ["Points"] : [])];
  const head = el("tr", {}, ...headings.map((h) => el("th", { scope: "col" }, h)));
  return [el("h4", {}, "Criteria"), el("table", { class: "igm-table" }, el("thead", {}, head), el("tbody", {}, ...rows))];
}

function nextSteps(result, top) {
  const all = result.next_steps || [];
  // A step the headline already says is not said twice; "no step given by the source" is said quietly.
  const steps = all.filter((step) => !step.none && textOf(step) !== top);
  const none = all.find((step) => step.none);
  if (!steps.length) return none ? [el("p", { class: "igm-result__none" }, textOf(none))] : [];
  const refs = new Map((result.references || []).map((r) => [r.id, r]));
  const items = steps.map((step) => {
    const sources = nextStepSource(step, refs);
    const item = el("li", {}, textOf(step));
    for (const source of sources) {
      const ref = typeof source === "string" ? null : source;
      const number = ref ? (result.references || []).indexOf(ref) + 1 : 0;
      item.append(" ", number ? el("a", { href: `#${result.calculator}-result-ref-${ref.id}` }, `[${number}]`) : `(${source})`);
    }
    return item;
  });
  return [el("h4", {}, "Next steps"), el("ul", { class: "igm-result__next" }, ...items)];
}

// Builds the whole result into `region` (the `[data-calculator-result]` section); returns the node to focus.
export function renderResult(region, form, result) {
  const top = headlineText(result);
  // The headline is the result's heading: it names the answer, and focus lands on it after Calculate.
  const headline = el("h3", { class: "igm-result__headline", tabindex: "-1" }, top);
  const references = (result.references || []).map((ref) => {
    const item = referenceItem(ref);
    item.id = `${result.calculator}-result-ref-${ref.id}`;
    return item;
  });
  const computed = new Date();
  // A line a next step already says is not said twice either (Python's copy text leaves it out the same way).
  const steps = new Set((result.next_steps || []).map((step) => step.text));
  const summary = (result.summary || []).filter((line) => !top.includes(line) && !steps.has(line));
  const outcomesHeading = result.copy?.outcomes_heading || "Published outcomes for this category";
  region.replaceChildren(
    headline,
    // Lines the headline already says are not said twice (as in Python's copy text).
    ...summary.map((line) => el("p", { class: "igm-result__summary" }, line)),
    // What the category means comes with it, under its own heading: never read as a next step.
    ...((result.outcome || []).length
      ? [el("h4", {}, outcomesHeading),
          el("ul", { class: "igm-result__outcome" }, ...result.outcome.map((o) => el("li", {}, outcomeText(o))))]
      : []),
    copyButtons(form, result, computed),
    el("p", { class: "igm-result__provenance" }, provenanceLines(result, computed).join(" ")),
    ...criteriaTable(result),
    ...nextSteps(result, top),
    // Statements the summary already made (the AWM disclaimer) are not repeated.
    ...(result.statements || []).filter((line) => !summary.includes(line) && !top.includes(line))
      .map((line) => el("p", { class: "igm-result__statement" }, line)),
    ...((result.warnings || []).length
      ? [el("div", { class: "admonition warning" }, el("p", { class: "admonition-title" }, "Check these entries"),
          ...result.warnings.map((w) => el("p", {}, w.message)))]
      : []),
    el("h4", {}, "Inputs used"),
    el("ul", { class: "igm-result__inputs" }, ...inputsUsed(form, result).map((line) => el("li", {}, line))),
    ...(references.length ? [el("h4", {}, "References"), el("ol", { class: "igm-references" }, ...references)] : []),
  );
  return headline;
}
