// Starts the app, then the offline service worker and the install prompt. External (not
// inline) so the Content-Security-Policy can forbid inline script; Trunk fills the data-*.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = document.baseURI;
  import(new URL(me.dataset.js, base).href).then(function (app) {
    return app.default({ module_or_path: new URL(me.dataset.wasm, base).href });
  });

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
