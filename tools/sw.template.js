// Precaches this build's files (the wasm as boot.js fetches it) and serves the app offline. A
// new build has a new VERSION, so the browser installs the new worker beside the old one; it
// waits until the user chooses "reload" (message "skip-waiting"), then replaces the old cache.
const CACHE = "kehu-" + VERSION;
const INDEX = new URL("index.html", self.registration.scope).href;

// The wasm as boot.js fetches it: its gzip copy wherever the browser can decompress that.
const BOOT_WASM = typeof DecompressionStream === "function" ? WASM + ".gz" : WASM;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...FILES, BOOT_WASM])));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("kehu-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  // Routes are hash routes: every navigation is the one cached page.
  const lookup = request.mode === "navigate" ? caches.match(INDEX) : caches.match(request, { ignoreSearch: true });
  event.respondWith(lookup.then((cached) => cached || fetch(request)));
});
