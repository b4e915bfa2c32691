// Go fuzz corpus files (internal/fuzz encoding v1): a `go test fuzz v1` line, then one
// value per line. Our fuzz targets take a single []byte, so only `[]byte(<string literal>)`
// values are accepted.

import { asBytes, trimSpace } from "./goport/go_runes.ts";
import { unquoteGo } from "./goport/go_string.ts";

const VERSION_LINE = "go test fuzz v1";
const decoder = new TextDecoder();

/** Decodes every value of a corpus file, in order. */
export function decodeFuzzCorpus(input: Uint8Array | string): Uint8Array[] {
  const data = asBytes(input);
  if (data.length === 0) throw new Error("cannot unmarshal empty string");
  const lines = splitLines(data);
  if (lines.length < 2) throw new Error("must include version and at least one value");
  const version = decoder.decode(lines[0]).replace(/\r$/, "");
  if (version !== VERSION_LINE) throw new Error(`unknown encoding version: ${version}`);
  const values: Uint8Array[] = [];
  for (const raw of lines.slice(1)) {
    const line = trimSpace(raw);
    if (line.length > 0) values.push(parseBytesValue(line));
  }
  return values;
}

/** Decodes a corpus file that must hold exactly one []byte value (a FuzzReader seed). */
export function decodeFuzzBytes(input: Uint8Array | string): Uint8Array {
  const values = decodeFuzzCorpus(input);
  if (values.length !== 1) throw new Error(`expected 1 value, got ${values.length}`);
  return values[0];
}

// `[]byte(` literal `)`, allowing the blanks Go's expression parser would.
function parseBytesValue(line: Uint8Array): Uint8Array {
  const prefix = /^\[\]\s*byte\s*\(\s*/.exec(decoder.decode(line.subarray(0, 32)));
  const end = line.length - 1; // the line is trimmed: ')' must be last
  if (!prefix || line[end] !== 0x29) {
    throw new Error(`malformed line ${JSON.stringify(decoder.decode(line))}: expected []byte`);
  }
  // The prefix is ASCII, so its length in chars is its length in bytes.
  const literal = trimSpace(line.subarray(prefix[0].length, end));
  try {
    return unquoteGo(literal);
  } catch (e) {
    throw new Error(
      `malformed line ${JSON.stringify(decoder.decode(line))}: ${(e as Error).message}`,
    );
  }
}

// bytes.Split(data, "\n"): n+1 pieces for n newlines.
function splitLines(data: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
    lines.push(data.subarray(start, nl));
    start = nl + 1;
  }
  lines.push(data.subarray(start));
  return lines;
}
