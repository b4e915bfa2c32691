// The visible time window and its arithmetic: ns <-> pixels, zoom about a point, pan,
// clamping to the trace, and Go's "#startMs:endMs" location hash (milliseconds since the
// trace start; the MMU page writes absolute milliseconds, which we recognise).

export class Viewport {
  constructor(
    /** Visible window, ns since the trace start. */
    public t0: number,
    public t1: number,
    /** Width of the track area in CSS pixels. */
    public width: number,
    readonly endTime: number,
    /** Where the events shown start (a part of a big trace starts after 0). */
    readonly startTime = 0,
  ) {
    // A window asked for (a link's "#a:b") is kept about the events shown.
    this.set(t0, t1);
  }

  get span(): number {
    return this.t1 - this.t0;
  }

  /** ns per CSS pixel. */
  get nsPerPx(): number {
    return this.span / Math.max(1, this.width);
  }

  x(t: number): number {
    return (t - this.t0) / this.span * this.width;
  }

  time(x: number): number {
    return this.t0 + x / this.width * this.span;
  }

  set(t0: number, t1: number): void {
    const min = 50; // ns: nothing in a trace is finer
    const lo = this.startTime, hi = this.endTime;
    const pad = (hi - lo) * 0.05 + 1000;
    if (t1 - t0 < min) {
      const c = (t0 + t1) / 2;
      t0 = c - min / 2;
      t1 = c + min / 2;
    }
    const maxSpan = hi - lo + 2 * pad;
    if (t1 - t0 > maxSpan) {
      t0 = lo - pad;
      t1 = hi + pad;
    }
    if (t0 < lo - pad) [t0, t1] = [lo - pad, lo - pad + (t1 - t0)];
    if (t1 > hi + pad) [t0, t1] = [hi + pad - (t1 - t0), hi + pad];
    this.t0 = t0;
    this.t1 = t1;
  }

  /** Zooms by `factor` (<1 zooms in) keeping the time under pixel x in place. */
  zoom(factor: number, x: number): void {
    const t = this.time(x);
    this.set(t - (t - this.t0) * factor, t + (this.t1 - t) * factor);
  }

  /** Pans by a number of pixels (positive moves later in time). */
  pan(dx: number): void {
    const dt = dx * this.nsPerPx;
    this.set(this.t0 + dt, this.t1 + dt);
  }

  /** Centers on t, keeping the zoom. */
  center(t: number): void {
    const h = this.span / 2;
    this.set(t - h, t + h);
  }
}

/** The window a "#a:b" hash names (ms), or null. Absolute ms are mapped to the trace. */
export function parseHash(
  hash: string,
  endTime: number,
  baseTimeMs: number,
): [number, number] | null {
  const m = /^#?(-?[0-9.e+-]+):(-?[0-9.e+-]+)$/.exec(hash);
  if (!m) return null;
  let a = parseFloat(m[1]), b = parseFloat(m[2]);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
  if (b < a) [a, b] = [b, a];
  const endMs = endTime / 1e6;
  // The MMU page links absolute times (Go's quirk): beyond the trace but within it once
  // the trace's start is subtracted.
  if (a > endMs && a - baseTimeMs >= -1e-6 && a - baseTimeMs <= endMs + 1e-6) {
    a -= baseTimeMs;
    b -= baseTimeMs;
  }
  const t0 = a * 1e6, t1 = b * 1e6;
  return t1 > t0 ? [t0, t1] : [t0 - 500, t0 + 500];
}

/** The hash for a window, as Go writes it (ms). */
export function formatHash(t0: number, t1: number): string {
  const ms = (t: number) => String(Math.round(t) / 1e6);
  return `#${ms(t0)}:${ms(t1)}`;
}
