// The alignment review's keys and selection. The page shows a window of rows and one toolbar (a plain form) for the
// selected row; without this script a row's number is a link that selects it. Here, clicking a row or moving with
// j / k (or the arrow keys) selects it and redraws the toolbar from the row's data-flags; the keys press the
// toolbar's buttons. Going past the window's first or last row, or looking for a row the window does not hold,
// asks the server for the window that holds it.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll(".align-row"));
  var toolbar = document.getElementById("align-toolbar");
  if (!rows.length || !toolbar) { return; }
  var rowField = document.getElementById("toolbar-row");
  var label = document.getElementById("toolbar-row-label");
  var selected = document.querySelector(".align-row[aria-current=true]") || rows[0];

  function indexOf(row) { return Number(row.id.slice("row-".length)); }
  function windowUrl(index) {
    var url = new URL(location.href);
    url.search = "?row=" + (index + 1);
    url.hash = "row-" + index;
    return url.href;
  }

  function fillSplit(select, count) {
    select.textContent = "";
    for (var at = 1; at < count; at += 1) {
      var option = document.createElement("option");
      option.value = String(at);
      option.textContent = String(at + 1);
      select.appendChild(option);
    }
  }

  function select(row) {
    if (selected) { selected.removeAttribute("aria-current"); }
    selected = row;
    row.setAttribute("aria-current", "true");
    rowField.value = String(indexOf(row));
    label.textContent = row.querySelector(".select").textContent.trim();
    var flags = (row.getAttribute("data-flags") || "").split(" ");
    toolbar.querySelectorAll("[data-when]").forEach(function (control) {
      control.hidden = flags.indexOf(control.getAttribute("data-when")) < 0;
    });
    toolbar.querySelectorAll("select[data-count]").forEach(function (list) {
      fillSplit(list, Number(row.getAttribute("data-" + list.getAttribute("data-count"))));
    });
    // The "next …" links search after the selected row.
    document.querySelectorAll("a[data-find]").forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("after", String(indexOf(row) + 1));
      link.href = url.href;
    });
  }

  function focusRow(row) {
    row.focus();
    row.scrollIntoView({ block: "center" });
  }

  function step(by) {
    var position = rows.indexOf(selected) + by;
    if (position >= 0 && position < rows.length) { focusRow(rows[position]); return; }
    var index = indexOf(selected) + by;
    var edge = document.querySelector(by > 0 ? "a[rel=next]" : "a[rel=prev]");
    if (edge) { location.href = windowUrl(index); }
  }

  // n and w: the next such row in this window if there is one, else the server finds it (after wrapping round).
  function find(link) {
    if (!link) { return; }
    var after = rows.slice(rows.indexOf(selected) + 1);
    var found = after.filter(function (row) { return row.matches(link.getAttribute("data-find")); })[0];
    if (found) { focusRow(found); } else { link.click(); }
  }

  function follow(link) { if (link) { link.click(); } }

  function press(selector) {
    var button = toolbar.querySelector(selector);
    if (button && !button.disabled && !button.hidden) { button.click(); }
  }

  rows.forEach(function (row) {
    row.addEventListener("focusin", function () { select(row); });
    row.querySelector(".select").addEventListener("click", function (event) {
      event.preventDefault();
      focusRow(row);
    });
  });
  document.querySelectorAll("a[data-key=l]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var row = document.getElementById(new URL(link.href).hash.slice(1));
      if (row && rows.indexOf(row) >= 0) { event.preventDefault(); focusRow(row); }
    });
  });

  var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  focusRow(target && rows.indexOf(target) >= 0 ? target : selected);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input" || tag === "select") { return; }
    switch (event.key) {
      case "j": case "ArrowDown": step(1); break;
      case "k": case "ArrowUp": step(-1); break;
      case "c": press("[data-key=c]"); break;
      case "m": press("[data-key=m]"); break;
      case "u": press("#undo"); break;
      case "r": press("#redo"); break;
      case "n": find(document.querySelector("a[data-key=n]")); break;
      case "w": find(document.querySelector("a[data-key=w]")); break;
      case "l": follow(document.querySelector("a[data-key=l]")); break;
      default: return;
    }
    event.preventDefault();
  });
})();
