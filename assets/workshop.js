/* Mode atelier: presentation clickers send ←/→ or PageUp/PageDown; Esc leaves the workshop.
   The step lives in the URL (?etape=N) so a prepared link opens on the right slide: a key press
   rewrites the URL the way dcc.Link does, and the page's dcc.Location redraws that step. */
(function () {
  "use strict";
  var NEXT = ["ArrowRight", "PageDown", "ArrowDown"];
  var PREVIOUS = ["ArrowLeft", "PageUp", "ArrowUp"];

  function navigate(url) {
    window.history.pushState({}, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
  }

  document.addEventListener("keydown", function (event) {
    // the slide on screen carries the validated step and the sequence length
    var slide = document.querySelector(".workshop-page .workshop-step[data-steps]");
    if (!slide || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var region = slide.getAttribute("data-region");
    if (event.key === "Escape") {
      event.preventDefault();
      navigate(region ? "/?region=" + encodeURIComponent(region) : "/");
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
