// Span marker: mark stretches of a text and give each a category.
// An anywidget front end. Synced state: `text`, `heading_end` (characters before it are the
// headline), `spans` ([[start, end, category], ...], offsets in code points, like Python
// str indices), `categories` ([{id, label, short, description}]), `label`.
//
// Mouse: drag over words (or click one, Shift+click to extend), pick a category, press Mark;
// or double-click a word to mark it at once with the category chosen (one action a mark).
// Keyboard: Tab into the text, Left/Right move word by word, Shift+Left/Right extend,
// Home/End jump, Enter marks, Delete or Backspace unmarks, Escape shrinks the selection.

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’\-][\p{L}\p{N}\p{M}]+)*/gu;
const QUOTES = new Set(["“", "”", "‘", "’", '"', "'", "«", "»"]);

/** An id unique on the page, even with one module instance per widget. */
function uniqueId() {
  return `sm-${Math.random().toString(36).slice(2, 10)}`;
}

/** Words (and the quotation marks touching them) with code-point offsets. */
function tokenize(text) {
  const cpAt = []; // UTF-16 index -> code point index
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    cpAt[i] = cp;
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) cp++;
  }
  cpAt[text.length] = cp;
  const tokens = [];
  for (const match of text.matchAll(WORD)) {
    const s16 = match.index;
    const e16 = s16 + match[0].length;
    const before = text[s16 - 1];
    if (before !== undefined && QUOTES.has(before)) {
      const prev = tokens[tokens.length - 1];
      if (!prev || prev.end < cpAt[s16 - 1] + 1) {
        tokens.push({ start: cpAt[s16 - 1], end: cpAt[s16], word: false });
      }
    }
    tokens.push({ start: cpAt[s16], end: cpAt[e16], word: true });
    const after = text[e16];
    if (after !== undefined && QUOTES.has(after)) {
      tokens.push({ start: cpAt[e16], end: cpAt[e16] + 1, word: false });
    }
  }
  return tokens;
}

