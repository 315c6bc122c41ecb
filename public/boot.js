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
    // Reload on a worker change only when one was already in control: that is an update the
    // user asked for. The first visit's worker taking control must not reload the page.
    var hadController = !!navigator.serviceWorker.controller;
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (hadController && !reloading) {
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
          if (registration.waiting) registration.waiting.postMessage("skip-waiting");
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
