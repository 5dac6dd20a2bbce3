/* Wide tables of the Sources, Import and Compare pages and the charts' text alternatives read as cards on a phone (assets/phone.css,
   « .stack-table »): each cell is labelled with its column's name, taken from the table's header
   row. The home page's indicator table carries its labels from the server (layouts/components.py).
   Dash draws pages after load, so tables are labelled as they appear. */
(function () {
  "use strict";
  var TABLES = ".sources-page table, .import-help, .class-table, .text-alternative:not(.matrix-text)";
  var queued = false;

  function label(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length) return;
    var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    table.classList.add("stack-table");
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName === "TD" && names[i] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[i]);
        }
      });
    });
  }

  function labelAll() {
    queued = false;
    Array.prototype.forEach.call(document.querySelectorAll(TABLES), label);
  }

  new MutationObserver(function () {
    if (!queued) { queued = true; window.requestAnimationFrame(labelAll); }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
