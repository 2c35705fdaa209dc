// The programme's filters (a GET form that works without JavaScript): with JavaScript, changing a
// filter fetches the filtered page and swaps in its results at once, keeps the address in step
// (so it can be shared or reloaded) and announces the count to screen readers.
(function () {
  "use strict";
  var form = document.getElementById("programme-filters");
  if (!form) { return; }
  var targetId = form.getAttribute("data-results");
  var latest = 0;
  function refresh() {
    var request = ++latest;
    var url = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
    new FormData(form).forEach(function (value, key) { if (value) { url.searchParams.set(key, value); } });
    form.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "programme-filter" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (request !== latest) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var results = fresh.getElementById(targetId);
        var current = document.getElementById(targetId);
        if (results && current) { current.replaceWith(results); }
        var count = fresh.getElementById("programme-count");
        var status = document.getElementById("programme-count");
        if (count && status) { status.textContent = count.textContent; }
        window.history.replaceState(null, "", url.pathname + url.search);
      })
      .finally(function () { if (request === latest) { form.removeAttribute("aria-busy"); } });
  }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", refresh);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
  });
})();
