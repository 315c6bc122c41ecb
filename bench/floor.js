// The floors for the cold-start benchmark: plain JavaScript opening the same workspace database,
// with no framework and no wasm, and reading every object store either in full with getAll()
// (`read=getAll`) or just counting it with count() (`read=count`, the work the dashboard does).
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var read = params.get("read") === "count" ? "count" : "getAll";
  var request = indexedDB.open(params.get("db"));
  request.onsuccess = function () {
    var db = request.result;
    var stores = Array.prototype.slice.call(db.objectStoreNames);
    var tx = db.transaction(stores, "readonly");
    var counts = {};
    stores.forEach(function (store) {
      tx.objectStore(store)[read]().onsuccess = function (event) {
        var result = event.target.result;
        counts[store] = read === "count" ? result : result.length;
      };
    });
    tx.oncomplete = function () {
      document.getElementById("result").textContent = JSON.stringify(counts);
      window.floorDoneAt = performance.now();
      window.floorCounts = counts;
    };
  };
})();
