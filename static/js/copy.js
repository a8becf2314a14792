// Copy and Share buttons beside a read-only address (templates/_copy_buttons.html): each
// is shown only where the browser can do it. Without them the address is text to select.
(function () {
  "use strict";

  function field(button, name) {
    return document.getElementById(button.getAttribute(name));
  }

  function say(button, name, text) {
    var status = document.querySelector('[data-copy-status="' + button.getAttribute(name) + '"]');
    if (status) {
      status.textContent = text;
    }
  }

  function copy(button) {
    var input = field(button, "data-copy");
    navigator.clipboard.writeText(input.value).then(
      function () { say(button, "data-copy", "Copied"); },
      function () {
        input.select();
        say(button, "data-copy", "Couldn't copy: the address is selected, copy it from there");
      }
    );
  }

  function share(button) {
    var input = field(button, "data-share");
    var data = { title: button.getAttribute("data-share-title") || document.title, url: input.value };
    navigator.share(data).catch(function (error) {
      if (error && error.name !== "AbortError") {  // closing the sheet is no failure
        input.select();
        say(button, "data-share", "Couldn't open the share sheet: the address is selected");
      }
    });
  }

  var canCopy = Boolean(navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext);
  var canShare = typeof navigator.share === "function";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (canCopy && field(button, "data-copy")) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    }
  });
  document.querySelectorAll("[data-share]").forEach(function (button) {
    if (canShare && field(button, "data-share")) {
      button.hidden = false;
      button.addEventListener("click", function () { share(button); });
    }
  });
})();
