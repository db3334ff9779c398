// The checks beside each editor row, as the translator types (issue 23). Without this file the failures of the
// saved text still show after every save; with it, the typed text is checked (nothing is written) a moment after
// typing stops, and the row's failures are replaced without reloading the page (rows saved in place too).
(function () {
  "use strict";

  var WAIT_MS = 400;

  function setUp(box) {
    if (box.dataset.live) { return; }
    var row = box.closest(".editor-row");
    var area = row && row.querySelector(".row-target textarea");
    var token = row && row.querySelector(".row-target input[name=csrfmiddlewaretoken]");
    if (!area || !token) { return; }
    var timer = null;
    var asked = 0;

    function ask() {
      var mine = ++asked;
      var body = new URLSearchParams({ text: area.value });
      fetch(box.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, "Content-Type": "application/x-www-form-urlencoded" },
        body: body,
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html === null || mine !== asked) { return; }  // an older answer arriving late is dropped
        var parsed = new DOMParser().parseFromString(html, "text/html").querySelector(".row-checks");
        box.innerHTML = parsed ? parsed.innerHTML : "";
        box.classList.add("is-preview");
      }).catch(function () { /* the saved text's failures stay shown */ });
    }

    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, WAIT_MS);
    });
    box.dataset.live = "on";  // checked as you type from now on (what a test waits for)
  }

  document.querySelectorAll(".row-checks[data-preview-url]").forEach(setUp);
  // Rows htmx brings in (a saved row, the next window of passages: editor.js tells).
  document.addEventListener("desk:rows", function (event) {
    event.detail.root.querySelectorAll(".row-checks[data-preview-url]").forEach(setUp);
  });
})();
