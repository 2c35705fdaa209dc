// The organisers' badge run with its progress: instead of following the link to badges.pdf
// (which works without JavaScript), read the link's data-stream URL. The server draws the run
// in that one request and streams lines "progress <done> <total>", "skipped <id>", then
// "pdf <length>" followed by the PDF's bytes; this shows "200 / 600" and saves the PDF.
(function () {
  "use strict";
  var link = document.getElementById("badge-run");
  var status = document.getElementById("badge-run-progress");
  if (!link || !status || !window.fetch || !window.ReadableStream) { return; }
  var bar = status.querySelector("progress");
  var text = status.querySelector("span");

  function show(template, done, total) {
    text.textContent = template.replace("{done}", done).replace("{total}", total);
    bar.max = Math.max(total, 1);
    bar.value = done;
  }

  function concat(chunks) {
    var length = chunks.reduce(function (sum, chunk) { return sum + chunk.length; }, 0);
    var all = new Uint8Array(length);
    var offset = 0;
    chunks.forEach(function (chunk) { all.set(chunk, offset); offset += chunk.length; });
    return all;
  }

  function save(bytes) {
    var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.download = link.getAttribute("data-filename") || "badges.pdf";
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function run() {
    var buffer = new Uint8Array(0);
    var pdfLength = null;
    var total = 0;
    var decoder = new TextDecoder();
    status.hidden = false;
    link.setAttribute("aria-disabled", "true");
    return fetch(link.getAttribute("data-stream"), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || !response.body) { throw new Error("HTTP " + response.status); }
      var reader = response.body.getReader();
      function pump() {
        return reader.read().then(function (step) {
          if (step.value) { buffer = concat([buffer, step.value]); }
          while (pdfLength === null) {
            var newline = buffer.indexOf(10);
            if (newline < 0) { break; }
            var line = decoder.decode(buffer.subarray(0, newline)).split(" ");
            buffer = buffer.subarray(newline + 1);
            if (line[0] === "progress") {
              total = Number(line[2]);
              show(link.getAttribute("data-progress-label"), Number(line[1]), total);
            } else if (line[0] === "pdf") {
              pdfLength = Number(line[1]);
            }
          }
          if (pdfLength !== null && buffer.length >= pdfLength) {
            save(buffer.subarray(0, pdfLength));
            show(link.getAttribute("data-done-label"), total, total);
            return;
          }
          if (step.done) { throw new Error("incomplete stream"); }
          return pump();
        });
      }
      return pump();
    }).catch(function () {
      text.textContent = link.getAttribute("data-error-label");
    }).then(function () {
      link.removeAttribute("aria-disabled");
    });
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    if (link.getAttribute("aria-disabled") !== "true") { run(); }
  });
})();
