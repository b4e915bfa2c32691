// Where the events and batches of a v1 trace (Go 1.11–1.21) start, for tests that cut or
// mutate v1 traces at meaningful places. A lenient scan of the encoding: it stops at the
// first byte it cannot make sense of and says where.

/** The layout of a v1 trace. */
export interface V1Layout {
  /** Length of the "go 1.N trace\0\0\0" header. */
  headerEnd: number;
  /** Offset of every event (batch headers included), in file order. */
  events: number[];
  /** Offset of every Batch event. */
  batches: number[];
  /** Where the scan stopped: the input length, unless the input is malformed there. */
  end: number;
}

const EV_BATCH = 1;
const EV_STRING = 37;
const EV_USER_LOG = 48;

/** Scans a v1 trace; throws if it does not start with a v1 header. */
export function listV1Events(bytes: Uint8Array): V1Layout {
  const header = new TextDecoder("latin1").decode(bytes.subarray(0, 16));
  const m = header.match(/^go 1\.(\d+) trace\0\0\0/);
  if (!m || Number(m[1]) >= 22) throw new Error("not a v1 trace");
  const layout: V1Layout = { headerEnd: m[0].length, events: [], batches: [], end: 0 };
  let p = layout.headerEnd;
  // Next uvarint's end, or -1 if it runs off the input or past 10 bytes.
  const skipVarint = (at: number): number => {
    for (let i = 0; i < 10 && at + i < bytes.length; i++) {
      if (bytes[at + i] < 0x80) return at + i + 1;
    }
    return -1;
  };
  const readVarint = (at: number): [bigint, number] => {
    const end = skipVarint(at);
    if (end < 0) return [0n, -1];
    let v = 0n;
    for (let i = end - 1; i >= at; i--) v = (v << 7n) | BigInt(bytes[i] & 0x7f);
    return [v, end];
  };
  // Skips a length-prefixed run of bytes; -1 if it does not fit.
  const skipBytes = (at: number): number => {
    const [n, q] = readVarint(at);
    if (q < 0 || n > BigInt(bytes.length - q)) return -1;
    return q + Number(n);
  };
  while (p < bytes.length) {
    const start = p;
    const typ = bytes[p] & 0x3f;
    const narg = (bytes[p] >> 6) + 1;
    p++;
    if (typ === EV_STRING) {
      p = skipVarint(p);
      if (p >= 0) p = skipBytes(p);
    } else if (narg <= 3) {
      for (let i = 0; i < narg && p >= 0; i++) p = skipVarint(p);
    } else {
      p = skipBytes(p);
      if (p >= 0 && typ === EV_USER_LOG) p = skipBytes(p);
    }
    if (p < 0 || typ === 0 || typ >= 50) {
      layout.end = start;
      return layout;
    }
    layout.events.push(start);
    if (typ === EV_BATCH) layout.batches.push(start);
  }
  layout.end = bytes.length;
  return layout;
}

/** Whether the bytes start with a v1 trace header ("go 1.11 trace" … "go 1.21 trace"). */
export function isV1Header(bytes: Uint8Array): boolean {
  const m = new TextDecoder("latin1").decode(bytes.subarray(0, 16)).match(/^go 1\.(\d+) trace/);
  return m !== null && Number(m[1]) >= 11 && Number(m[1]) <= 21;
}

// ---- Building v1 traces by hand --------------------------------------------------------

function uvarint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return out;
}

/** The header of a v1 trace of version `minor` (11, 19, 21; others for error cases). */
export function v1Header(minor: number): number[] {
  return [...new TextEncoder().encode(`go 1.${minor} trace\0\0\0`)];
}

/**
 * An event as the runtime writes it: up to three values inline (their count minus one in
 * the type byte's top bits), more behind a byte length.
 */
export function v1Event(typ: number, ...values: (number | bigint)[]): number[] {
  const body = values.flatMap(uvarint);
  if (values.length >= 1 && values.length <= 3) return [typ | ((values.length - 1) << 6), ...body];
  return [typ | 0xc0, ...uvarint(body.length), ...body];
}

/** A batch header for P `pid` (2^64-1: no P) at absolute tick `ticks`. */
export function v1Batch(pid: number | bigint, ticks: number | bigint): number[] {
  return [1 | 0x40, ...uvarint(pid), ...uvarint(ticks)];
}

/** A string table entry. */
export function v1String(id: number, s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [37, ...uvarint(id), ...uvarint(b.length), ...b];
}

/** A UserLog: task, category string id and stack (length-prefixed), then the message. */
export function v1UserLog(
  dt: number,
  task: number,
  key: number,
  stk: number,
  msg: string,
): number[] {
  const m = [...new TextEncoder().encode(msg)];
  return [...v1Event(48, dt, task, key, stk), ...uvarint(m.length), ...m];
}
