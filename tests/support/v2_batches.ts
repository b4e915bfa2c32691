// The batch framing of a v2 trace (Go's readBatch in internal/trace/batch.go), read here
// independently of the decoder so tests can cut a trace at batch boundaries, copy and
// swap whole batches, and rewrite generation numbers.

import { isHeaderError, readTraceHeader } from "../../server/core/trace/header.ts";

const EV_EVENT_BATCH = 0x01;
const EV_EXPERIMENTAL_BATCH = 0x31;
const EV_END_OF_GENERATION = 0x34;
const MAX_BATCH_SIZE = 65536n;

export interface V2Batch {
  /** Offset of the batch's type byte. */
  start: number;
  /** Offset just past the batch (its data, or the lone EndOfGeneration byte). */
  end: number;
  /** `end`: an EndOfGeneration byte, which Go's reader takes as a batch of its own. */
  kind: "events" | "experimental" | "end";
  /** The header's generation; for `end`, that of the batch before it (0 if none). */
  gen: bigint;
  /** Where the generation uvarint is (both equal to `start` for `end`). */
  genStart: number;
  genEnd: number;
  /** Offset of the first data byte (it says which section a batch is), or -1 if empty. */
  dataStart: number;
}

export interface V2Framing {
  /** The N of "go 1.N trace". */
  version: number;
  /** Offset of the first batch. */
  headerEnd: number;
  /** Batches that were read whole, in file order. */
  batches: V2Batch[];
  /** Why reading stopped before the end of the input, if it did. */
  error?: string;
}

/** A contiguous run of batches with one generation number (its end marker included). */
export interface V2Generation {
  gen: bigint;
  start: number;
  end: number;
  /** Index of its first batch in `V2Framing.batches`. */
  firstBatch: number;
  batchCount: number;
}

/** Reads the batch framing of a v2 trace; throws if the header is not a v2 header. */
export function listV2Batches(bytes: Uint8Array): V2Framing {
  const header = readTraceHeader(bytes);
  if (isHeaderError(header)) throw new Error(`not a trace: ${header.message}`);
  if (header.version < 22) throw new Error(`not a v2 trace: go 1.${header.version}`);
  const framing: V2Framing = { version: header.version, headerEnd: header.end, batches: [] };
  let pos = header.end;
  let lastGen = 0n;
  while (pos < bytes.length) {
    const start = pos;
    const typ = bytes[pos++];
    if (typ === EV_END_OF_GENERATION) {
      framing.batches.push({
        start,
        end: pos,
        kind: "end",
        gen: lastGen,
        genStart: start,
        genEnd: start,
        dataStart: -1,
      });
      continue;
    }
    if (typ !== EV_EVENT_BATCH && typ !== EV_EXPERIMENTAL_BATCH) {
      framing.error = `expected batch event, got event ${typ} at ${start}`;
      break;
    }
    if (typ === EV_EXPERIMENTAL_BATCH) pos++; // the experiment is one raw byte
    const genStart = pos;
    const fields: bigint[] = [];
    for (let k = 0; k < 4; k++) {
      const v = readUvarint(bytes, pos);
      if (v === undefined) break;
      fields.push(v.value);
      pos = v.end;
      if (k === 0) lastGen = v.value;
    }
    if (fields.length < 4 || pos > bytes.length) {
      framing.error = `truncated batch header at ${start}`;
      break;
    }
    const size = fields[3];
    if (size > MAX_BATCH_SIZE || pos + Number(size) > bytes.length) {
      framing.error = `batch at ${start} has size ${size}, ${bytes.length - pos} bytes left`;
      break;
    }
    framing.batches.push({
      start,
      end: pos + Number(size),
      kind: typ === EV_EVENT_BATCH ? "events" : "experimental",
      gen: fields[0],
      genStart,
      genEnd: readUvarint(bytes, genStart)!.end,
      dataStart: size > 0n ? pos : -1,
    });
    pos += Number(size);
  }
  return framing;
}

/** Offsets where a v2 trace can be cut between batches: after the header, after each batch. */
export function batchBoundaries(bytes: Uint8Array): number[] {
  const { headerEnd, batches } = listV2Batches(bytes);
  return [headerEnd, ...batches.map((b) => b.end)];
}

/** The generations in file order, as runs of batches sharing a generation number. */
export function listV2Generations(framing: V2Framing): V2Generation[] {
  const gens: (V2Generation & { closed: boolean })[] = [];
  framing.batches.forEach((b, i) => {
    const last = gens.at(-1);
    // The end marker closes the run before it; otherwise a new number starts a new run.
    if (last && !last.closed && (b.kind === "end" || b.gen === last.gen)) {
      last.end = b.end;
      last.batchCount++;
      last.closed = b.kind === "end";
      return;
    }
    gens.push({
      gen: b.gen,
      start: b.start,
      end: b.end,
      firstBatch: i,
      batchCount: 1,
      closed: false,
    });
  });
  return gens.map(({ closed: _, ...g }) => g);
}

/** Go's binary.ReadUvarint over bytes: undefined on truncation or overflow. */
export function readUvarint(
  bytes: Uint8Array,
  pos: number,
): { value: bigint; end: number } | undefined {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= bytes.length) return undefined;
    const b = bytes[pos + i];
    if (i === 9 && b > 1) return undefined;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if (b < 0x80) return { value, end: pos + i + 1 };
  }
  return undefined;
}

/** Minimal uvarint encoding. */
export function encodeUvarint(value: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, value);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/**
 * A Go 1.25 trace re-framed as Go 1.26: the same batches under a "go 1.26" header, with
 * the EndOfGeneration byte Go 1.26 writes after each generation. (1.26 changed only the
 * framing, so this yields multi-generation 1.26 inputs from the 1.25 test vectors.)
 */
export function reframeAsGo126(bytes: Uint8Array): Uint8Array {
  const framing = listV2Batches(bytes);
  if (framing.version !== 25 || framing.error) {
    throw new Error(`want a well-framed go 1.25 trace, got go 1.${framing.version}`);
  }
  const out: number[] = [...new TextEncoder().encode("go 1.26 trace\0\0\0")];
  for (const g of listV2Generations(framing)) {
    out.push(...bytes.subarray(g.start, g.end), EV_END_OF_GENERATION);
  }
  return Uint8Array.from(out);
}
