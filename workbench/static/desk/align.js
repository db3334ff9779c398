// Keyboard shortcuts for the alignment review. Every action is an ordinary form button; this only presses them.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".align-row"));
  if (!rows.length) { return; }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".align-row") : null;
  }
  function focusRow(index) {
    var row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    row.focus();
    row.scrollIntoView({ block: "center" });
  }
  function press(selector, scope) {
    var button = (scope || document).querySelector(selector);
    if (button && !button.disabled) { button.click(); }
  }

  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.classList.contains("align-row")) { target.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input" || tag === "select") { return; }
    var row = current();
    var index = row ? rows.indexOf(row) : -1;
    switch (event.key) {
      case "j": focusRow(index + 1); break;
      case "k": focusRow(index - 1); break;
      case "c": if (row) { press("[data-key=c]", row); } break;
      case "m": if (row) { press("[data-key=m]", row); } break;
      case "u": press("#undo"); break;
      case "r": press("#redo"); break;
      case "n": press("a[data-key=n]"); break;
      case "l": press("a[data-key=l]"); break;
      default: return;
    }
    event.preventDefault();
  });
})();
