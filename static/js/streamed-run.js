// A large run (badges, certificates) with its progress, for every link a[data-stream] of the page.
// Without JavaScript the link's href downloads the file. With it, the link's data-stream URL is read
// instead: the server draws the run in that one request and streams lines "progress <done> <total>"
// (and lines this script ignores, such as "skipped <id>"), then "file <length>" followed by the file's
// bytes; this shows "200 / 600" and saves the file.
// The link says where: data-status (the id of the element showing the progress: a <progress> and a
// <span>), data-filename and data-type (default application/pdf). The status element gives the words:
// data-progress-label ("{done}", "{total}"), data-done-label ("{total}") and data-error-label.
// Links sharing one status element run one at a time.
(function () {
  "use strict";
  if (!window.fetch || !window.ReadableStream) { return; }

  function concat(a, b) {
    var all = new Uint8Array(a.length + b.length);
    all.set(a, 0);
    all.set(b, a.length);
    return all;
  }

  function save(link, bytes) {
    var type = link.getAttribute("data-type") || "application/pdf";
    var url = URL.createObjectURL(new Blob([bytes], { type: type }));
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = link.getAttribute("data-filename") || "";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function runner(status) {
    var bar = status.querySelector("progress");
    var text = status.querySelector("span");
    var busy = false;

    function show(template, done, total) {
      text.textContent = (template || "").replace("{done}", done).replace("{total}", total);
      bar.max = Math.max(total, 1);
      bar.value = done;
    }

    function read(response, link) {
      var buffer = new Uint8Array(0);
      var length = null;
      var total = 0;
      var decoder = new TextDecoder();
      var reader = response.body.getReader();
      function pump() {
        return reader.read().then(function (step) {
          if (step.value) { buffer = concat(buffer, step.value); }
          while (length === null) {
            var newline = buffer.indexOf(10);
            if (newline < 0) { break; }
            var line = decoder.decode(buffer.subarray(0, newline)).split(" ");
            buffer = buffer.subarray(newline + 1);
            if (line[0] === "progress") {
              total = Number(line[2]);
              show(status.getAttribute("data-progress-label"), Number(line[1]), total);
            } else if (line[0] === "file") {
              length = Number(line[1]);
            }
          }
          if (length !== null && buffer.length >= length) {
            save(link, buffer.subarray(0, length));
            show(status.getAttribute("data-done-label"), total, total);
            return;
          }
          if (step.done) { throw new Error("incomplete stream"); }
          return pump();
        });
      }
      return pump();
    }

    return function run(link, links) {
      if (busy) { return; }
      busy = true;
      status.hidden = false;
      links.forEach(function (item) { item.setAttribute("aria-disabled", "true"); });
      fetch(link.getAttribute("data-stream"), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok || !response.body) { throw new Error("HTTP " + response.status); }
        return read(response, link);
      }).catch(function () {
        text.textContent = status.getAttribute("data-error-label");
      }).then(function () {
        busy = false;
        links.forEach(function (item) { item.removeAttribute("aria-disabled"); });
      });
    };
  }

  var groups = {};
  Array.prototype.forEach.call(document.querySelectorAll("a[data-stream][data-status]"), function (link) {
    var id = link.getAttribute("data-status");
    var status = document.getElementById(id);
    if (!status || !status.querySelector("progress") || !status.querySelector("span")) { return; }
    if (!groups[id]) { groups[id] = { run: runner(status), links: [] }; }
    var group = groups[id];
    group.links.push(link);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      group.run(link, group.links);
    });
  });
})();
