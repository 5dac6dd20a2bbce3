/* Home page pickers (region, domain, indicator, profile): moving through a closed list with the
   keyboard applies the choice once, not at every option passed. A closed native <select> fires
   « change » at each arrow or typed letter, and each change redraws the map and the region view
   (13 regions passed = 13 redraws). Here such a change is held back from Dash and applied on
   Enter, when the list loses focus (Tab, click elsewhere), or once the keys rest for HOLD_MS;
   Escape puts back the choice on screen before. A mouse or touch choice applies at once. */
(function () {
  "use strict";
  var PICKERS = ".home-page .controls select";
  var HOLD_MS = 1200;
  var PASS = ["Enter", "Escape", "Tab", "Shift", "Control", "Alt", "Meta"];
  var keyed = null;   // the select a navigation key was pressed on, during that key's own task
  var held = null;    // {select, before, timer}: a keyboard choice not yet handed to Dash

  function picker(target) {
    return target && target.matches && target.matches(PICKERS) ? target : null;
  }

  function apply() {
    if (!held) return;
    var select = held.select, wanted = held.value, changed = wanted !== undefined && wanted !== held.before;
    window.clearTimeout(held.timer);
    held = null;
    if (!changed) return;  // arrowed away and back: nothing to redraw
    // a redraw of the page meanwhile (a late answer) puts the list back on Dash's value
    if (select.value !== wanted) select.value = wanted;
    // an untrusted event: let through below; React's onChange (dbc.Select) sends the value
    select.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function revert() {
    if (!held) return;
    window.clearTimeout(held.timer);
    held.select.value = held.before;
    held = null;
  }

  document.addEventListener("keydown", function (event) {
    var select = picker(event.target);
    if (!select) return;
    if (event.key === "Enter") { apply(); return; }
    if (event.key === "Escape" && held && held.select === select) { revert(); return; }
    if (PASS.indexOf(event.key) >= 0 || event.ctrlKey || event.metaKey) return;
    if (held && held.select !== select) apply();
    if (!held) held = {select: select, before: select.value, timer: null};
    keyed = select;
    window.setTimeout(function () { keyed = null; }, 0);  // the change follows in the same task
  }, true);

  function hold(event) {
    var select = picker(event.target);
    if (!select || !event.isTrusted || keyed !== select || !held || held.select !== select) return;
    event.stopImmediatePropagation();  // window capture runs before React's listeners
    held.value = select.value;
    window.clearTimeout(held.timer);
    held.timer = window.setTimeout(apply, HOLD_MS);
  }
  window.addEventListener("input", hold, true);
  window.addEventListener("change", hold, true);

  document.addEventListener("focusout", function (event) {
    if (held && event.target === held.select) apply();
  }, true);
})();
