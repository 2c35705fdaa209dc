// The arrivals page (templates/checkin/arrivals.html) fetches itself again every few seconds and puts the
// new figures in place, without reloading the page (no meta refresh: it would move the reader's focus and
// scroll, and screen readers would start over). The total is in an aria-live="polite" region: it is
// announced, when it changes, without interrupting; the tables are replaced silently.
(function () {
  "use strict";
  var live = document.getElementById("arrivals-live");
  if (!live || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 30;
  var busy = false;

  function refresh() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var total = fresh.getElementById("arrivals-total");
        var figures = fresh.getElementById("arrivals-figures");
        if (!total || !figures) { return; }  // e.g. the login page: keep what is shown
        var shownTotal = document.getElementById("arrivals-total");
        if (shownTotal.textContent !== total.textContent) {  // announce only a change
          shownTotal.replaceChildren.apply(shownTotal, Array.prototype.map.call(total.childNodes, function (node) {
            return document.importNode(node, true);
          }));
        }
        var shownFigures = document.getElementById("arrivals-figures");
        shownFigures.replaceWith(document.importNode(figures, true));
        live.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { /* offline or server busy: try again at the next tick */ })
      .then(function () { busy = false; });
  }

  setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
})();
