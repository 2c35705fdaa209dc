// The organisers' certificate runs with their progress: instead of following a link (which works without
// JavaScript), read its data-stream URL. The server draws the run in that one request and streams lines
// "progress <done> <total>", then "file <length>" followed by the file's bytes (PDF or zip); this shows
// "200 / 509" and saves the file.
(function () {
  "use strict";
  var links = document.querySelectorAll("a.certificate-run");
  var status = document.getElementById("certificate-run-progress");
  if (!links.length || !status || !window.fetch || !window.ReadableStream) { return; }
  var bar = status.querySelector("progress");
  var text = status.querySelector("span");
  var busy = false;

  function show(template, done, total) {
    text.textContent = template.replace("{done}", done).replace("{total}", total);
    bar.max = Math.max(total, 1);
    bar.value = done;
  }

  function concat(a, b) {
    var all = new Uint8Array(a.length + b.length);
    all.set(a, 0);
    all.set(b, a.length);
    return all;
  }

  function save(link, bytes) {
    var url = URL.createObjectURL(new Blob([bytes], { type: link.getAttribute("data-type") }));
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = link.getAttribute("data-filename");
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function run(link) {
    var buffer = new Uint8Array(0);
    var length = null;
    var total = 0;
    var decoder = new TextDecoder();
    busy = true;
    status.hidden = false;
    return fetch(link.getAttribute("data-stream"), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || !response.body) { throw new Error("HTTP " + response.status); }
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
    }).catch(function () {
      text.textContent = status.getAttribute("data-error-label");
    }).then(function () { busy = false; });
  }

  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (!busy) { run(link); }
    });
  });
})();
