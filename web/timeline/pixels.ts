// Pixel buffers for what is drawn a pixel column at a time: rows of density blocks and
// narrow spans, instant ticks, counter stacks. At coarse zoom a row is one block per
// pixel; written into an ImageData and put in one call, it costs a memory copy instead of
// a thousand rasterized rectangles (the canvas is software-rendered: no GPU).

/** An opaque colour as ImageData stores it (little-endian RGBA in a u32). */
export function pack(r: number, g: number, b: number): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function packCSS(css: string): number {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (hex) return pack(parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16));
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css.trim());
  return rgb ? pack(Number(rgb[1]), Number(rgb[2]), Number(rgb[3])) : pack(128, 128, 128);
}

/** A strip as wide as the tracks: per device-pixel column one colour, the heaviest wins. */
export class RowPixels {
  #img: ImageData | null = null;
  // Rows come in a few heights: keep an ImageData per size rather than remake them.
  #bySize = new Map<number, ImageData>();
  #u32 = new Uint32Array(0);
  #color = new Uint32Array(0);
  #weight = new Float32Array(0);
  #w = 0;
  #h = 0;
  used = false;

  /** Starts a strip of w x h device pixels. */
  begin(ctx: CanvasRenderingContext2D, w: number, h: number): void {
    w = Math.max(1, Math.round(w));
    h = Math.max(1, Math.round(h));
    if (!this.#img || this.#img.width !== w || this.#img.height !== h) {
      const key = w * 4096 + h;
      let img = this.#bySize.get(key);
      if (!img) {
        if (this.#bySize.size > 16) this.#bySize.clear();
        img = ctx.createImageData(w, h);
        this.#bySize.set(key, img);
      }
      this.#img = img;
      this.#u32 = new Uint32Array(img.data.buffer);
    }
    if (this.#color.length < w) {
      this.#color = new Uint32Array(w);
      this.#weight = new Float32Array(w);
    }
    this.#weight.fill(-1, 0, w);
    this.#w = w;
    this.#h = h;
    this.used = false;
  }

  /** Colours device columns [x0, x1) unless a heavier colour is there already. */
  columns(x0: number, x1: number, color: number, weight: number): void {
    const a = Math.max(0, Math.floor(x0)), b = Math.min(this.#w, Math.max(a + 1, Math.ceil(x1)));
    for (let x = a; x < b; x++) {
      if (weight > this.#weight[x]) {
        this.#weight[x] = weight;
        this.#color[x] = color;
      }
    }
    this.used = true;
  }

  /**
   * Puts the strip at device (dx, dy), uncoloured columns in `bg`, nothing above
   * device row `clipTop`.
   */
  put(ctx: CanvasRenderingContext2D, dx: number, dy: number, bg: number, clipTop: number): void {
    const img = this.#img!, u = this.#u32, w = this.#w, h = this.#h;
    for (let x = 0; x < w; x++) u[x] = this.#weight[x] >= 0 ? this.#color[x] : bg;
    for (let y = 1; y < h; y++) u.copyWithin(y * w, 0, w);
    dx = Math.round(dx);
    dy = Math.round(dy);
    const skip = Math.max(0, clipTop - dy);
    if (skip >= h) return;
    ctx.putImageData(img, dx, dy, 0, skip, w, h - skip);
  }
}

/** A counter track: stacked colours per device column, bottom up. */
export class StackPixels {
  #img: ImageData | null = null;
  #u32 = new Uint32Array(0);
  #w = 0;
  #h = 0;

  begin(ctx: CanvasRenderingContext2D, w: number, h: number, bg: number): void {
    w = Math.max(1, Math.round(w));
    h = Math.max(1, Math.round(h));
    if (!this.#img || this.#img.width !== w || this.#img.height !== h) {
      this.#img = ctx.createImageData(w, h);
      this.#u32 = new Uint32Array(this.#img.data.buffer);
    }
    this.#u32.fill(bg, 0, w * h);
    this.#w = w;
    this.#h = h;
  }

  /** Column x: device rows [h - top, h - bottom) in `color`. */
  span(x: number, bottom: number, top: number, color: number): void {
    if (x < 0 || x >= this.#w) return;
    const h = this.#h, w = this.#w, u = this.#u32;
    const y0 = Math.max(0, h - Math.round(top)), y1 = Math.min(h, h - Math.round(bottom));
    for (let y = y0; y < y1; y++) u[y * w + x] = color;
  }

  put(ctx: CanvasRenderingContext2D, dx: number, dy: number, clipTop: number): void {
    dx = Math.round(dx);
    dy = Math.round(dy);
    const skip = Math.max(0, clipTop - dy);
    if (skip >= this.#h) return;
    ctx.putImageData(this.#img!, dx, dy, 0, skip, this.#w, this.#h - skip);
  }
}
