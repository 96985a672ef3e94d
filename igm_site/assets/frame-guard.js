// Where the host ignores _headers (GitHub Pages, an object store), `frame-ancestors 'none'` never reaches the
// browser, so a page framed by another site hides itself and asks to be opened on its own (reliability review
// 2026-12, F7). A classic script in <head>: it runs before anything of the page is drawn. No inline script: CSP.
if (window.top !== window.self) {
  document.documentElement.hidden = true;
  try {
    window.top.location.href = window.self.location.href;
  } catch {
    // A sandboxed frame may not navigate its parent; the page stays hidden.
  }
}
