// The region summary's domain links jump to a domain panel (a <details>): open it on arrival, so
// the élu lands on the indicators and not on a closed line.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.summary-domain-link");
  if (!link) { return; }
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (target && target.tagName === "DETAILS") { target.open = true; }
});
