// The editor works without this file; it only adds comfort: text areas that grow with their text, Ctrl+Enter to
// save and move on, and the cursor placed in the passage the page was opened on.
(function () {
  "use strict";

  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  document.querySelectorAll("textarea.grow").forEach(function (area) {
    grow(area);
    area.addEventListener("input", function () { grow(area); });
  });

  document.querySelectorAll(".row-target textarea").forEach(function (area) {
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var next = area.form.querySelector("button.save-next");
        if (next) { area.form.requestSubmit(next); }
      }
    });
  });

  function focusFromHash() {
    if (!location.hash) { return; }
    var row = document.getElementById(location.hash.slice(1));
    var area = row && row.querySelector(".row-target textarea");
    if (area) {
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
    }
  }
  focusFromHash();
  window.addEventListener("hashchange", focusFromHash);
})();
