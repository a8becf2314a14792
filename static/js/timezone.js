// Fill a time-zone field from the browser's own zone when the person hasn't chosen one.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll('[name="time_zone"]').forEach(function (field) {
    if (field.type === "hidden" && !field.value) {
      field.value = zone;
    } else if (field.tagName === "SELECT" && field.value === "UTC" && field.dataset.userSet !== "true") {
      if (field.querySelector('option[value="' + zone + '"]')) { field.value = zone; }
    }
  });
})();
