// The campaign editor. Its preview: choosing another recipient shows the message as they will read it,
// without leaving the page (the form's "Show" button does the same without JavaScript).
(function () {
  "use strict";
  var form = document.getElementById("preview-recipient");
  var pane = document.getElementById("preview-pane");
  if (!form || !pane || !window.fetch) { return; }
  var select = form.querySelector("select");
  var base = form.getAttribute("data-preview-url");

  select.addEventListener("change", function () {
    var url = base + "?as=" + encodeURIComponent(select.value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var fragment = new DOMParser().parseFromString(html, "text/html").querySelector(".campaign-preview");
        if (fragment) { pane.replaceChildren(document.importNode(fragment, true)); }
        var hidden = document.querySelector("input[name=as][type=hidden]");
        if (hidden) { hidden.value = select.value; }
      })
      .catch(function () { form.submit(); });
  });
})();
