// Precaches this build's files (the wasm as boot.js fetches it) and serves the app offline. A
// new build has a new VERSION, so the browser installs the new worker beside the old one; it
// waits until the user chooses "reload" (message "skip-waiting"), then replaces the old cache.
const CACHE = "kehu-" + VERSION;
const INDEX = new URL("index.html", self.registration.scope).href;

// The wasm as boot.js fetches it: its gzip copy wherever the browser can decompress that.
const BOOT_WASM = typeof DecompressionStream === "function" ? WASM + ".gz" : WASM;
// Marks a cached wasm stored decompressed, which boot.js then compiles as it comes.
const PLAIN = "x-kehu-wasm";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all([cache.addAll(FILES), cacheWasm(cache)])));
});

// Stored decompressed: every later start compiles it straight from the cache instead of
// inflating it again. A host that sent it with
// Content-Encoding handed over plain wasm already, told apart by wasm's magic number.
async function cacheWasm(cache) {
  const response = await fetch(BOOT_WASM);
  if (!response.ok) throw new Error(`${BOOT_WASM}: ${response.status}`);
  const bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, 4);
  const plain = head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
  const body = plain ? bytes : new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  await cache.put(BOOT_WASM, new Response(body, { headers: { "content-type": "application/wasm", [PLAIN]: "plain" } }));
}

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
