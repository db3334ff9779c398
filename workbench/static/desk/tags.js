// Inline tags in the translation (issue 24). The editor works without this file: the <textarea> is the form field
// and the tags are typed as text (<b>, <a href="…">, <br/>, <fn n="3"/>: declarations/inline.py). With it, a row
// whose source or translation holds tags gets an editor over its text area in which each tag is a chip (a
// contenteditable="false" span): the translator types around the chips, moves them (drag and drop, or cut and
// paste) and deletes them whole, but never edits their inside. Every change is written back to the hidden text area,
// with an "input" event, so saving, Ctrl+Enter, the checks' preview and the rest read the text area as before.
// The row's tag bar (desk/_tag_bar.html) lists the source's tags: a button inserts its tag at the cursor, and
// Ctrl+, (as memoQ's and OmegaT's "next tag") inserts the first one the translation does not hold yet.
// WorkbenchDesk.tags.insert(area, text, whole) is how suggestions.js and terms.js put text into a row that has
// this editor; the tags in such a text become chips. Rows without tags keep their plain text area.
(function () {
  "use strict";

  // The same grammar as declarations/inline.py's TAG: only these exact spellings are tags.
  var TAG = new RegExp(
    '<(/)?(b|i|u|sup|sub)>|<a href="([^"<>\\s]{1,2000})">|(</a>)|(<br/>)|<fn n="([0-9A-Za-z_-]{1,20})"/>|(<lt/>)', "g"
  );
  var BREAK = "↵";
  var list = document.querySelector(".editor[data-tag-label]");
  if (!list || !window.Map || !document.createRange) { return; }
  var editors = new WeakMap();  // text area -> its chip editor (a row replaced by a save takes its entry with it)
  var enhanced = 0;

  // A text's tokens: {tag: "<b>", name, kind: "open"|"close"|"empty"} or {text: "…"}; <lt/> is the text "<".
  function tokens(text) {
    var found = [];
    var at = 0;
    var match;
    TAG.lastIndex = 0;
    while ((match = TAG.exec(text)) !== null) {
      if (match.index > at) { found.push({text: text.slice(at, match.index)}); }
      at = TAG.lastIndex;
      if (match[7]) { found.push({text: "<"}); continue; }
      var token = {tag: match[0]};
      if (match[2]) { token.name = match[2]; token.kind = match[1] ? "close" : "open"; }
      else if (match[3] !== undefined) { token.name = "a"; token.kind = "open"; }
      else if (match[4]) { token.name = "a"; token.kind = "close"; }
      else if (match[5]) { token.name = "br"; token.kind = "empty"; }
      else { token.name = "fn"; token.kind = "empty"; token.value = match[6]; }
      found.push(token);
    }
    if (at < text.length) { found.push({text: text.slice(at)}); }
    return found;
  }

  // Text typed in the editor is text, never a tag: a "<b>" typed by hand becomes "<lt/>b>", as inline.literal does.
  function literal(text) {
    TAG.lastIndex = 0;
    return text.replace(TAG, function (tag) { return "<lt/>" + tag.slice(1); });
  }

  // The labels of the source's tags (from the row's bar), so "link 1" in the translation is the source's "link 1"
  // wherever it sits; a link the source does not have is just "link".
  function labeller(row) {
    var known = {};
    row.querySelectorAll(".tag-bar .tag-insert").forEach(function (button) {
      if (button.dataset.tag !== "</a>") { known[button.dataset.tag] = button.dataset.label; }
    });
    return function (token, openLinks) {
      if (token.name === "a" && token.kind === "open") {
        var label = known[token.tag] || "link";
        openLinks.push(label);
        return label;
      }
      if (token.name === "a") { return "/" + (openLinks.pop() || "link"); }
      if (token.name === "br") { return BREAK; }
      if (token.name === "fn") { return "fn " + token.value; }
      return (token.kind === "close" ? "/" : "") + token.name;
    };
  }

  function chip(tag, label) {
    var span = document.createElement("span");
    span.className = "tag-chip";
    span.contentEditable = "false";
    span.draggable = true;
    span.dataset.tag = tag;
    span.title = tag;
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", list.dataset.tagLabel.replace("{label}", label));
    span.textContent = label;
    return span;
  }

  // The nodes for a text: its tags as chips, labelled for this row (links numbered through `openLinks`).
  function nodesFor(editor, text) {
    var openLinks = [];
    return tokens(text).map(function (token) {
      if (token.text !== undefined) { return document.createTextNode(token.text); }
      return chip(token.tag, editor.label(token, openLinks));
    });
  }

  // The editor's content as a passage text: chips give their tags, the words between them are literal text.
  function serialize(editor) {
    var out = [];
    var words = "";
    function walk(node) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === Node.TEXT_NODE) { words += child.data; }
        else if (child.classList && child.classList.contains("tag-chip")) {
          out.push(literal(words), child.dataset.tag);
          words = "";
        } else if (child.nodeName === "BR") { words += "\n"; }
        else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.nodeName === "DIV" || child.nodeName === "P") { words += "\n"; }  // a line the browser made
          walk(child);
        }
      });
    }
    walk(editor);
    out.push(literal(words));
    return out.join("");
  }

  function sync(editor) {
    var value = serialize(editor);
    if (editor.area.value !== value) {
      editor.area.value = value;
      editor.area.dispatchEvent(new Event("input", {bubbles: true}));
    }
    refreshLabels(editor);
    markUsed(editor);
  }

  // Chip labels follow the text (a closing link takes the number of the link it closes, after a move too).
  function refreshLabels(editor) {
    var openLinks = [];
    editor.querySelectorAll(".tag-chip").forEach(function (span) {
      var found = tokens(span.dataset.tag)[0];
      var label = editor.label(found, openLinks);
      if (span.textContent !== label) {
        span.textContent = label;
        span.setAttribute("aria-label", list.dataset.tagLabel.replace("{label}", label));
      }
    });
  }

  // The n-th "<b>" of the source is used when the translation holds at least n of them.
  function markUsed(editor) {
    if (!editor.bar) { return; }
    var held = {};
    editor.querySelectorAll(".tag-chip").forEach(function (span) {
      held[span.dataset.tag] = (held[span.dataset.tag] || 0) + 1;
    });
    var seen = {};
    editor.bar.querySelectorAll(".tag-insert").forEach(function (button) {
      var tag = button.dataset.tag;
      seen[tag] = (seen[tag] || 0) + 1;
      var used = seen[tag] <= (held[tag] || 0);
      button.classList.toggle("is-used", used);
      button.querySelector(".tag-used").hidden = !used;
    });
  }

  // Where the cursor is in this editor, or where it last was (a bar button pressed with the focus elsewhere), or
  // the end of the text.
  function currentRange(editor) {
    var selection = window.getSelection();
    if (selection.rangeCount && editor.contains(selection.getRangeAt(0).commonAncestorContainer)) {
      return selection.getRangeAt(0);
    }
    if (editor.lastRange && editor.contains(editor.lastRange.commonAncestorContainer)) { return editor.lastRange; }
    var range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    return range;
  }

  function placeCaret(range) {
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // Insert a passage text (its tags become chips) at the cursor, replacing a selection; the cursor ends after it.
  function insertText(editor, text, range) {
    range = (range || currentRange(editor)).cloneRange();  // before the focus moves the selection
    editor.focus();
    range.deleteContents();
    var nodes = nodesFor(editor, text);
    var fragment = document.createDocumentFragment();
    nodes.forEach(function (node) { fragment.appendChild(node); });
    var last = nodes[nodes.length - 1];
    range.insertNode(fragment);
    if (last) {
      range.setStartAfter(last);
      range.collapse(true);
    }
    placeCaret(range);
    editor.normalize();
    sync(editor);
  }

  function insertTag(editor, tag) { insertText(editor, tag); }

  function nextTag(editor) {
    var free = editor.bar && editor.bar.querySelector(".tag-insert:not(.is-used)");
    if (free) { insertTag(editor, free.dataset.tag); }
  }

  // The node just before (or after) a collapsed cursor, across the edges of text nodes; null when a character of
  // text is there.
  function neighbour(editor, range, before) {
    var node = range.startContainer;
    var offset = range.startOffset;
    if (node.nodeType === Node.TEXT_NODE) {
      if ((before ? node.data.slice(0, offset) : node.data.slice(offset)) !== "") { return null; }
      return sibling(editor, node, before);
    }
    var child = before ? node.childNodes[offset - 1] : node.childNodes[offset];
    if (!child) { return node === editor ? null : sibling(editor, node, before); }
    return isEmptyText(child) ? sibling(editor, child, before) : child;
  }

  function isEmptyText(node) { return node.nodeType === Node.TEXT_NODE && node.data === ""; }

  function sibling(editor, node, before) {
    while (node && node !== editor) {
      var next = before ? node.previousSibling : node.nextSibling;
      while (next && isEmptyText(next)) { next = before ? next.previousSibling : next.nextSibling; }
      if (next) { return next; }
      node = node.parentNode;
    }
    return null;
  }

  function isChip(node) { return node && node.classList && node.classList.contains("tag-chip"); }

  // Backspace and Delete next to a chip take the whole chip, never a part of it (the browsers do not agree on
  // what they do there, so it is done here).
  function deleteChip(editor, event) {
    var selection = window.getSelection();
    if (!selection.rangeCount || !selection.isCollapsed) { return false; }
    var range = selection.getRangeAt(0);
    var target = neighbour(editor, range, event.key === "Backspace");
    if (!isChip(target)) { return false; }
    var after = document.createRange();
    after.setStartBefore(target);
    after.collapse(true);
    target.remove();
    placeCaret(after);
    editor.normalize();
    sync(editor);
    return true;
  }

  function caretAt(x, y) {
    if (document.caretRangeFromPoint) { return document.caretRangeFromPoint(x, y); }
    if (document.caretPositionFromPoint) {
      var position = document.caretPositionFromPoint(x, y);
      var range = document.createRange();
      range.setStart(position.offsetNode, position.offset);
      range.collapse(true);
      return range;
    }
    return null;
  }

  function clipboardText(editor, range) {
    var box = document.createElement("div");
    box.appendChild(range.cloneContents());
    return serialize(box);
  }

  function enhance(area) {
    if (editors.has(area)) { return; }
    var row = area.closest(".editor-row");
    var bar = row.querySelector(".tag-bar");
    if (!bar && !tokens(area.value).some(function (token) { return token.tag; })) { return; }
    var editor = document.createElement("div");
    editor.className = "tag-editor";
    editor.contentEditable = "true";
    editor.spellcheck = true;
    editor.lang = area.lang;
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = row.querySelector('label[for="' + area.id + '"]');
    if (label) { editor.setAttribute("aria-label", label.textContent.trim()); }
    ["aria-invalid", "aria-describedby"].forEach(function (name) {
      if (area.hasAttribute(name)) { editor.setAttribute(name, area.getAttribute(name)); }
    });
    editor.area = area;
    editor.bar = bar;
    editor.label = labeller(row);
    nodesFor(editor, area.value).forEach(function (node) { editor.appendChild(node); });
    area.hidden = true;
    area.after(editor);
    editors.set(area, editor);
    enhanced += 1;
    if (bar) {
      bar.hidden = false;
      bar.setAttribute("aria-controls", area.id);
    }
    markUsed(editor);
    listen(editor);
  }

  function listen(editor) {
    var area = editor.area;
    editor.addEventListener("input", function () { sync(editor); });

    editor.addEventListener("beforeinput", function (event) {
      if (/^format/.test(event.inputType)) { event.preventDefault(); }  // no bold made by Ctrl+B: tags are chips
      if (event.inputType === "insertParagraph" || event.inputType === "insertLineBreak") {
        event.preventDefault();
        insertText(editor, "\n");
      }
    });

    editor.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        // editor.js's Ctrl+Enter, for the text area this editor stands for.
        event.preventDefault();
        sync(editor);
        window.WorkbenchDesk.saveAndGoOn(area.form);
      } else if (event.key === "," && event.ctrlKey && !event.altKey && !event.shiftKey && !event.metaKey) {
        event.preventDefault();
        nextTag(editor);
      } else if ((event.key === "Backspace" || event.key === "Delete") && !event.ctrlKey && !event.altKey
                 && !event.metaKey && deleteChip(editor, event)) {
        event.preventDefault();
      }
    });

    // The clipboard carries the tags as text, so a chip cut here and pasted elsewhere (or in another row, or in a
    // plain text area) is the same tag; pasted text is always parsed, never taken as HTML.
    function copy(event, cut) {
      var selection = window.getSelection();
      if (!selection.rangeCount || selection.isCollapsed || !event.clipboardData) { return; }
      var range = selection.getRangeAt(0);
      event.clipboardData.setData("text/plain", clipboardText(editor, range));
      event.preventDefault();
      if (cut) {
        range.deleteContents();
        editor.normalize();
        sync(editor);
      }
    }
    editor.addEventListener("copy", function (event) { copy(event, false); });
    editor.addEventListener("cut", function (event) { copy(event, true); });
    editor.addEventListener("paste", function (event) {
      if (!event.clipboardData) { return; }
      event.preventDefault();
      insertText(editor, event.clipboardData.getData("text/plain").replace(/\r\n?/g, "\n"));
    });

    // A chip dragged within its editor moves; text dropped from elsewhere comes in as text (its tags as chips).
    editor.addEventListener("dragstart", function (event) {
      var span = event.target.closest && event.target.closest(".tag-chip");
      if (!span) { return; }
      editor.dragged = span;
      event.dataTransfer.setData("text/plain", span.dataset.tag);
      event.dataTransfer.effectAllowed = "move";
    });
    editor.addEventListener("dragend", function () { editor.dragged = null; });
    editor.addEventListener("dragover", function (event) { event.preventDefault(); });
    editor.addEventListener("drop", function (event) {
      event.preventDefault();
      var range = caretAt(event.clientX, event.clientY);
      if (!range || !editor.contains(range.startContainer)) { return; }
      var text = event.dataTransfer.getData("text/plain");
      if (editor.dragged) {
        if (editor.dragged.contains(range.startContainer)) { return; }
        editor.dragged.remove();
        editor.dragged = null;
      }
      if (text) { insertText(editor, text, range); }
    });
  }

  // The rows of the page, and those htmx brings in later (a saved row, the next window: editor.js says so).
  function setUp(root) {
    root.querySelectorAll(".row-target textarea.target-text").forEach(enhance);
    if (enhanced) { document.querySelectorAll(".tags-hint").forEach(function (hint) { hint.hidden = false; }); }
  }
  setUp(document);
  document.addEventListener("desk:rows", function (event) { setUp(event.detail.root); });

  // Kept so a bar button, pressed with the focus elsewhere, inserts where the cursor was.
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount) { return; }
    var range = selection.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var editor = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentNode).closest(".tag-editor");
    if (editor) { editor.lastRange = range.cloneRange(); }
  });

  // A bar button inserts its tag and leaves the focus in the editor (mousedown would take it).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest(".tag-bar button")) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tag-bar button");
    if (!button) { return; }
    var editor = editors.get(button.closest(".row-target").querySelector("textarea.target-text"));
    if (!editor) { return; }
    if (button.classList.contains("tag-next")) { nextTag(editor); } else { insertTag(editor, button.dataset.tag); }
  });

  // editor.js puts the cursor in the row the page was opened on; a row with this editor takes it here instead.
  // The cursor at the end of the editor standing for `area`; false when the area has none.
  function focusEditor(area) {
    var editor = area && editors.get(area);
    if (!editor) { return false; }
    var range = document.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
    editor.focus();
    placeCaret(range);
    return true;
  }

  function focusFromHash() {
    var row = location.hash && document.getElementById(location.hash.slice(1));
    focusEditor(row && row.querySelector(".row-target textarea.target-text"));
  }
  focusFromHash();
  window.addEventListener("hashchange", focusFromHash);

  window.WorkbenchDesk = Object.assign(window.WorkbenchDesk || {}, {
    tags: {
      // The editor standing for this text area, if it has one.
      editorOf: function (area) { return editors.get(area) || null; },
      // Put the cursor at the end of the editor standing for this text area; false when it has none.
      focus: focusEditor,
      // Put a text at the editor's cursor (replacing a selection), or in place of the whole text when `whole`.
      insert: function (area, text, whole) {
        var editor = editors.get(area);
        if (!editor) { return false; }
        var range = null;
        if (whole) {
          range = document.createRange();
          range.selectNodeContents(editor);
        }
        insertText(editor, text, range);
        return true;
      },
    },
  });
})();
