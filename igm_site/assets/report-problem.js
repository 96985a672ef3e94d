// "Report a problem" (overrides/partials/igm-report.html): composes the report as the reader writes it and puts it in
// a mailto: link and a forge "new issue" link. It sends nothing and stores nothing: only following a link, the
// reader's own act, hands the text to their e-mail program or to the forge.
const MAX_URL = 7000; // forges and mail programs refuse longer addresses; the text is cut, and the cut is said

function entries(form) {
  const lines = [];
  for (const [name, value] of new FormData(form)) {
    if (name.endsWith("__unit") || String(value).trim() === "") continue;
    const unit = form.elements[`${name}__unit`]?.value;
    lines.push(`  ${name}: ${String(value).trim()}${unit ? ` ${unit}` : ""}`);
  }
  return lines;
}

function calculators(withEntries) {
  const out = [];
  for (const form of document.querySelectorAll("form[data-calculator]")) {
    const id = form.dataset.calculator;
    const version = document.querySelector(`[data-calculator-about="${id}"] [data-calculator-version]`);
    out.push(`Calculator: ${id}${version ? ` version ${version.dataset.calculatorVersion}` : ""}`);
    if (!withEntries) continue;
    const made = entries(form);
    out.push(made.length ? "Entries:" : "Entries: none made", ...made);
  }
  return out;
}

function compose(root) {
  const text = root.querySelector("[data-report-text]").value.trim();
  const choice = root.querySelector("[data-report-entries]");
  const data = root.dataset;
  const lines = [
    `Page: ${location.origin}${location.pathname}`,
    `Title: ${data.reportPageTitle}`,
    ...(data.reportVersion ? [`Version: ${data.reportVersion}`] : []),
    ...(data.reportUpdated ? [`Last updated: ${data.reportUpdated}`] : []),
    ...calculators(!choice || choice.checked),
    "",
    "What is wrong:",
    text || "(please describe the problem)",
  ];
  return { subject: `IgM Guide: a problem with ${data.reportPageTitle}`, body: lines.join("\n") };
}

function fitted(make, body) {
  let url = make(body);
  if (url.length <= MAX_URL) return url;
  const note = "\n[cut to fit a link: please paste the rest from the page]";
  let cut = body.length;
  while (url.length > MAX_URL && cut > 0) {
    cut = Math.floor(cut * 0.9);
    url = make(body.slice(0, cut) + note);
  }
  return url;
}

function update(root) {
  const { subject, body } = compose(root);
  root.querySelector("[data-report-preview]").textContent = body;
  const q = (key, value) => `${key}=${encodeURIComponent(value)}`;
  const mail = root.querySelector("[data-report-mail]");
  const to = encodeURIComponent(root.dataset.reportEmail || "").replace("%40", "@");
  mail.href = fitted((b) => `mailto:${to}?${q("subject", subject)}&${q("body", b)}`, body);
  const issue = root.querySelector("[data-report-issue]");
  if (issue) issue.href = fitted((b) => `${root.dataset.reportIssues}?${q("title", subject)}&${q("body", b)}`, body);
}

function bind(root) {
  const hasCalculator = document.querySelector("form[data-calculator]") !== null;
  root.querySelector("[data-report-entries-choice]").hidden = !hasCalculator;
  const copy = root.querySelector("[data-report-copy]");
  if (navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      update(root);
      const said = root.querySelector("[data-report-copied]");
      try {
        await navigator.clipboard.writeText(compose(root).body);
        said.textContent = "Copied. Paste it wherever you choose to send it.";
      } catch {
        said.textContent = "Could not copy here: select the report above and copy it.";
      }
    });
  }
  // The entries may change while the panel is open: compose again whenever the reader looks or acts.
  root.addEventListener("input", () => update(root));
  root.addEventListener("change", () => update(root));
  root.querySelector("details").addEventListener("toggle", () => update(root));
  for (const link of root.querySelectorAll("[data-report-mail], [data-report-issue]")) {
    link.addEventListener("pointerdown", () => update(root));
    link.addEventListener("focus", () => update(root));
  }
  update(root);
}

for (const root of document.querySelectorAll("[data-report]")) bind(root);
