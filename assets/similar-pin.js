// « Épingler » beside a region of similar profile: add it to ?panier= of the current address and
// let dcc.Location hear it (the home page's URL callback then updates the basket, as Back/Forward
// would). Domain, indicator, profile and the rest of the address are kept.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.pin-similar");
  if (!link || window.location.pathname !== "/") { return; }
  event.preventDefault();
  var params = new URLSearchParams(window.location.search);
  var basket = (params.get("panier") || "").split(",").filter(Boolean);
  var code = link.getAttribute("data-region");
  if (basket.indexOf(code) === -1) { basket.push(code); }
  params.set("panier", basket.join(","));
  window.history.pushState({}, "", "/?" + params.toString());
  window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
});
