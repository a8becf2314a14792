// Log form: stop a second click from sending the form twice while the first is on its way.
// The server's idempotency key is what really prevents duplicates; this only spares a wait.
(function () {
  "use strict";
  document.querySelectorAll("form[data-log-form]").forEach(function (form) {
    var button = form.querySelector('button[type="submit"]');
    if (!button) { return; }
    var label = button.textContent;
    form.addEventListener("submit", function () {
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
