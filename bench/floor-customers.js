// The floor for the customers benchmark: plain JavaScript, no framework and no wasm, doing the
// least the customer pages must do on the same database. Search: lowercase substring match of
// every term over company, city, address and contact names, in collation order, rendering the
// first rows. Detail: one read-only transaction for the customer and its related records, then
// render its heading and one line per interaction and order.
(function () {
  "use strict";
  var ROWS = 20;
  var db, customers, haystacks, order;

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  window.floorReady = request(indexedDB.open(new URLSearchParams(location.search).get("db"))).then(function (opened) {
    db = opened;
    var tx = db.transaction(["customers", "contacts"], "readonly");
    return Promise.all([request(tx.objectStore("customers").getAll()), request(tx.objectStore("contacts").getAll())]);
  }).then(function (read) {
    customers = read[0];
    var byCustomer = new Map();
    read[1].forEach(function (contact) {
      var text = byCustomer.get(contact.customer_id) || "";
      byCustomer.set(contact.customer_id, text + " " + contact.name + " " + contact.email + " " + contact.phone);
    });
    haystacks = customers.map(function (c) {
      return (c.company + " " + c.city + " " + c.address + " " + c.phone + (byCustomer.get(c.id) || "")).toLowerCase();
    });
    var collator = new Intl.Collator("zh-CN");
    order = customers.map(function (_, i) { return i; });
    order.sort(function (a, b) { return collator.compare(customers[a].company, customers[b].company); });
    return customers.map(function (c) { return { id: c.id, company: c.company, phone: c.phone }; });
  });

  window.floorSearch = function (query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var matches = order.filter(function (i) {
      return terms.every(function (term) { return haystacks[i].indexOf(term) >= 0; });
    });
    var list = document.getElementById("rows");
    list.textContent = "";
    matches.slice(0, ROWS).forEach(function (i) {
      var row = document.createElement("li");
      row.textContent = customers[i].company + " · " + customers[i].city;
      list.appendChild(row);
    });
    return matches.length;
  };

  window.floorOpen = function (id) {
    var stores = ["customers", "contacts", "interactions", "orders", "machines", "opportunities"];
    var tx = db.transaction(stores, "readonly");
    var related = stores.slice(1).map(function (store) {
      return request(tx.objectStore(store).index("customer_id").getAll(id));
    });
    return Promise.all([request(tx.objectStore("customers").get(id))].concat(related)).then(function (read) {
      var detail = document.getElementById("detail");
      detail.textContent = "";
      var heading = document.createElement("h1");
      heading.textContent = read[0].company;
      detail.appendChild(heading);
      read[2].concat(read[3]).forEach(function (entry) {
        var line = document.createElement("p");
        line.textContent = (entry.date || entry.ordered || "") + " " + (entry.notes || entry.number || "");
        detail.appendChild(line);
      });
      return read[2].length + read[3].length;
    });
  };
})();
