// Time-zone fields. A hidden one (sign-up) takes the browser's zone. A select gets the
// browser's zone when still on UTC, a "your device is on …" suggestion when it differs, and a
// filter box over its long list grouped by region. Without JavaScript the select works alone.
(function () {
  "use strict";
  var device = "";
  try { device = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { device = ""; }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[_/]/g, " ")
      .replace(/\s+/g, " ").toLowerCase().trim();
  }

  function optionFor(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) { return select.options[i]; }
    }
    return null;
  }

  function placeName(option) {
    var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
    return group ? option.text + " (" + group + ")" : option.text;
  }

  function addFilter(select) {
    // Every option and group as first rendered; each search rebuilds the list from them.
    var original = Array.prototype.map.call(select.children, function (node) {
      return node.cloneNode(true);
    });
    var box = document.createElement("div");
    box.className = "zone-filter";
    var id = select.id + "-filter";
    box.innerHTML = '<label for="' + id + '">Find a place in the list</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" spellcheck="false" ' +
      'placeholder="A city or region, e.g. Paris">' +
      '<p class="muted small" aria-live="polite"></p>';
    select.parentNode.insertBefore(box, select);
    var input = box.querySelector("input");
    var status = box.querySelector("p");
    input.setAttribute("aria-controls", select.id);

    var only = "";

    function filter() {
      var query = fold(input.value);
      var chosen = select.value;
      var found = [];
      var rows = 0;
      // The chosen option stays in the list, so a search never changes the choice by itself.
      function keep(option, group) {
        var hit = query && fold(option.value + " " + option.text + " " + group).indexOf(query) !== -1;
        if (hit) { found.push(option.value); }
        return !query || hit || option.value === chosen;
      }
      select.replaceChildren();
      original.forEach(function (node) {
        if (node.tagName === "OPTION") {
          if (keep(node, "")) { select.appendChild(node.cloneNode(true)); rows += 1; }
          return;
        }
        var group = node.cloneNode(false);
        Array.prototype.forEach.call(node.children, function (option) {
          if (keep(option, node.label)) { group.appendChild(option.cloneNode(true)); }
        });
        if (group.children.length) {
          select.appendChild(group);
          rows += group.children.length + 1;
        }
      });
      select.value = chosen;
      only = found.length === 1 ? found[0] : "";
      if (query) {
        select.size = Math.max(2, Math.min(8, rows));
        status.textContent = found.length ? found.length +
          (found.length === 1 ? " place matches." : " places match.") + " Choose one in the list."
          : "No place matches \u201c" + input.value.trim() + "\u201d.";
      } else {
        select.removeAttribute("size");
        status.textContent = "";
      }
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      // Enter or Down moves to the list rather than sending the form half-chosen; Enter on
      // a single match chooses it.
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        if (event.key === "Enter" && only) { select.value = only; }
        select.focus();
      }
    });
    return function clear() { input.value = ""; filter(); };
  }

  function addSuggestion(select, option, clearFilter) {
    var note = document.createElement("p");
    note.className = "zone-suggestion";
    note.innerHTML = '<span>Your device is set to <strong></strong>.</span> ' +
      '<button type="button" class="secondary small">Use it</button>';
    note.querySelector("strong").textContent = placeName(option);
    select.parentNode.insertBefore(note, select.nextSibling);
    note.querySelector("button").addEventListener("click", function () {
      clearFilter();
      select.value = device;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      note.textContent = placeName(optionFor(select, device)) + " is chosen: save to keep it.";
      note.setAttribute("role", "status");
      select.focus();
    });
  }

  document.querySelectorAll('[name="time_zone"]').forEach(function (field) {
    if (field.type === "hidden") {
      if (!field.value && device) { field.value = device; }
      return;
    }
    if (field.tagName !== "SELECT") { return; }
    var known = device ? optionFor(field, device) : null;
    if (known && field.value === "UTC" && field.dataset.userSet !== "true") { field.value = device; }
    var clearFilter = addFilter(field);
    if (known && field.value !== device) { addSuggestion(field, known, clearFilter); }
  });
})();
