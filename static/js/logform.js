// Log form: move focus to the error summary, make its links land on their fields, and stop a
// second click from sending the form twice while the first is on its way.
// The server's idempotency key is what really prevents duplicates; this only spares a wait.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      // Show the field's label (or its group's legend) too, not only the field.
      var group = field.closest(".field, fieldset");
      (group || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }
  document.querySelectorAll("form[data-log-form]").forEach(function (form) {
    var button = form.querySelector("button[data-save]");
    if (!button) { return; }
    var label = button.textContent;
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.name === "add_row") { return; }
      window.setTimeout(function () {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        button.textContent = button.dataset.savingText || label;
      }, 0);
    });
    // Coming back with the browser's back button shows the page as it was left.
    window.addEventListener("pageshow", function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = label;
    });
  });
})();
