// The caution before a session: shown when the chosen pain score before is one the server
// flagged (data-flags, one character per score 0-10, from routines.pain.BeforeRule), hidden
// otherwise. Without this script the caution stays visible, worded for any day.
(function () {
  "use strict";
  document.querySelectorAll("[data-before-caution]").forEach(function (box) {
    var flags = box.dataset.flags || "";
    var name = box.dataset.watch;
    function update() {
      var picked = document.querySelector('input[name="' + name + '"]:checked');
      var value = picked && picked.value !== "" ? Number(picked.value) : null;
      box.hidden = value === null || flags.charAt(value) !== "1";
    }
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
      input.addEventListener("change", update);
    });
    update();
  });
})();
