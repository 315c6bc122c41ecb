// The floor for the cold-start benchmark: plain JavaScript opening the same workspace database
// and reading every object store with getAll(), with no framework and no wasm.
(function () {
  "use strict";
  var name = new URLSearchParams(location.search).get("db");
  var request = indexedDB.open(name);
  request.onsuccess = function () {
    var db = request.result;
    var stores = Array.prototype.slice.call(db.objectStoreNames);
    var tx = db.transaction(stores, "readonly");
    var counts = {};
    stores.forEach(function (store) {
      tx.objectStore(store).getAll().onsuccess = function (event) {
        counts[store] = event.target.result.length;
      };
    });
    tx.oncomplete = function () {
      document.getElementById("result").textContent = JSON.stringify(counts);
      window.floorDoneAt = performance.now();
      window.floorCounts = counts;
    };
  };
})();
