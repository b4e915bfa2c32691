/// <reference lib="dom" />
// Copying a selection that holds rounded numbers copies their exact values: elements
// with data-copy (components/num.ts) contribute that text instead of what they show.

export function installExactCopy(doc: Document): void {
  doc.addEventListener("copy", (e) => {
    const sel = doc.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0 || !e.clipboardData) return;
    const frag = sel.getRangeAt(0).cloneContents();
    const exact = frag.querySelectorAll<HTMLElement>("[data-copy]");
    if (exact.length === 0) return;
    for (const el of exact) el.textContent = el.dataset.copy ?? el.textContent;
    // innerText needs layout (tabs between cells, lines between rows): lay the copy out
    // off screen for a moment.
    const box = doc.createElement("div");
    box.style.cssText = "position:fixed;left:-10000px;top:0;white-space:pre-wrap";
    const anchor = sel.getRangeAt(0).commonAncestorContainer;
    const inTable = anchor instanceof Element && anchor.closest("table") !== null;
    if (inTable && !frag.querySelector("table")) {
      const table = doc.createElement("table");
      const body = doc.createElement("tbody");
      body.append(frag);
      table.append(body);
      box.append(table);
    } else box.append(frag);
    doc.body.append(box);
    const text = box.innerText;
    box.remove();
    e.clipboardData.setData("text/plain", text);
    e.preventDefault();
  });
}