function validSpans(raw, length, categoryIds) {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (s) =>
        Array.isArray(s) &&
        s.length === 3 &&
        Number.isInteger(s[0]) &&
        Number.isInteger(s[1]) &&
        s[0] >= 0 &&
        s[0] < s[1] &&
        s[1] <= length &&
        categoryIds.has(s[2]),
    )
    .map((s) => [s[0], s[1], s[2]])
    .sort((a, b) => a[0] - b[0]);
}

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function render({ model, el: host }) {
  const id = uniqueId();
  let chars = [];
  let tokens = [];
  let words = []; // indices into tokens of the word tokens (keyboard stops)
  let categories = [];
  let spans = [];
  // The selection, as token indices [lo, hi] inclusive; `anchor` and `focus` for Shift.
  let anchor = null;
  let focus = null;

  const picker = el("select", { id: `${id}-category`, className: "sm-picker", "aria-label": "Category" });
  const markButton = el("button", { type: "button", className: "sm-button sm-mark-button", text: "Mark" });
  const unmarkButton = el("button", { type: "button", className: "sm-button sm-unmark-button", text: "Unmark" });
  const help = el("p", {
    id: `${id}-help`,
    className: "sm-help",
    text:
      "Choose a category, then double-click a word to mark it at once, or drag over words " +
      "(or click a word) and press Mark. " +
      "With the keyboard: Tab into the text, move with the Left and Right arrows, hold Shift " +
      "to select more words, press Enter to mark and Delete to unmark.",
  });
  const toolbar = el("div", { className: "sm-toolbar", role: "toolbar", "aria-label": "Marking tools" }, [
    el("label", { for: `${id}-category`, className: "sm-picker-label" }, ["Category ", picker]),
    markButton,
    unmarkButton,
  ]);
  const textBox = el("div", {
    className: "sm-text",
    role: "listbox",
    "aria-multiselectable": "true",
    "aria-describedby": `${id}-help`,
  });
  const live = el("div", { className: "sm-live", "aria-live": "polite", role: "status" });
  const listTitle = el("p", { className: "sm-list-title", id: `${id}-list`, text: "Your marks" });
  const list = el("ol", { className: "sm-list", "aria-labelledby": `${id}-list` });
  // data-lm-suppress-shortcuts: JupyterLab leaves keys pressed in here to the widget.
  const root = el("div", { className: "sm-root", "data-lm-suppress-shortcuts": "true" }, [
    help,
    toolbar,
    textBox,
    live,
    listTitle,
    list,
  ]);
  host.append(root);

  const label = (categoryId) => categories.find((c) => c.id === categoryId)?.label ?? categoryId;
  const short = (categoryId) => categories.find((c) => c.id === categoryId)?.short ?? categoryId;
  const slice = (start, end) => chars.slice(start, end).join("");
  const announce = (message) => {
    live.textContent = message;
  };

  function selection() {
    if (anchor === null || focus === null) return null;
    const lo = Math.min(anchor, focus);
    const hi = Math.max(anchor, focus);
    return { lo, hi, start: tokens[lo].start, end: tokens[hi].end };
  }

  /** The word token at or after token `index` (or the last word): keyboard stops are words. */
  function nearestWord(index) {
    if (index === null || !words.length) return words[0] ?? null;
    return words.find((w) => w >= index) ?? words[words.length - 1];
  }

  function markAt(tokenIndex) {
    const token = tokens[tokenIndex];
    return spans.findIndex(([s, e]) => token.start < e && s < token.end);
  }

  function load() {
    chars = Array.from(model.get("text") || "");
    tokens = tokenize(model.get("text") || "");
    words = tokens.map((t, i) => (t.word ? i : -1)).filter((i) => i >= 0);
    categories = (model.get("categories") || []).filter((c) => c && c.id);
    spans = validSpans(model.get("spans"), chars.length, new Set(categories.map((c) => c.id)));
    textBox.setAttribute("aria-label", model.get("label") || "Text to mark");
    const chosen = picker.value;
    picker.replaceChildren(
      ...categories.map((c) => el("option", { value: c.id, text: c.label, title: c.description || "" })),
    );
    if (categories.some((c) => c.id === chosen)) picker.value = chosen;
    if (focus !== null && focus >= tokens.length) anchor = focus = null;
  }

  function draw() {
    const hadFocus = textBox.contains(document.activeElement);
    spans = validSpans(model.get("spans"), chars.length, new Set(categories.map((c) => c.id)));
    const headingEnd = Math.max(0, Math.min(model.get("heading_end") || 0, chars.length));
    const sel = selection();
    const roving = nearestWord(focus);
    const parts = [];
    let cursor = 0;
    let wrapper = null; // the <mark> being filled
    let spanIndex = 0;
    let bodyLabelled = false;
    const push = (node) => (wrapper ? wrapper.append(node) : parts.push(node));
    if (headingEnd > 0) parts.push(el("span", { className: "sm-part", "aria-hidden": "true", text: "Headline" }));
    tokens.forEach((token, i) => {
      if (token.start > cursor) {
        const gap = slice(cursor, token.start);
        if (!bodyLabelled && headingEnd > 0 && token.start >= headingEnd) {
          bodyLabelled = true;
          push(document.createTextNode(gap.replace(/\n+$/, "")));
          parts.push(el("span", { className: "sm-part sm-part-body", "aria-hidden": "true", text: "Body" }));
        } else if (token.start <= headingEnd) {
          push(el("span", { className: "sm-head", text: gap }));
        } else {
          push(document.createTextNode(gap));
        }
      }
      while (spanIndex < spans.length && spans[spanIndex][1] <= token.start) spanIndex++;
      const span = spans[spanIndex];
      const inSpan = span && span[0] < token.end && token.start < span[1];
      if (inSpan && !wrapper) {
        wrapper = el("mark", { className: `sm-mark sm-cat-${span[2]}`, role: "none", title: label(span[2]) });
        parts.push(wrapper);
      }
      const text = slice(token.start, token.end);
      const selected = sel !== null && i >= sel.lo && i <= sel.hi;
      const node = el("span", {
        className:
          "sm-tok" +
          (token.word ? " sm-word" : " sm-quote") +
          (token.start < headingEnd ? " sm-head" : "") +
          (selected ? " sm-selected" : ""),
        "data-i": String(i),
        "data-start": String(token.start),
        "data-end": String(token.end),
        text,
      });
      if (token.word) {
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", selected ? "true" : "false");
        // Only the roving word is focusable: a mouse drag that starts on any other word
        // then selects text as usual (focusing a word on mousedown would stop the drag).
        if (i === roving) node.setAttribute("tabindex", "0");
        if (inSpan) node.setAttribute("aria-label", `${text} (marked: ${label(span[2])})`);
      }
      push(node);
      cursor = token.end;
      if (wrapper && (!span || token.end >= span[1] || !(tokens[i + 1] && tokens[i + 1].start < span[1]))) {
        wrapper.append(el("sup", { className: "sm-badge", "aria-hidden": "true", text: short(span[2]) }));
        wrapper = null;
        spanIndex++;
      }
    });
    if (cursor < chars.length) parts.push(document.createTextNode(slice(cursor, chars.length)));
    textBox.replaceChildren(...parts);
    drawList();
    const current = selection();
    markButton.disabled = current === null || categories.length === 0;
    unmarkButton.disabled = current === null || !spans.some(([s, e]) => current.start < e && s < current.end);
    if (hadFocus && roving !== null) textBox.querySelector(`[data-i="${roving}"]`)?.focus();
  }

  function drawList() {
    if (spans.length === 0) {
      list.replaceChildren(el("li", { className: "sm-empty", text: "Nothing marked yet." }));
      return;
    }
    list.replaceChildren(
      ...spans.map(([start, end, category], index) => {
        const words = slice(start, end);
        const quoted = QUOTES.has(words[0]) ? words : `“${words}”`;
        const choose = el("select", { "aria-label": `Category of ${quoted}`, className: "sm-list-picker" });
        choose.append(...categories.map((c) => el("option", { value: c.id, text: c.label })));
        choose.value = category;
        choose.addEventListener("change", () => {
          const next = spans.map((s) => [...s]);
          next[index][2] = choose.value;
          save(next, `${quoted} is now ${label(choose.value)}.`);
        });
        const remove = el("button", {
          type: "button",
          className: "sm-button sm-list-unmark",
          "aria-label": `Unmark ${quoted}`,
          text: "Unmark",
        });
        remove.addEventListener("click", () => {
          save(spans.filter((_, k) => k !== index), `Unmarked ${quoted}.`);
        });
        return el("li", { className: `sm-item sm-cat-${category}` }, [
          el("span", { className: "sm-item-text", text: quoted }),
          " ",
          choose,
          " ",
          remove,
        ]);
      }),
    );
  }

  function save(next, message) {
    model.set("spans", next);
    model.save_changes();
    announce(message);
    draw();
  }

  function mark() {
    const sel = selection();
    if (!sel || !picker.value) return;
    const kept = spans.filter(([s, e]) => !(sel.start < e && s < sel.end));
    kept.push([sel.start, sel.end, picker.value]);
    kept.sort((a, b) => a[0] - b[0]);
    save(kept, `Marked “${slice(sel.start, sel.end)}” as ${label(picker.value)}.`);
  }

  function unmark() {
    const sel = selection();
    if (!sel) return;
    const kept = spans.filter(([s, e]) => !(sel.start < e && s < sel.end));
    if (kept.length === spans.length) {
      announce("Nothing marked there.");
      return;
    }
    save(kept, `Unmarked ${spans.length - kept.length} mark${spans.length - kept.length === 1 ? "" : "s"}.`);
  }

  function select(lo, hi, keepAnchor = false) {
    if (!keepAnchor) anchor = lo;
    focus = hi;
    draw();
    const sel = selection();
    if (sel) {
      const at = markAt(focus);
      const marked = at >= 0 ? ` (marked: ${label(spans[at][2])})` : "";
      announce(`Selected “${slice(sel.start, sel.end)}”${marked}.`);
    }
  }

  // A drag that starts on the focusable word would focus it instead of selecting text, so
  // that word stops being focusable until the mouse button is released.
  textBox.addEventListener("mousedown", (event) => {
    const token = event.target.closest?.(".sm-word[tabindex]");
    if (!token) return;
    token.removeAttribute("tabindex");
    window.addEventListener(
      "mouseup",
      () => {
        if (!textBox.querySelector(".sm-word[tabindex]")) {
          textBox.querySelector(`[data-i="${nearestWord(focus)}"]`)?.setAttribute("tabindex", "0");
        }
      },
      { once: true },
    );
  });

  textBox.addEventListener("mouseup", (event) => {
    const native = window.getSelection();
    let selected = false;
    if (native && !native.isCollapsed) {
      const touched = [...textBox.querySelectorAll(".sm-tok")].filter((node) => native.containsNode(node, true));
      native.removeAllRanges();
      if (touched.length) {
        select(Number(touched[0].dataset.i), Number(touched[touched.length - 1].dataset.i));
        selected = true;
      }
    }
    if (!selected) {
      const token = event.target.closest?.(".sm-tok");
      if (!token) return;
      const index = Number(token.dataset.i);
      if (event.shiftKey && anchor !== null) select(anchor, index, true);
      else select(index, index);
    }
    // The second click of a double-click marks the word with the category chosen, so a
    // run of marks of one kind takes one action each. (Read here, not from "dblclick":
    // each click re-draws the text, so that event's target is no longer in the page.)
    if (event.detail === 2) mark();
  });

  textBox.addEventListener("keydown", (event) => {
    if (!words.length) return;
    const position = words.indexOf(nearestWord(focus));
    const moveTo = (wordPosition) => {
      const target = words[Math.max(0, Math.min(words.length - 1, wordPosition))];
      if (event.shiftKey) select(anchor ?? target, target, anchor !== null);
      else select(target, target);
    };
    switch (event.key) {
      case "ArrowRight":
        moveTo(position + 1);
        break;
      case "ArrowLeft":
        moveTo(position - 1);
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(words.length - 1);
        break;
      case "Enter":
        if (focus === null) select(words[0], words[0]);
        mark();
        break;
      case "Delete":
      case "Backspace":
        unmark();
        break;
      case "Escape":
        if (focus !== null) select(focus, focus);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation(); // keep JupyterLab's notebook shortcuts out of the text
  });

  textBox.addEventListener("focusin", (event) => {
    // Tabbing in selects the focused word; no redraw here, so a mouse drag that starts
    // with this focus keeps its nodes.
    const token = event.target.closest?.(".sm-word");
    if (!token || focus !== null) return;
    anchor = focus = Number(token.dataset.i);
    token.classList.add("sm-selected");
    token.setAttribute("aria-selected", "true");
    markButton.disabled = categories.length === 0;
  });

  markButton.addEventListener("click", mark);
  unmarkButton.addEventListener("click", unmark);

  const reload = () => {
    load();
    draw();
  };
  model.on("change:spans", draw);
  model.on("change:text", reload);
  model.on("change:categories", reload);
  model.on("change:heading_end", draw);
  model.on("change:label", reload);
  reload();

  return () => {
    model.off("change:spans", draw);
    model.off("change:text", reload);
    model.off("change:categories", reload);
    model.off("change:heading_end", draw);
    model.off("change:label", reload);
  };
}

export default { render };
