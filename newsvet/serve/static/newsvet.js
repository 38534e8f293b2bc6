// Progressive help only: every page works without it. A click (or Enter) on highlighted
// words opens that claim in the side panel, as the small label after each claim does.
(function () {
  "use strict";
  function select(id) {
    if (!id) return;
    if (location.hash !== "#claim-" + id) location.hash = "claim-" + id;
    var panel = document.getElementById("claim-" + id);
    if (panel) panel.focus({ preventScroll: false });
  }
  function mark() {
    document.querySelectorAll("mark.claim.selected").forEach(function (m) { m.classList.remove("selected"); });
    var id = location.hash.replace(/^#claim-/, "");
    if (!id || id === location.hash) return;
    document.querySelectorAll('mark.claim[data-claim="' + CSS.escape(id) + '"]').forEach(function (m) { m.classList.add("selected"); });
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("mark.claim");
    if (target) select(target.getAttribute("data-claim"));
  });
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
