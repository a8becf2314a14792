// The report's "Print or save as PDF" button: hidden without JavaScript, where the
// browser's own Print menu does the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
