// The editor works without this file (and without htmx); it only adds comfort: text areas that grow with their
// text, Ctrl+Enter to save and move on, the cursor placed in the passage the page was opened on, and, with htmx,
// saves in place (issue 26): the saved row is replaced by its new state and the cursor goes to the passage the
// server names (data-focus), with no page load. A row that htmx brings in (a save, the next window of passages) is
// set up like the rows of the page; the other desk scripts listen for "desk:rows" to do the same.
(function () {
  "use strict";

  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  function saveAndGoOn(form) {
    var next = form.querySelector("button.save-next");
    // A click, not requestSubmit: htmx reads the pressed button (its intent and formaction) from the click.
    if (next) { next.click(); }
  }

  function setUp(root) {
    root.querySelectorAll("textarea.grow").forEach(function (area) {
      if (area.dataset.grows) { return; }
      area.dataset.grows = "on";
      grow(area);
      area.addEventListener("input", function () { grow(area); });
    });
    root.querySelectorAll(".row-target textarea").forEach(function (area) {
      if (area.dataset.keys) { return; }
      area.dataset.keys = "on";
      area.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          saveAndGoOn(area.form);
        }
      });
    });
  }

  window.WorkbenchDesk = Object.assign(window.WorkbenchDesk || {}, {saveAndGoOn: saveAndGoOn});

  // The cursor at the end of a row's translation (tags.js's editor takes it instead when the row has one).
  function focusRow(row) {
    var area = row && row.querySelector(".row-target textarea");
    if (!area) { return false; }
    var tags = window.WorkbenchDesk.tags;
    if (!(tags && tags.focus(area))) {
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
    }
    row.scrollIntoView({block: "nearest"});
    return true;
  }

  function focusFromHash() {
    if (!location.hash) { return; }
    focusRow(document.getElementById(location.hash.slice(1)));
  }

  setUp(document);

  // Rows htmx brought in. A saved row says where the cursor goes on: to itself, or to the next passage needing
  // work; when that one is not on the page (beyond the windows loaded), the editor opens there.
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail.elt;
    if (!element.matches || !(element.matches(".editor-row") || element.querySelector(".editor-row"))) { return; }
    setUp(element);
    var focus = element.dataset.focus;  // only on a row answering a save
    document.dispatchEvent(new CustomEvent("desk:rows", {detail: {root: element, saved: Boolean(focus)}}));
    if (focus) {
      if (!focusRow(document.getElementById("p-" + focus)) && element.dataset.focusUrl) {
        location.assign(element.dataset.focusUrl);
      }
    }
  });

  // The suggestion panel may sit inside the row being replaced: it is put back under the list first, so it is not
  // swapped away with the row. (A session that ended sends the whole page to the login page: access.requires.)
  document.addEventListener("htmx:beforeSwap", function (event) {
    var panel = document.getElementById("suggestion-panel");
    var target = event.detail.target;
    if (panel && target && target.contains(panel)) {
      panel.hidden = true;
      document.querySelector(".editor").after(panel);
    }
  });

  // A save that got no usable answer (refused by the server for a reason the row cannot show, a server error, no
  // network) must not look done: the status line says so and the row keeps what was typed, to be saved again.
  function failed(event) {
    var status = document.getElementById("editor-status");
    var row = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest(".editor-row");
    if (status) {
      var item = document.createElement("li");
      item.className = "message error";
      item.textContent = status.dataset.failed;
      var list = document.createElement("ul");
      list.className = "messages";
      list.appendChild(item);
      status.replaceChildren(list);
    }
    if (row) { row.classList.add("has-error"); }
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);

  focusFromHash();
  window.addEventListener("hashchange", focusFromHash);
  // Opened from another page at a passage: once the page has loaded (the browser's own scroll to the fragment can
  // take the focus back to the document), the cursor goes there unless the translator is already typing.
  window.addEventListener("load", function () {
    if (document.activeElement === document.body) { focusFromHash(); }
  });
})();
