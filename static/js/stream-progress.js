/* The progress of mails being sent (a campaign, a message to registrants): while some wait, the page is read
   again every 5 seconds and each live ".stream-progress[id]" is replaced by its fresh copy (without JavaScript,
   the page's "Refresh" link does the same). */
(function () {
  "use strict";
  if (!window.fetch || !document.querySelector(".stream-progress[data-live][id]")) { return; }
  var poll = function () {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var live = false;
        document.querySelectorAll(".stream-progress[id]").forEach(function (current) {
          var replacement = fresh.getElementById(current.id);
          if (!replacement) { return; }
          current.replaceWith(document.importNode(replacement, true));
          live = live || replacement.hasAttribute("data-live");
        });
        if (live) { setTimeout(poll, 5000); }
      })
      .catch(function () {});
  };
  setTimeout(poll, 5000);
})();
