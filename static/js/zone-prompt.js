// When this device's time zone differs from the profile's, offer the change once: one tap
// switches (a real form post), "Keep" hides the offer for that pair of zones for good.
(function () {
  "use strict";
  var form = document.querySelector("form.zone-prompt");
  if (!form) { return; }
  var device = "";
  try { device = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  var pair = device + " > " + form.dataset.zone;
  var key = "limber.zone-kept";
  if (!device || device === form.dataset.zone || device === "Etc/Unknown") { return; }
  try { if (localStorage.getItem(key) === pair) { return; } } catch (e) { /* private mode */ }
  form.elements.time_zone.value = device;
  form.querySelectorAll("[data-device-zone]").forEach(function (node) {
    node.textContent = device.replace(/_/g, " ");
  });
  form.querySelector("[data-keep]").addEventListener("click", function () {
    try { localStorage.setItem(key, pair); } catch (e) { /* then it asks again next page */ }
    form.hidden = true;
    document.getElementById("main").focus();
  });
  form.hidden = false;
})();
