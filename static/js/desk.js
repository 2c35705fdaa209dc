// The reception desk: a keyboard-wedge scanner types the badge code into an always-focused
// input and presses Enter; the camera (BarcodeDetector, else the vendored jsQR) does the same.
// Every scan goes to the check-in API with a fresh nonce; the verdict fills the screen, with a
// sound. Scans that cannot reach the server are kept (localStorage) and sent later with their
// scanned_at. Configuration comes from the data-attributes of #desk; no inline script.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) { return; }
  var labels = JSON.parse(root.getAttribute("data-labels"));
  var categories = JSON.parse(root.getAttribute("data-categories"));
  var countries = JSON.parse(root.getAttribute("data-countries"));
  var csrfToken = root.getAttribute("data-csrf-token");
  var queueKey = root.getAttribute("data-queue-key");
  var codePrefix = root.getAttribute("data-code-prefix") || "RC1.";
  var scanInput = document.getElementById("scan-input");
  var deskInput = document.getElementById("desk-name");
  var verdict = document.getElementById("verdict");
  var undoButton = document.getElementById("undo-button");
  var searchInput = document.getElementById("search-input");
  var searchResults = document.getElementById("search-results");
  var queueStatus = document.getElementById("queue-status");
  var DESK_KEY = "rencontres-desk";
  var lastNonce = null;
  var overrideButton = document.getElementById("override-button");  // organisers only
  var refused = null;  // the last request answered not_event_day: {url, body}, for an organiser's override
  var audio = null;

  // --- helpers -------------------------------------------------------------
  function nonce() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return values[key] == null ? "" : values[key]; });
  }
  function wallClock(iso) { return iso ? iso.slice(11, 16) : ""; }  // ISO with the event's offset: its wall clock
  function text(id, value) { document.getElementById(id).textContent = value || ""; }
  function desk() { return deskInput.value.trim(); }
  // A badge code (what a scanner types), wherever it was typed: it is scanned, never searched as a name.
  function looksLikeCode(value) { return value.trim().toUpperCase().indexOf(codePrefix) === 0; }

  // A verdict (or undo's answer) has a word for its status; anything else is an error. Errors the server says
  // may be retried (429, 503: nothing was recorded), a gateway's 5xx, and no network at all keep the scan.
  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (typeof data.status === "string") { return data; }
        var error = new Error(data.message || data.error || labels.error);
        error.retryable = data.retryable === true || response.status >= 500 || response.status === 429;
        throw error;
      });
    });
  }
  function keepForLater(error) { return error instanceof TypeError || error.retryable === true; }

  // --- sound (WebAudio, no file) ----------------------------------------------
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var notes = kind === "ok" ? [880] : kind === "amber" ? [660, 660] : [220, 180];
      notes.forEach(function (frequency, i) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        var start = audio.currentTime + i * 0.18;
        oscillator.frequency.value = frequency;
        oscillator.type = kind === "red" ? "square" : "sine";
        gain.gain.setValueAtTime(0.2, start);
        gain.gain.exponentialRampToValueAtTime(0.001, start + 0.15);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.16);
      });
    } catch (error) { /* no sound on this device */ }
  }

  // --- the verdict -------------------------------------------------------------
  function colour(status) {
    return status === "ok" ? "ok" : status === "already_checked_in" ? "amber" : "red";
  }

  function show(data) {
    var kind = colour(data.status);
    verdict.className = "verdict verdict-" + kind;
    verdict.setAttribute("data-status", data.status);
    text("verdict-word", labels[data.status] || data.status);
    var registration = data.registration;
    text("verdict-name", registration ? registration.name : "");
    text("verdict-latin", registration && registration.name_latin !== registration.name ? registration.name_latin : "");
    text("verdict-details", registration ? [registration.delegation, categories[registration.category] ||
      registration.category, countries[registration.country] || registration.country].filter(Boolean).join(" · ") : "");
    text("verdict-when", data.checked_in_at && data.status === "already_checked_in"
      ? fill(labels.at_desk, { time: wallClock(data.checked_in_at), desk: data.desk }) : "");
    var list = document.getElementById("verdict-attention");
    list.textContent = "";
    ((registration && registration.attention) || []).forEach(function (item) {
      var entry = document.createElement("li");
      entry.className = "attention-" + item.kind;
      entry.textContent = item.kind === "vip" ? labels.vip : fill(labels[item.kind] || "{text}", { text: item.text });
      list.appendChild(entry);
    });
    beep(kind);
  }

  function showMessage(word, kind) {
    verdict.className = "verdict verdict-" + kind;
    verdict.setAttribute("data-status", kind);
    text("verdict-word", word);
    ["verdict-name", "verdict-latin", "verdict-details", "verdict-when"].forEach(function (id) { text(id, ""); });
    document.getElementById("verdict-attention").textContent = "";
  }

  function answered(body, data, url) {
    show(data);
    refused = data.status === "not_event_day" ? { url: url, body: body } : null;
    if (overrideButton) { overrideButton.hidden = refused === null; }
    if (data.status === "ok") {
      lastNonce = body.nonce;
      undoButton.disabled = false;
    }
  }

  // --- scanning ------------------------------------------------------------------
  function scan(code) {
    code = (code || "").trim();
    if (!code) { return; }
    if (!desk()) {
      showMessage(labels.choose_desk, "red");
      deskInput.focus();
      return;
    }
    var body = { code: code, desk: desk(), nonce: nonce() };
    var url = root.getAttribute("data-scan-url");
    post(url, body).then(function (data) { answered(body, data, url); }, function (error) {
      if (keepForLater(error)) {  // no network, or the server cannot record now: keep it, with its scan time
        body.scanned_at = new Date().toISOString();
        enqueue(body);
        showMessage(labels.offline, "amber");
      } else {
        showMessage(error.message, "red");
      }
    });
  }

  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = scanInput.value;
    scanInput.value = "";
    scan(code);
  });

  // The scanner input keeps the focus, except while the desk name or the search box is being typed in.
  function refocus() {
    var active = document.activeElement;
    if (active === deskInput || active === searchInput) { return; }
    scanInput.focus();
  }
  scanInput.addEventListener("blur", function () { setTimeout(refocus, 150); });
  document.addEventListener("click", function (event) {
    if (!event.target.closest("input, button, a, select, textarea")) { refocus(); }
  });

  // --- the desk's name, chosen once ------------------------------------------------
  try { deskInput.value = window.localStorage.getItem(DESK_KEY) || ""; } catch (error) { /* private mode */ }
  deskInput.addEventListener("change", function () {
    try { window.localStorage.setItem(DESK_KEY, desk()); } catch (error) { /* private mode */ }
  });
  document.getElementById("desk-form").addEventListener("submit", function (event) {
    event.preventDefault();
    deskInput.dispatchEvent(new Event("change"));
    scanInput.focus();
  });

  // --- undo ------------------------------------------------------------------------
  undoButton.addEventListener("click", function () {
    if (!lastNonce) { return; }
    var undone = lastNonce;
    post(root.getAttribute("data-undo-url"), { nonce: undone, desk: desk() }).then(function (data) {
      showMessage(labels[data.status] + (data.registration ? " · " + data.registration.name : ""), "idle");
      lastNonce = null;
      undoButton.disabled = true;
    }, function (error) { showMessage(error.message, "red"); }).then(function () { scanInput.focus(); });
  });

  // --- an organiser's explicit override of the event's days (audited by the server) -------------------
  if (overrideButton) {
    overrideButton.addEventListener("click", function () {
      if (!refused) { return; }
      var body = Object.assign({}, refused.body, { nonce: nonce(), override_event_days: true });
      var url = refused.url;
      post(url, body).then(function (data) { answered(body, data, url); },
        function (error) { showMessage(error.message, "red"); }).then(function () { scanInput.focus(); });
    });
  }

  // --- offline queue ---------------------------------------------------------------
  function queued() {
    try { return JSON.parse(window.localStorage.getItem(queueKey) || "[]"); } catch (error) { return []; }
  }
  function saveQueue(items) {
    try { window.localStorage.setItem(queueKey, JSON.stringify(items)); } catch (error) { /* private mode */ }
    queueStatus.textContent = items.length ? fill(labels.queued, { count: items.length }) : "";
  }
  function enqueue(body) { saveQueue(queued().concat([body])); }
  function flush() {
    var items = queued();
    if (!items.length) { return; }
    var body = items[0];
    post(root.getAttribute("data-scan-url"), body).then(function () {
      saveQueue(queued().filter(function (item) { return item.nonce !== body.nonce; }));
      flush();
    }, function (error) {
      if (!keepForLater(error)) {  // refused for good (e.g. bad desk): drop it rather than retry forever
        saveQueue(queued().filter(function (item) { return item.nonce !== body.nonce; }));
      }
    });
  }
  saveQueue(queued());
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  flush();

  // --- search by name (forgotten badge) ------------------------------------------------
  var searchTimer = null;
  var latestSearch = 0;
  function arrival(result) {
    var tag = document.createElement("span");
    tag.className = "arrival " + (result.checked_in_at ? "arrival-yes" : "arrival-no");
    tag.textContent = result.checked_in_at
      ? fill(labels.arrived, { time: wallClock(result.checked_in_at), desk: result.checked_in_desk })
      : labels.not_arrived;
    return tag;
  }
  function renderResults(results) {
    searchResults.textContent = "";
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "empty";
      none.textContent = labels.no_results;
      searchResults.appendChild(none);
    }
    results.forEach(function (result) {
      var item = document.createElement("li");
      item.setAttribute("data-registration", result.id);
      item.setAttribute("data-arrived", result.checked_in_at ? "yes" : "no");
      var name = document.createElement("span");
      name.className = "result-name";
      name.setAttribute("dir", "auto");
      name.textContent = result.name + (result.name_latin !== result.name ? " (" + result.name_latin + ")" : "");
      var details = document.createElement("span");
      details.className = "hint";
      details.textContent = " " + [result.delegation, categories[result.category], result.status_label]
        .filter(Boolean).join(" · ") + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = labels.check_in;
      button.addEventListener("click", function () { checkInByHand(result.id); });
      var badge = document.createElement("a");
      badge.href = result.badge_url;
      badge.target = "_blank";
      badge.rel = "noopener";
      badge.textContent = labels.print_badge;
      item.append(name, details, arrival(result), " ", button, " ", badge);
      searchResults.appendChild(item);
    });
  }
  function search() {
    var query = searchInput.value.trim();
    var request = ++latestSearch;
    if (query.length < 2 || looksLikeCode(query)) { searchResults.textContent = ""; return; }
    var url = new URL(root.getAttribute("data-search-url"), window.location.href);
    url.searchParams.set("q", query);
    fetch(url, { credentials: "same-origin" }).then(function (response) { return response.json(); })
      .then(function (data) { if (request === latestSearch) { renderResults(data.results); } });
  }
  searchInput.addEventListener("input", function () { clearTimeout(searchTimer); searchTimer = setTimeout(search, 200); });
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (looksLikeCode(searchInput.value)) {  // a scanner fired while the search box had the focus
      var code = searchInput.value;
      searchInput.value = "";
      searchResults.textContent = "";
      ++latestSearch;
      scan(code);
      scanInput.focus();
      return;
    }
    search();
  });

  function checkInByHand(registrationId) {
    if (!desk()) { showMessage(labels.choose_desk, "red"); deskInput.focus(); return; }
    var body = { registration_id: registrationId, desk: desk(), nonce: nonce() };
    var url = root.getAttribute("data-manual-url");
    post(url, body).then(function (data) {
      answered(body, data, url);
      search();
    }, function (error) { showMessage(error.message, "red"); }).then(function () { scanInput.focus(); });
  }

  // --- camera --------------------------------------------------------------------------
  var video = document.getElementById("camera-video");
  var canvas = document.getElementById("camera-canvas");
  var cameraButton = document.getElementById("camera-button");
  var detector = null;
  var lastCode = null;
  var lastCodeAt = 0;
  var SAME_CODE_PAUSE = 10000;  // a badge held in front of the camera is scanned once, not every frame

  function decoded(code) {
    var now = Date.now();
    if (code === lastCode && now - lastCodeAt < SAME_CODE_PAUSE) { return; }
    lastCode = code;
    lastCodeAt = now;
    scan(code);
  }

  function decodeFrame() {
    if (video.hidden || video.readyState < 2) { return Promise.resolve(); }
    if (detector) {
      return detector.detect(video).then(function (codes) { if (codes.length) { decoded(codes[0].rawValue); } });
    }
    if (!window.jsQR) { return Promise.resolve(); }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (found && found.data) { decoded(found.data); }
    return Promise.resolve();
  }

  function loop() {
    if (video.hidden) { return; }
    decodeFrame().catch(function () { /* a frame that cannot be read: try the next */ }).then(function () {
      setTimeout(loop, 120);
    });
  }

  function chooseDetector() {
    if (!("BarcodeDetector" in window)) { return Promise.resolve(null); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }, function () { return null; });
  }

  cameraButton.addEventListener("click", function () {
    if (!video.hidden) {
      if (video.srcObject) { video.srcObject.getTracks().forEach(function (track) { track.stop(); }); }
      video.hidden = true;
      root.removeAttribute("data-camera");
      scanInput.focus();
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      showMessage(labels.camera_unavailable, "red");
      return;
    }
    Promise.all([chooseDetector(), navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })])
      .then(function (ready) {
        detector = ready[0];
        root.setAttribute("data-camera", detector ? "barcode-detector" : "jsqr");
        video.srcObject = ready[1];
        video.hidden = false;
        return video.play();
      }).then(loop, function () { showMessage(labels.camera_unavailable, "red"); })
      .then(function () { scanInput.focus(); });
  });

  scanInput.focus();
})();
