// The glossary terms of the passage being edited (issue 23). The editor works without this file: the terms are
// marked in the source and listed under it while its passage has the focus; this file adds the key and the buttons
// that insert a term's translation at the cursor (replacing a selection).
// Key, in the row's text area: Alt+Shift+1 … 9 inserts the first approved translation of the term with that number.
// Ctrl+Shift+digits belong to the suggestion panel, and Alt+digit alone switches tabs in some browsers.
// Inserting goes through the suggestion panel's own function (WorkbenchDesk.insert, suggestions.js), so both insert
// alike, into the text area or into the editor tags.js puts over it. Texts are read from data-text, as plain text.
(function () {
  "use strict";

  var desk = window.WorkbenchDesk;
  if (!desk || !desk.insert) { return; }

  // The buttons and key hints only work with this script, so the page keeps them hidden until now.
  function reveal(root) {
    root.querySelectorAll(".row-terms .term-insert, .row-terms kbd.js-only").forEach(function (element) {
      element.hidden = false;
    });
  }
  reveal(document);
  document.addEventListener("desk:rows", function (event) { reveal(event.detail.root); });

  function areaOf(row) { return row && row.querySelector(".row-target textarea"); }

  function insert(area, text) { desk.insert(area, text, false); }

  document.addEventListener("keydown", function (event) {
    var typing = event.target;
    if (!typing.matches || !typing.matches(".row-target textarea, .row-target .tag-editor")) { return; }
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) { return; }
    var digit = /^Digit([1-9])$/.exec(event.code || "");
    if (!digit) { return; }
    var row = typing.closest(".editor-row");
    var term = row && row.querySelector('.row-terms li.row-term[data-number="' + digit[1] + '"]');
    if (!term || !term.dataset.text) { return; }
    event.preventDefault();
    insert(areaOf(row), term.dataset.text);
  });

  // Pressing a button must not take the focus from the text area: the list shows only while its passage has the
  // focus, and the cursor is where the translation goes.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".row-terms button.term-insert")) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".row-terms button.term-insert");
    if (!button) { return; }
    var area = areaOf(button.closest(".editor-row"));
    if (area) { insert(area, button.dataset.text); }
  });
})();
