// Starts the app, then the offline service worker and the install prompt. External (not
// inline) so the Content-Security-Policy can forbid inline script; Trunk fills the data-*.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = document.baseURI;
  var wasm = fetchWasm(new URL(me.dataset.wasm, base).href);
  import(new URL(me.dataset.js, base).href).then(function (app) {
    return app.default({ module_or_path: wasm });
  });

  // The wasm as a streaming-compilable Response. A host that compresses nothing still sends
  // gzip's size: the build's `.wasm.gz` is fetched and decompressed here. A host that sent it
  // with Content-Encoding, or the service worker's cache (sw.js stores it decompressed), hands
  // over plain wasm, compiled as it comes; any other plain copy is told apart by wasm's magic
  // number. Browsers without DecompressionStream fetch the plain file.
  function fetchWasm(url) {
    if (typeof DecompressionStream !== "function") return fetch(url);
    return fetch(url + ".gz").then(function (response) {
      if (!response.ok || !response.body) return fetch(url);
      if (response.headers.get("content-encoding") === "gzip" || response.headers.get("x-kehu-wasm") === "plain") {
        return response;
      }
      var reader = response.body.getReader();
      var head = new Uint8Array(0);
      function readHead() {
        return reader.read().then(function (chunk) {
          if (!chunk.done) {
            var joined = new Uint8Array(head.length + chunk.value.length);
            joined.set(head);
            joined.set(chunk.value, head.length);
            head = joined;
          }
          return chunk.done || head.length >= 4 ? undefined : readHead();
        });
      }
      return readHead().then(function () {
        var body = new ReadableStream({
          start: function (controller) {
            if (head.length) controller.enqueue(head);
          },
          pull: function (controller) {
            return reader.read().then(function (chunk) {
              if (chunk.done) controller.close();
              else controller.enqueue(chunk.value);
            });
          },
          cancel: function (reason) {
            return reader.cancel(reason);
          },
        });
        var plain = head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
        if (!plain) body = body.pipeThrough(new DecompressionStream("gzip"));
        return new Response(body, { headers: { "content-type": "application/wasm" } });
      });
    });
  }

  function announce(name, flag) {
    window[flag] = true;
    window.dispatchEvent(new Event(name));
  }

  if ("serviceWorker" in navigator) {
    // Reload on a worker change when one was already in control at start, or when the user
    // asked for the update; the first visit's worker taking control must not reload the page.
    var reloadOnChange = !!navigator.serviceWorker.controller;
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (reloadOnChange && !reloading) {
        reloading = true;
        location.reload();
      }
    });
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("sw.js").then(function (registration) {
        function watch(worker) {
          worker.addEventListener("statechange", function () {
            if (worker.state === "installed" && navigator.serviceWorker.controller) {
              announce("kehu-update-ready", "kehuUpdateReady");
            }
          });
        }
        if (registration.waiting && navigator.serviceWorker.controller) {
          announce("kehu-update-ready", "kehuUpdateReady");
        }
        if (registration.installing) watch(registration.installing);
        registration.addEventListener("updatefound", function () {
          watch(registration.installing);
        });
        window.addEventListener("kehu-apply-update", function () {
          reloadOnChange = true;
          if (registration.waiting) registration.waiting.postMessage("skip-waiting");
          else location.reload();
        });
      }).catch(function () {
        // Without a service worker the app still works online; never block start-up on it.
      });
    });
  }

  var installPrompt = null;
  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault();
    installPrompt = event;
    announce("kehu-install-ready", "kehuCanInstall");
  });
  window.addEventListener("kehu-install", function () {
    if (!installPrompt) return;
    installPrompt.prompt();
    installPrompt.userChoice.finally(function () {
      installPrompt = null;
      window.kehuCanInstall = false;
      window.dispatchEvent(new Event("kehu-installed"));
    });
  });
  window.addEventListener("appinstalled", function () {
    window.kehuCanInstall = false;
    window.dispatchEvent(new Event("kehu-installed"));
  });
})();
