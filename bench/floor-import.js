// The floors for the import benchmark, in plain JavaScript over raw IndexedDB.
// `floorSame(run)`: the very records the app's import stored (customers, contacts and audit
// entries, read back from the app's database) bulk-put in one readwrite transaction into a fresh
// database with the same stores and indexes: what storing an import costs with no app at all.
// `floorPut(run)`: reads the picked file, splits it naively into records (no quotes, no
// validation: the bench file has none), builds one small customer object per row and one contact
// object where the row names a contact, and puts them in one transaction. Both report the put
// alone and the whole run.
(function () {
  "use strict";

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function open(name) {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(name, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("customers", { keyPath: "id" }).createIndex("company", "company");
        req.result.createObjectStore("contacts", { keyPath: "id" }).createIndex("customer_id", "customer_id");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function openWith(name, stores) {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(name, 1);
      req.onupgradeneeded = function () {
        stores.forEach(function (spec) {
          var store = req.result.createObjectStore(spec.name, { keyPath: spec.keyPath });
          spec.indexes.forEach(function (index) { store.createIndex(index.name, index.keyPath, { unique: index.unique }); });
        });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  window.floorSame = async function (run) {
    var started = performance.now();
    var app = await request(indexedDB.open("kehu-mine"));
    var names = ["customers", "contacts", "audit_log"];
    var read = app.transaction(names, "readonly");
    var specs = names.map(function (name) {
      var store = read.objectStore(name);
      return {
        name: name,
        keyPath: store.keyPath,
        indexes: Array.from(store.indexNames).map(function (index) {
          var i = store.index(index);
          return { name: i.name, keyPath: i.keyPath, unique: i.unique };
        }),
      };
    });
    var records = await Promise.all(names.map(function (name) { return request(read.objectStore(name).getAll()); }));
    app.close();
    var db = await openWith("kehu-floor-same-" + run, specs);
    var putStarted = performance.now();
    var tx = db.transaction(names, "readwrite");
    names.forEach(function (name, i) {
      var store = tx.objectStore(name);
      records[i].forEach(function (record) { store.put(record); });
    });
    await new Promise(function (resolve, reject) {
      tx.oncomplete = resolve;
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
    var ended = performance.now();
    db.close();
    var count = records.reduce(function (n, list) { return n + list.length; }, 0);
    return { records: count, put_ms: ended - putStarted, total_ms: ended - started };
  };

  window.floorPut = async function (run) {
    var started = performance.now();
    var text = await document.getElementById("file").files[0].text();
    var lines = text.split(/\r?\n/);
    var header = lines[0].split(",");
    var col = function (name) { return header.indexOf(name); };
    var company = col("公司名称"), province = col("省份"), city = col("城市"), address = col("地址");
    var phone = col("电话"), email = col("邮箱"), contact = col("联系人"), contactPhone = col("联系人电话");
    var customers = [], contacts = [];
    for (var i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      var cells = lines[i].split(",");
      var id = i;
      customers.push({
        id: id, company: cells[company], country: "CN", province: cells[province], city: cells[city],
        address: cells[address], phone: cells[phone], email: cells[email], lifecycle: "potential",
        team: { lead: 0, members: [] }, created_at: "2026-12-01", modified_at: "2026-12-01",
      });
      if (cells[contact]) {
        contacts.push({ id: 1e9 + i, customer_id: id, name: cells[contact], phone: cells[contactPhone], primary: true });
      }
    }
    var db = await open("kehu-floor-import-" + run);
    var putStarted = performance.now();
    var tx = db.transaction(["customers", "contacts"], "readwrite");
    var customerStore = tx.objectStore("customers"), contactStore = tx.objectStore("contacts");
    customers.forEach(function (c) { customerStore.put(c); });
    contacts.forEach(function (c) { contactStore.put(c); });
    await new Promise(function (resolve, reject) {
      tx.oncomplete = resolve;
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
    var ended = performance.now();
    db.close();
    return { rows: customers.length, contacts: contacts.length, put_ms: ended - putStarted, total_ms: ended - started };
  };
})();
