// Forms with a data-confirm attribute ask before submitting (no inline handler: the CSP forbids them).
// With data-confirm-when="field=value" they ask only when that field holds that value (e.g. an edit form
// whose status select is set to "cancelled").
// A submit button with its own data-confirm asks with its text (a form with several actions, one of them final).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var button = event.submitter;
  if (button && button.dataset && button.dataset.confirm) {
    if (!window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
    return;
  }
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
