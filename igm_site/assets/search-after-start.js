// On a calculator's own page Python starts at once, and Material's search would build its index at the same moment
// (lunr over the whole site's text, in a worker: 0.5-0.7 s of CPU beside the runtime's start on a two-core PC, issue
// 23, traced). This classic script runs before Material's bundle, which asks for the index with XMLHttpRequest: that
// one request is sent once the calculator is ready (or has failed), the reader turns to search, or after WAIT_MS.
// Every other request is sent as before.
(() => {
  const WAIT_MS = 10000;
  const INDEX = "/search/search_index.json";
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  window.addEventListener("igm:runtime-settled", release, { once: true });
  document.addEventListener("focusin", ({ target }) => { if (target.closest?.(".md-search")) release(); });
  setTimeout(release, WAIT_MS);

  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(String(url), document.baseURI);
    if (target.origin === location.origin && target.pathname.endsWith(INDEX)) held.add(this);
    else held.delete(this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (!held.has(this)) return send.call(this, body);
    held.delete(this);
    released.then(() => send.call(this, body));
  };
})();
