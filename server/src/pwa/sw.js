// Sportello Lavoro service worker. Generated per build by the server (see pwa/mod.rs).
// Rules: precache the app shell and hashed assets; answer a failed navigation with the offline page;
// never cache pages (they may be personal) nor server-function calls.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const OFFLINE_URL = "/offline";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function isCacheableAsset(url) {
  return url.pathname.startsWith("/pkg/") || url.pathname.startsWith("/fonts/") ||
    url.pathname.startsWith("/icons/") || url.pathname === "/manifest.webmanifest";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Server functions (POSTs under /api/), live streams and document downloads: never touched,
  // never cached.
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/") ||
    url.pathname === "/events" || url.pathname.startsWith("/documenti/")) {
    return;
  }
  if (request.mode === "navigate") {
    // Pages always come from the network; only when it fails do we show the precached offline page.
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  if (isCacheableAsset(url)) {
    event.respondWith(
      caches.match(request).then((hit) => {
        if (hit) return hit;
        return fetch(request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(VERSION).then((cache) => cache.put(request, copy));
          }
          return response;
        });
      })
    );
  }
});
