// After htmx swaps in another week, move focus to its heading so keyboard and screen-reader
// users land on the new content instead of a link that no longer exists.
(function () {
  "use strict";
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.id === "week") {
      var heading = document.getElementById("week-heading");
      if (heading) { heading.focus(); }
    }
  });
})();
