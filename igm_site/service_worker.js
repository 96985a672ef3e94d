// The site's service worker (a classic script; BUILD, BUILD_DATE, PRECACHE and RUNTIME are written above it at
// build time).
// - Install: every page, style, script and the search index of this build, each checked against its sha256,
//   so a cache never holds two builds (an install while the host serves another build fails, and waits).
// - The Python runtime is not precached: the page asks for it to be kept (for offline use) once a calculator
//   is ready and the reader's first start is over, so an article costs 0 bytes of it.
// - Online, and offline while the browser's HTTP cache holds them, the runtime's files are left to that cache (they
//   are immutable): there the browser keeps the compiled WebAssembly with them. Served from this worker's Cache
//   Storage, the first visits compiled the 9.6 MB wasm again (issue 23, traced: no wasm.Deserialize). What the
//   HTTP cache lacks offline comes from this worker's cache.
// - Pages and other files under fixed names: network first (a reader online sees the newest build), raced
//   against NETWORK_MS: a network that accepts connections and never answers (lie-fi, a captive portal) gets
//   this build's copy after 3 s, not a blank page for a minute. A page served from the copy carries
//   <meta name="igm-offline-copy" content="BUILD_DATE">, and offline.js says so on the page. Navigation preload
//   starts the network request while this worker starts. Files under content-hashed names: cache first.
// - Only the URLs listed above are ever cached, each by its address without query, and only by GET: what a
//   reader types never leaves the page, and a search query is never a cache key.
// - Activate: delete every cache of older builds, keeping runtime files this build still uses.
const PAGES = `igm-pages-${BUILD}`;
const RUNTIME_CACHE = `igm-runtime-${BUILD}`;
const absolute = (path) => new URL(path, self.registration.scope).href;
const precached = new Map(PRECACHE.map(([path, integrity]) => [absolute(path), integrity]));
const runtimeFiles = new Map(RUNTIME.map(([path, integrity]) => [absolute(path), integrity]));
const HASHED = /\.[0-9a-f]{8,}(\.min)?\.(js|css|json)$/;
const NETWORK_MS = 3000;

// The runtime files the browser's HTTP cache holds, asked of the cache alone (no network) when this worker starts:
// those are left to it offline too (a fresh immutable entry needs no network), with their compiled wasm. Only
// what it lacks comes from this worker's copy, which Chromium can give compiled code only after a start compiled it.
const inHttpCache = new Set();
async function checkHttpCache() {
  // Only for files kept here: a reader who never used a calculator makes no request for the runtime at all.
  const kept = await caches.open(RUNTIME_CACHE);
  await Promise.all([...runtimeFiles.keys()].map(async (url) => {
    if (!(await kept.match(url))) return;
    try {
      const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
      if (response.ok) inHttpCache.add(url);
      else inHttpCache.delete(url);
      await response.body?.cancel();
    } catch {
      inHttpCache.delete(url);
    }
  }));
}
checkHttpCache();

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES);
    await Promise.all([...precached].map(async ([url, integrity]) => {
      const response = await fetch(url, { cache: "no-cache", integrity });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = (await caches.keys()).filter((name) => name.startsWith("igm-"));
    const runtime = await caches.open(RUNTIME_CACHE);
    for (const name of names.filter((n) => n.startsWith("igm-runtime-") && n !== RUNTIME_CACHE)) {
      const old = await caches.open(name);
      for (const url of runtimeFiles.keys()) {
        const kept = await old.match(url);
        if (kept && !(await runtime.match(url))) await runtime.put(url, kept);
      }
    }
    await Promise.all(names.filter((n) => n !== PAGES && n !== RUNTIME_CACHE).map((n) => caches.delete(n)));
    await self.registration.navigationPreload?.enable().catch(() => {});
    await self.clients.claim();
    await broadcast();
  })());
});

async function cacheFirst(cacheName, key, request, keep) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (keep && response.ok && response.status === 200) {
    const copy = response.clone();
    cache.put(key, copy).then(broadcast, () => {});
  }
  return response;
}

// The copy of a page says it is one, with the build's date (the page's scripts are allowed by the policy only
// as files, so the mark is data: a meta element, read by offline.js).
async function markedCopy(response) {
  if (!(response.headers.get("Content-Type") || "").startsWith("text/html")) return response;
  const html = await response.text();
  const mark = `<meta name="igm-offline-copy" content="${BUILD_DATE}">`;
  const at = html.indexOf("</head>");
  const body = at < 0 ? html : html.slice(0, at) + mark + html.slice(at);
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

// The network, or after NETWORK_MS (or at once, when it fails) this build's copy; the network's answer is taken
// if it comes first. With no copy, the network is waited for as without this worker.
async function networkFirst(event, key) {
  const network = (async () => (await event.preloadResponse) || fetch(event.request))();
  network.catch(() => {}); // a network that fails after the copy was served is nobody's concern
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_MS); });
  const first = await Promise.race([network.then((response) => ({ response }), (error) => ({ error })), late]);
  clearTimeout(timer);
  if (first?.response) return first.response;
  const hit = await caches.match(key, { cacheName: PAGES });
  if (hit) return markedCopy(hit);
  return network;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.search = "";
  url.hash = "";
  const key = url.href;
  if (runtimeFiles.has(key)) {
    if (!self.navigator.onLine && !inHttpCache.has(key)) event.respondWith(cacheFirst(RUNTIME_CACHE, key, request, false));
    // Otherwise not answered here: the browser's HTTP cache serves it, compiled wasm included.
  } else if (precached.has(key) && HASHED.test(url.pathname)) event.respondWith(cacheFirst(PAGES, key, request, false));
  else if (precached.has(key)) event.respondWith(networkFirst(event, key));
  else if (request.mode === "navigate") event.respondWith((async () => (await event.preloadResponse) || fetch(request))());
  // Anything else goes to the network exactly as without a service worker.
});

async function runtimeCached() {
  const cache = await caches.open(RUNTIME_CACHE);
  const hits = await Promise.all([...runtimeFiles.keys()].map((url) => cache.match(url)));
  return hits.every(Boolean);
}

async function status() {
  return { type: "igm-offline", build: BUILD, pages: await caches.has(PAGES), runtime: await runtimeCached() };
}

async function broadcast() {
  const message = await status();
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

// The runtime's files, when a page whose runtime started before this worker controlled it says it is ready:
// they come from the browser's HTTP cache (immutable), checked against their sha256.
async function cacheRuntime() {
  const cache = await caches.open(RUNTIME_CACHE);
  for (const [url, integrity] of runtimeFiles) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { integrity });
    if (response.ok) await cache.put(url, response);
  }
}

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "cache-runtime") event.waitUntil(cacheRuntime().then(checkHttpCache).then(broadcast));
  else if (type === "status") event.waitUntil(status().then((message) => event.source?.postMessage(message)));
});
