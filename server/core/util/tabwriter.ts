// The part of Go's text/tabwriter that `go tool trace -d=footprint` uses (flags = 0: left
// aligned, no escapes or HTML filtering, no empty-column discarding), with Go's exact
// cell and column rules:
//
// * Text is cut into cells at '\t', '\v', '\n' and '\f'. A line's last cell (the text
//   before '\n') is never part of a column, so it neither widens nor gets padded.
// * A column is a run of adjacent lines that all have a cell at that index (not counting
//   their last cells); its width is max(minwidth, widest cell + padding) over that block
//   only, so a line without the cell splits the column into independent blocks.
// * A line holding a single cell, or '\f', flushes everything buffered so far.
//
// Width counts code points (Go counts runes of the UTF-8 text). Go's Escape byte 0xff
// cannot occur in UTF-8 produced from a JS string, so escapes need no handling.

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  /** One character; "\t" pads with tabs assuming tab stops every tabwidth columns. */
  padchar: string;
}

interface Cell {
  text: string;
  width: number;
}

export class TabWriter {
  readonly #opts: TabWriterOptions;
  readonly #out: (chunk: string) => void;
  #lines: Cell[][] = [[]];
  #cell = ""; // text of the current, unterminated cell
  #widths: number[] = []; // column widths of the enclosing blocks while formatting
  #pending = ""; // formatted output not yet handed to #out

  constructor(opts: TabWriterOptions, out: (chunk: string) => void) {
    if (opts.minwidth < 0 || opts.tabwidth < 0 || opts.padding < 0) {
      throw new RangeError("negative minwidth, tabwidth, or padding");
    }
    this.#opts = opts;
    this.#out = out;
  }

  write(text: string): void {
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 0x09 && ch !== 0x0b && ch !== 0x0a && ch !== 0x0c) continue;
      this.#cell += text.slice(from, i);
      from = i + 1;
      const cells = this.#terminateCell();
      if (ch === 0x0a || ch === 0x0c) {
        this.#lines.push([]);
        if (ch === 0x0c || cells === 1) this.#flushLines();
      }
    }
    this.#cell += text.slice(from);
  }

  /** Formats and writes out everything buffered, including an unterminated last cell. */
  flush(): void {
    if (this.#cell !== "") this.#terminateCell();
    this.#flushLines();
  }

  #terminateCell(): number {
    const line = this.#lines[this.#lines.length - 1];
    line.push({ text: this.#cell, width: codePoints(this.#cell) });
    this.#cell = "";
    return line.length;
  }

  #flushLines(): void {
    this.#format(0, this.#lines.length);
    this.#lines = [[]];
    if (this.#pending !== "") this.#out(this.#pending);
    this.#pending = "";
  }

  // Formats lines [line0, line1) whose columns left of #widths.length are already sized:
  // finds each block of lines sharing the next column, sizes it, and recurses.
  #format(line0: number, line1: number): void {
    const column = this.#widths.length;
    for (let row = line0; row < line1; row++) {
      if (column >= this.#lines[row].length - 1) continue;
      this.#writeLines(line0, row);
      line0 = row;
      let width = this.#opts.minwidth;
      for (; row < line1; row++) {
        const line = this.#lines[row];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + this.#opts.padding);
      }
      this.#widths.push(width);
      this.#format(line0, row);
      this.#widths.pop();
      line0 = row;
    }
    this.#writeLines(line0, line1);
  }

  #writeLines(line0: number, line1: number): void {
    const widths = this.#widths;
    for (let i = line0; i < line1; i++) {
      const line = this.#lines[i];
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        this.#pending += c.text;
        if (j < widths.length) this.#pad(c.width, widths[j]);
      }
      // The very last line is the unterminated one; it gets no newline.
      if (i + 1 < this.#lines.length) this.#pending += "\n";
    }
  }

  #pad(textWidth: number, cellWidth: number): void {
    const { padchar, tabwidth } = this.#opts;
    if (padchar !== "\t") {
      this.#pending += padchar.repeat(cellWidth - textWidth);
      return;
    }
    if (tabwidth === 0) return; // tabs have no width, so no padding is possible
    const stop = Math.ceil(cellWidth / tabwidth) * tabwidth;
    this.#pending += "\t".repeat(Math.ceil((stop - textWidth) / tabwidth));
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++; // a lone surrogate is one rune (U+FFFD) once encoded
  return n;
}
