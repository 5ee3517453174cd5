/* Service worker of the door scanner. Served by the app at /events/<slug>/scanner/sw.js with a
   first line `self.RAKER_SCANNER = {version, scope, page, assets, staticPrefix}`, so its default
   scope is the scanner page's folder.

   - install: cache the page's assets (CSS, JS, the vendored barcode-detector and its .wasm) and the
     page itself (only a real 200, never a login redirect);
   - navigation to the page: network first (4 s), falling back to the cached copy;
   - /static/…: cache first;
   - everything else (the check-in API) goes to the network untouched: the page itself decides
     offline and queues scans in IndexedDB. */
"use strict";

const SETTINGS = self.RAKER_SCANNER;
const PREFIX = "raker-scanner:" + SETTINGS.scope + ":";
const CACHE = PREFIX + SETTINGS.version;
const NAVIGATION_TIMEOUT = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SETTINGS.assets);
    try {
      const page = await fetch(SETTINGS.page, { credentials: "same-origin", cache: "no-store" });
      if (page.ok && !page.redirected) await cache.put(SETTINGS.page, page);
    } catch (error) {
      // No page copy yet: the next online visit stores it (network first).
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function isPage(url) {
  return url.pathname === SETTINGS.page;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (response) => {
    // A login redirect arrives as an opaque redirect (navigation requests do not follow
    // redirects here) and is never stored in place of the page.
    if (response.ok && response.type === "basic" && !response.redirected) {
      await cache.put(SETTINGS.page, response.clone());
    }
    return response;
  });
  network.catch(() => {});
  const late = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT, null));
  try {
    const response = await Promise.race([network, late]);
    if (response && response.status < 500) return response;
  } catch (error) {
    // offline: fall through to the copy
  }
  const copy = await cache.match(SETTINGS.page);
  if (copy) return copy;
  try {
    return await network;
  } catch (error) {
    return new Response("Luring: halaman pemindai belum tersimpan di perangkat ini. / Offline: the scanner page is not stored on this device yet.",
      { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (isPage(url)) event.respondWith(networkFirst(request));
    return;
  }
  if (url.pathname.startsWith(SETTINGS.staticPrefix)) event.respondWith(cacheFirst(request));
});
