// The suggestion panel (issue 22). The editor works without this file: each row's "Suggestions" link opens the
// same suggestions as a page. With it, the panel follows the row being edited: its suggestions are fetched when a
// row's translation gets the focus (after a short pause, so moving through rows sends no burst of requests; a
// request for a row already left is aborted), and never on a keystroke, so typing is never held up.
// Keys, in the row's text area (none clashes with the editor's Ctrl+Enter or with the browser's own keys):
//   Ctrl+Shift+1 … 9  insert the suggestion with that number at the cursor (replacing a selection);
//   Ctrl+Shift+0      replace the text with the 100% match of the whole passage, when there is one.
// The fragment comes from our own server with every user text escaped; it is parsed with DOMParser (which runs
// no script) and its nodes are moved in, and inserted translations are read from data-text as plain text.
(function () {
  "use strict";

  // The glossary's terms list (terms.js) inserts a translation through these same functions, with the same undo.
  // A row whose tags are chips (tags.js) is typed in an editor standing for its text area: `insert` puts the text
  // there, its tags as chips, and the plain text area is the fallback.
  window.WorkbenchDesk = Object.assign(window.WorkbenchDesk || {}, {put: put, insert: insertInto});
  var TYPING = ".row-target textarea, .row-target .tag-editor";

  var panel = document.getElementById("suggestion-panel");
  if (!panel || !window.fetch || !window.DOMParser || !window.AbortController) { return; }
  var PAUSE_MS = 200;
  var loaded = {};  // suggestions URL -> fragment, until the next save (an approval teaches the memory)
  var timer = null;
  var controller = null;
  var currentRow = null;

  function areaOf(row) { return row && row.querySelector(".row-target textarea"); }

  // The text area a typing element stands for: itself, or the one behind tags.js's editor.
  function areaFor(element) { return element.matches("textarea") ? element : areaOf(element.closest(".editor-row")); }

  function linkOf(row) { return row.querySelector("a.suggestions-link"); }

  function say(text) {
    var line = document.createElement("p");
    line.className = "meta suggestion-status";
    line.textContent = text;
    panel.replaceChildren(line);
  }

  function show(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    panel.replaceChildren.apply(panel, Array.prototype.slice.call(parsed.body.childNodes));
    // The buttons and key hints only work with this script, so the fragment keeps them hidden until now.
    panel.querySelectorAll(".suggestion-insert, .suggestion-fill, kbd.js-only").forEach(function (element) {
      element.hidden = false;
    });
  }

  function load(row) {
    var link = linkOf(row);
    if (!link) { return; }
    if (controller) { controller.abort(); controller = null; }
    if (Object.prototype.hasOwnProperty.call(loaded, link.href)) { show(loaded[link.href]); return; }
    var url = new URL(link.href);
    url.searchParams.set("fragment", "1");
    var mine = new AbortController();
    controller = mine;
    fetch(url, {signal: mine.signal, credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        // A redirect means the session ended (the login page): that is no panel to show.
        if (!response.ok || response.redirected) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (controller !== mine) { return; }
        controller = null;
        loaded[link.href] = html;
        if (currentRow === row) { show(html); }
      })
      .catch(function (error) {
        if (error.name === "AbortError" || controller !== mine) { return; }
        controller = null;
        if (currentRow === row) { say(panel.dataset.failed); }
      });
  }

  function follow(row) {
    if (!row || row === currentRow) { return; }
    currentRow = row;
    var link = linkOf(row);
    row.appendChild(panel);
    panel.hidden = false;
    clearTimeout(timer);
    if (link && Object.prototype.hasOwnProperty.call(loaded, link.href)) {
      show(loaded[link.href]);
      return;
    }
    if (controller) { controller.abort(); controller = null; }
    say(panel.dataset.loading);
    timer = setTimeout(function () { load(row); }, PAUSE_MS);
  }

  // execCommand keeps the browser's undo (Ctrl+Z takes an insertion back); setRangeText is the fallback.
  function put(area, text, start, end) {
    area.focus();
    area.setSelectionRange(start, end);
    if (!document.execCommand || !document.execCommand("insertText", false, text)) {
      area.setRangeText(text, start, end, "end");
      area.dispatchEvent(new Event("input", {bubbles: true}));
    }
  }

  // At the cursor (replacing a selection), or in place of the whole text when `whole`.
  function insertInto(area, text, whole) {
    var tags = window.WorkbenchDesk.tags;
    if (tags && tags.insert(area, text, whole)) { return; }
    if (whole) {
      put(area, text, 0, area.value.length);
    } else {
      put(area, text, area.selectionStart, area.selectionEnd);
    }
  }

  function insert(area, item) { insertInto(area, item.dataset.text, false); }

  function fill(area, item) { insertInto(area, item.dataset.text, true); }

  function item(number) {
    return panel.querySelector('li.suggestion[data-number="' + number + '"]');
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(TYPING)) {
      follow(event.target.closest(".editor-row"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var typing = event.target;
    if (!typing.matches || !typing.matches(TYPING) || typing.closest(".editor-row") !== currentRow) { return; }
    var area = areaFor(typing);
    if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) { return; }
    var digit = /^Digit([0-9])$/.exec(event.code || "");
    if (!digit) { return; }
    var chosen = digit[1] === "0" ? panel.querySelector("li.suggestion[data-fills]") : item(digit[1]);
    if (!chosen) { return; }
    event.preventDefault();
    if (digit[1] === "0") { fill(area, chosen); } else { insert(area, chosen); }
  });

  panel.addEventListener("click", function (event) {
    var area = areaOf(currentRow);
    if (!area || !event.target.closest) { return; }
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.classList.contains("suggestion-insert")) {
      insert(area, button.closest("li.suggestion"));
    } else if (button.classList.contains("suggestion-fill")) {
      var chosen = item(button.dataset.number);
      if (chosen) { fill(area, chosen); }
    }
  });

  // A row saved in place (editor.js): what the memory suggests may have changed, and the panel's row is new.
  document.addEventListener("desk:rows", function (event) {
    if (!event.detail.saved) { return; }
    loaded = {};
    currentRow = null;
  });

  // The editor may already have put the cursor in a row (a link to #p-<key>) before this file ran.
  if (document.activeElement && document.activeElement.matches(TYPING)) {
    follow(document.activeElement.closest(".editor-row"));
  }
})();
