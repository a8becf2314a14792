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
  // A row shows the box for its move's unit alone (time for a hold, reps for a rep move),
  // both until a move is chosen; the server renders the same and keeps only that unit.
  function showUnit(select) {
    var option = select.options[select.selectedIndex];
    var unit = !select.value ? "" : (option && option.dataset.unit) || "seconds";
    select.closest(".row-fields").querySelectorAll("[data-unit-field]").forEach(function (field) {
      field.hidden = unit !== "" && field.dataset.unitField !== unit && !field.classList.contains("has-error");
    });
  }

  // Choosing a routine while no row names a move yet fills in its moves at once (the
  // "Fill in its moves" button, which also works without JavaScript).
  function rowsAreBlank(form) {
    return Array.prototype.every.call(form.querySelectorAll(".row-exercise select"), function (select) {
      return !select.value;
    });
  }

  document.querySelectorAll("form[data-log-form]").forEach(function (form) {
    var fill = form.querySelector("[data-fill-routine]");
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.closest && target.closest(".row-exercise")) { showUnit(target); }
      if (fill && target.name === "enrolment" && target.value && rowsAreBlank(form)) {
        form.requestSubmit(fill);
      }
    });
  });

  document.querySelectorAll("form[data-log-form]").forEach(function (form) {
    var button = form.querySelector("button[data-save]");
    if (!button) { return; }
    var label = button.textContent;
    form.addEventListener("submit", function (event) {
      if (event.submitter && (event.submitter.name === "add_row" || event.submitter.name === "fill_routine")) { return; }
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
