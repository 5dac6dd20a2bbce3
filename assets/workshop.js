/* Mode atelier: presentation clickers send ←/→ or PageUp/PageDown; Esc leaves the workshop.
   The step lives in the URL (?etape=N) so a prepared link opens on the right slide: a key press
   rewrites the URL the way dcc.Link does, and the page's dcc.Location redraws that step.
   When the window changes size, the new size goes to the page's store (the charts are drawn for
   it: fonts and label placement, dashboard/workshop.py). */
(function () {
  "use strict";
  var NEXT = ["ArrowRight", "PageDown", "ArrowDown"];
  var PREVIOUS = ["ArrowLeft", "PageUp", "ArrowUp"];
  var resizing = null;

  function navigate(url) {
    window.history.pushState({}, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () {
      var slide = document.querySelector(".workshop-page .workshop-step[data-viewport]");
      var size = {w: window.innerWidth, h: window.innerHeight};
      if (!slide || slide.getAttribute("data-viewport") === size.w + "x" + size.h) return;
      if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props("workshop-viewport", {data: size});
      }
    }, 250);
  });

  document.addEventListener("keydown", function (event) {
    // the slide on screen carries the validated step and the sequence length
    var slide = document.querySelector(".workshop-page .workshop-step[data-steps]");
    if (!slide || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var region = slide.getAttribute("data-region");
    if (event.key === "Escape") {
      event.preventDefault();
      var profile = slide.getAttribute("data-profile");
      var back = region ? "/?region=" + encodeURIComponent(region) : "/";
      if (region && profile && profile !== "citoyens") back += "&profil=" + encodeURIComponent(profile);
      navigate(back);
      return;
    }
    var step = parseInt(slide.getAttribute("data-step"), 10);
    var total = parseInt(slide.getAttribute("data-steps"), 10);
    var wanted = NEXT.indexOf(event.key) >= 0 ? step + 1 : PREVIOUS.indexOf(event.key) >= 0 ? step - 1 : null;
    if (wanted === null || !region) return;
    event.preventDefault();  // PageDown would otherwise scroll the page
    if (wanted < 1 || wanted > total) return;
    var params = new URLSearchParams(window.location.search);
    params.set("region", region);
    params.set("etape", String(wanted));
    navigate("/atelier?" + params.toString().replace(/%2C/g, ","));
  });
})();
