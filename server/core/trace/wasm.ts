// Loads the decoder's WebAssembly module from the bytes embedded at build time, so
// neither Deno nor a browser reads a project file by path. No Deno APIs here.

import { DecodeStatus } from "./format.ts";
import { parserWasmBase64 } from "../../../asm/build/parser_wasm.ts";

/** The decoder's exports (see asm/src/parser.ts). */
export interface ParserExports {
  memory: WebAssembly.Memory;
  allocInput(len: number): number;
  begin(): number;
  step(budget: number): number;
  progress(): bigint;
  traceVersion(): number;
  eventCount(): number;
  baseTime(): bigint;
  validEventCount(): number;
  validByteCount(): bigint;
  colTime(): number;
  colType(): number;
  colState(): number;
  colCtx(): number;
  colStack(): number;
  colA0(): number;
  colA1(): number;
  colA2(): number;
  tablePtr(kind: number): number;
  tableLen(kind: number): number;
  errorText(): number;
  errorLength(): number;
  errorAt(): bigint;
  // Windows, blocks and re-decoding (asm/src/parser.ts).
  inputBuffer(cap: number): number;
  setWindow(len: number, base: bigint, eof: number): void;
  needInput(): number;
  consumed(): bigint;
  startBlock(): void;
  blockFirst(): bigint;
  extraFirst(): bigint;
  expFirst(): bigint;
  saveState(): number;
  stateLength(): number;
  stateBuffer(len: number): number;
  enterReplay(): void;
  loadState(first: bigint, extraBase: bigint, expBase: bigint): void;
  // Two decoders on one trace (server/core/trace/parallel.ts).
  canonicalState(): number;
  logUnknownRegionEnds(on: number): void;
  unknownRegionEnds(): number;
  exportIdTables(): number;
  importIdTables(): void;
  importedContext(c: number): number;
}

export const STATUS_MORE = DecodeStatus.More;
export const STATUS_DONE = DecodeStatus.Done;
export const STATUS_ERROR = DecodeStatus.Error;
/** Between generations (Go 1.22+): the rows before are complete; see decoder.ts. */
export const STATUS_BOUNDARY = DecodeStatus.Boundary;

let compiled: Promise<WebAssembly.Module> | undefined;

export function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Compiles the module once per process. */
export function parserModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(decodeBase64(parserWasmBase64));
  return compiled;
}

/** A fresh instance: each parse gets its own linear memory, freed with the trace. */
export async function newParser(): Promise<ParserExports> {
  return instantiateParser(await parserModule());
}

/** Instantiates a decoder module; `memory` for the threads build, which imports it. */
export async function instantiateParser(
  module: WebAssembly.Module,
  imports: { memory?: WebAssembly.Memory } = {},
): Promise<ParserExports> {
  // abort() may run during instantiation (start function), before exports exist.
  const ref: { exports?: ParserExports } = {};
  const instance = await WebAssembly.instantiate(module, {
    env: {
      ...imports,
      abort(msg: number, file: number, line: number, col: number) {
        const text = (p: number) => {
          const mem = ref.exports?.memory;
          if (!mem || p === 0) return "";
          const len = new Uint32Array(mem.buffer, p - 4, 1)[0];
          return String.fromCharCode(...new Uint16Array(mem.buffer, p, len >>> 1));
        };
        throw new Error(`internal error in decoder: ${text(msg)} at ${text(file)}:${line}:${col}`);
      },
    },
  });
  ref.exports = instance.exports as unknown as ParserExports;
  return ref.exports;
}
