// Forms with a data-confirm attribute ask before submitting (no inline handler: the CSP forbids them).
// With data-confirm-when="field=value" they ask only when that field holds that value (e.g. an edit form
// whose status select is set to "cancelled").
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
    return;
  }
  var when = form.dataset.confirmWhen;
  if (when) {
    var at = when.indexOf("=");
    var field = form.elements.namedItem(when.slice(0, at));
    if (!field || field.value !== when.slice(at + 1)) {
      return;
    }
  }
  if (!window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
