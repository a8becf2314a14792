// After htmx swaps in another week, move focus to its heading so keyboard and screen-reader
// users land on the new content instead of a button that no longer exists.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var heading = document.getElementById("week-heading");
    var source = event.detail.elt;
    if (heading && source && source.getAttribute("hx-target") === "#week") {
      heading.focus();
    }
  });
})();
