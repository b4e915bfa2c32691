// The generations of a Go 1.22+ trace from its batch headers alone, without decoding
// events: where each starts and ends in the file and when it starts. Used to open part
// of a big trace (-range): the generations chosen, after the header, are themselves a
// trace Go can read, as a flight-recorder snapshot is. No Deno APIs.

import { type ByteSource, readFully } from "./source.ts";
import { eventIdsByName, V2_SPECS } from "./v2_specs.ts";

export interface GenerationSpan {
  /** The generation number in the file. */
  gen: number;
  /** File offsets of its first byte and of the byte after its last. */
  fileStart: number;
  fileEnd: number;
  /** Its earliest and latest batch times in ticks, and the ticks per second it gives. */
  minTicks: number;
  maxTicks: number;
  ticksPerSecond: number;
}

// Wire types (Go's internal/tracev2), from v2_specs.ts.
const wireIds = eventIdsByName(V2_SPECS);
const EV_EVENT_BATCH = wireIds.get("EventBatch")!;
const EV_FREQUENCY = wireIds.get("Frequency")!; // Go 1.22–1.24: the frequency batch's first event
const EV_EXPERIMENTAL_BATCH = wireIds.get("ExperimentalBatch")!;
const EV_SYNC = wireIds.get("Sync")!; // Go 1.25+: the sync batch's first event
const EV_END_OF_GENERATION = wireIds.get("EndOfGeneration")!; // Go 1.26+
const CHUNK = 8 << 20;

/**
 * Scans the batch headers after the trace header (`headerEnd` bytes) and returns the
 * generations in file order. Stops quietly at the first malformed or truncated batch:
 * the decoder reports those when it reads them.
 */
export async function scanGenerations(
  src: ByteSource,
  headerEnd: number,
  version: number,
): Promise<GenerationSpan[]> {
  const spans: GenerationSpan[] = [];
  let buf = new Uint8Array(Math.min(CHUNK, Math.max(src.size, 1)));
  let base = headerEnd, len = 0, pos = 0;
  // Makes n bytes from pos available, if the file has them.
  const ensure = async (n: number): Promise<boolean> => {
    if (len - pos >= n) return true;
    if (n > buf.length) {
      const bigger = new Uint8Array(n * 2);
      bigger.set(buf.subarray(pos, len));
      buf = bigger;
    } else buf.copyWithin(0, pos, len);
    base += pos;
    len -= pos;
    pos = 0;
    len += await readFully(src, base + len, buf.subarray(len));
    return len - pos >= n;
  };
  let value = 0;
  const uvarint = (): boolean => {
    let x = 0, s = 1;
    for (let i = 0; i < 10 && pos < len; i++) {
      const b = buf[pos++];
      x += (b & 0x7f) * s;
      s *= 128;
      if (b < 0x80) {
        value = x;
        return true;
      }
    }
    return false;
  };
  let cur: GenerationSpan | undefined;
  const close = (at: number) => {
    if (cur) {
      cur.fileEnd = at;
      spans.push(cur);
      cur = undefined;
    }
  };
  while (await ensure(1)) {
    const at = base + pos;
    const typ = buf[pos];
    if (typ === EV_END_OF_GENERATION) {
      pos++;
      close(base + pos);
      continue;
    }
    if (typ !== EV_EVENT_BATCH && typ !== EV_EXPERIMENTAL_BATCH) break;
    if (!await ensure(2 + 4 * 10)) {
      // A short tail: parse what is there.
    }
    pos += typ === EV_EXPERIMENTAL_BATCH ? 2 : 1;
    if (!uvarint()) break;
    const gen = value;
    if (!uvarint()) break; // M
    if (!uvarint()) break;
    const ticks = value;
    if (!uvarint()) break;
    const size = value;
    if (!await ensure(size)) break;
    if (cur && cur.gen !== gen) close(at);
    if (!cur) {
      cur = { gen, fileStart: at, fileEnd: 0, minTicks: ticks, maxTicks: ticks, ticksPerSecond: 0 };
    }
    if (ticks < cur.minTicks) cur.minTicks = ticks;
    if (ticks > cur.maxTicks) cur.maxTicks = ticks;
    if (typ === EV_EVENT_BATCH && size > 0) {
      const first = buf[pos];
      if (first === EV_END_OF_GENERATION && version >= 26) {
        pos += size;
        close(base + pos);
        continue;
      }
      if ((first === EV_FREQUENCY && version < 25) || (first === EV_SYNC && version >= 25)) {
        const end = pos + size;
        const save = pos;
        pos += version >= 25 ? 1 : 0;
        while (pos < end) {
          const ev = buf[pos++];
          if (!uvarint()) break;
          if (ev === EV_FREQUENCY) {
            cur.ticksPerSecond = value;
            break;
          }
          // A clock snapshot: three more values.
          if (!uvarint() || !uvarint() || !uvarint()) break;
        }
        pos = save;
      }
    }
    pos += size;
  }
  close(base + pos);
  return spans;
}

/** ns since the first generation's start of a time in ticks of generation k. */
function sinceStart(spans: GenerationSpan[], k: number, ticks: number): number {
  const f = spans[k].ticksPerSecond || spans[0].ticksPerSecond;
  return f > 0 ? (ticks - spans[0].minTicks) / f * 1e9 : 0;
}

/** When generation k starts (ns since the first one's start). */
export function generationStartNs(spans: GenerationSpan[], k: number): number {
  return sinceStart(spans, k, spans[k].minTicks);
}

/** When generation k ends: the next one's start, or for the last its latest batch. */
export function generationEndNs(spans: GenerationSpan[], k: number): number {
  return k + 1 < spans.length
    ? generationStartNs(spans, k + 1)
    : sinceStart(spans, k, spans[k].maxTicks);
}

/** Sync reads too, when the source has them (the raw reader streams with them). */
type MaybeSync = ByteSource & { readSync?(offset: number, dst: Uint8Array): number };

/**
 * A source that is the file's first `headerEnd` bytes followed by its bytes start..end-1
 * (the header and some generations): to the decoder, a trace of its own.
 */
export function spliceSource(
  src: MaybeSync,
  headerEnd: number,
  start: number,
  end: number,
): MaybeSync {
  const size = headerEnd + (end - start);
  // The file offset of virtual offset o, and how many bytes run on from there.
  const place = (o: number): [number, number] =>
    o < headerEnd ? [o, headerEnd - o] : [start + (o - headerEnd), size - o];
  const base = src.workerSpec?.();
  const out: MaybeSync = {
    size,
    workerSpec: base ? () => ({ splice: { base, headerEnd, start, end } }) : undefined,
    async read(offset, dst) {
      let done = 0;
      while (done < dst.length && offset + done < size) {
        const [at, run] = place(offset + done);
        const n = Math.min(run, dst.length - done);
        const got = await readFully(src, at, dst.subarray(done, done + n));
        done += got;
        if (got < n) break;
      }
      return done;
    },
  };
  if (src.readSync) {
    const readSync = src.readSync.bind(src);
    out.readSync = (offset, dst) => {
      let done = 0;
      while (done < dst.length && offset + done < size) {
        const [at, run] = place(offset + done);
        const n = Math.min(run, dst.length - done);
        let got = 0;
        while (got < n) {
          const r = readSync(at + got, dst.subarray(done + got, done + n));
          if (r <= 0) break;
          got += r;
        }
        done += got;
        if (got < n) break;
      }
      return done;
    };
  }
  return out;
}
