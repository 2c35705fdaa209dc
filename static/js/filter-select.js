// Search as you type in a long list: an <input data-filters="ID"> hides what does not contain every
// typed word (accents and case ignored). ID names either a <select> (its options are filtered and
// the first match is selected) or a list of checkboxes (its <li> are filtered; ticked ones stay
// visible, nothing is ticked for the person). Without JavaScript the full list stays usable.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function matches(text, words) {
    var folded = fold(text);
    return words.every(function (word) { return folded.indexOf(word) !== -1; });
  }
  document.querySelectorAll("input[data-filters]").forEach(function (input) {
    var target = document.getElementById(input.getAttribute("data-filters"));
    if (!target) { return; }
    input.hidden = false;
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) { label.hidden = false; }
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      if (target.tagName !== "SELECT") {
        target.querySelectorAll("li").forEach(function (item) {
          var box = item.querySelector("input");
          item.hidden = !(box && box.checked) && !matches(item.textContent, words);
        });
        return;
      }
      var first = null;
      Array.prototype.forEach.call(target.options, function (option) {
        var shown = option.value === "0" || matches(option.text, words);
        option.hidden = !shown;
        if (shown && option.value !== "0" && first === null) { first = option; }
      });
      if (first && words.length) { first.selected = true; }
    });
  });
})();
