// Search as you type in a long <select>: an <input data-filters="SELECT_ID"> hides the options
// whose text does not contain every typed word (accents and case ignored) and selects the first
// match. Without JavaScript the full list stays usable.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("input[data-filters]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filters"));
    if (!select) { return; }
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = fold(option.text);
        var shown = option.value === "0" || words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !shown;
        if (shown && option.value !== "0" && first === null) { first = option; }
      });
      if (first && words.length) { first.selected = true; }
    });
  });
})();
