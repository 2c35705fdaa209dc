// A refused form (templates/_forms.html): focus goes to the summary of what to correct, at the top of the
// page, so that a screen reader reads it first; each of its links moves focus to the field it names.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") || field;
    label.scrollIntoView();
    field.focus({preventScroll: true});
  });
});
