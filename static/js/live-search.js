// Search as you type: an <input data-live-results="ID"> inside a GET form re-fetches the
// form's page with the typed query and swaps in the element #ID from the answer.
// Without JavaScript the form still works with its Search button.
(function () {
  "use strict";
  document.querySelectorAll("input[data-live-results]").forEach(function (input) {
    var form = input.form;
    var targetId = input.getAttribute("data-live-results");
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var request = ++latest;
        var url = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
        new FormData(form).forEach(function (value, key) { url.searchParams.set(key, value); });
        fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "live-search" } })
          .then(function (response) { return response.text(); })
          .then(function (html) {
            if (request !== latest) { return; }
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(targetId);
            var current = document.getElementById(targetId);
            if (fresh && current) { current.replaceWith(fresh); }
          });
      }, 200);
    });
  });
})();
