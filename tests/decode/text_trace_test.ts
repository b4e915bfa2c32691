// Our text-trace converter against Go's own (internal/trace/raw TextReader + Writer, via
// tests/go/gotraceraw): the same bytes for every test vector, and the same bytes or the
// same error for hand-written edge cases of the text grammar.

import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import { goTraceVectors, listDir } from "../support/paths.ts";
import { parseTextTrace, TextTraceError, textTraceToBytes } from "../support/goport/text_trace.ts";
import { parseTxtar, txtarFile } from "../support/goport/txtar.ts";

const VECTORS = goTraceVectors().tests;
const enc = new TextEncoder();

function vectorTrace(name: string): Uint8Array {
  const trace = txtarFile(parseTxtar(Deno.readFileSync(new URL(name, VECTORS))), "trace");
  if (!trace) throw new Error(`${name}: no trace file`);
  return trace;
}

// Our outcome in the shape of Go's: bytes on success, the error message on failure.
function ours(text: Uint8Array): { bytes?: Uint8Array; error?: string } {
  try {
    return { bytes: textTraceToBytes(text) };
  } catch (e) {
    if (!(e instanceof TextTraceError)) throw e;
    return { error: e.message };
  }
}

async function go(
  cmd: GoCommand,
  text: Uint8Array,
): Promise<{ bytes?: Uint8Array; error?: string }> {
  const r = await cmd.run(["text2bytes"], text);
  return r.code === 0 ? { bytes: r.stdout } : { error: r.stderr.trimEnd() };
}

Deno.test("every test vector converts to exactly the bytes Go's raw reader and writer give", async (t) => {
  await using gotraceraw = await GoCommand.build("gotraceraw");
  const names = listDir(VECTORS, ".test");
  assert.deepEqual(names.length, 22);
  let identical = 0;
  for (const name of names) {
    await t.step(name, async () => {
      const text = vectorTrace(name);
      const want = await go(gotraceraw, text);
      assert.deepEqual(want.error, undefined, `Go cannot convert ${name}`);
      assert.deepEqual(ours(text), want);
      identical++;
    });
  }
  assert.deepEqual(identical, 22);
});

Deno.test("a batch declaring more bytes than follow is written as declared, like Go", async () => {
  // go122-fail-first-gen-first ends with `EventBatch gen=2 m=0 time=0 size=50` and no
  // events. The text reader never checks sizes, so Go (and we) emit the header alone;
  // the truncation is what the parser test is about.
  await using gotraceraw = await GoCommand.build("gotraceraw");
  const text = vectorTrace("go122-fail-first-gen-first.test");
  const bytes = textTraceToBytes(text);
  assert.deepEqual((await go(gotraceraw, text)).bytes, bytes);
  assert.deepEqual(bytes.length, 41);
  assert.deepEqual([...bytes.subarray(-5)], [0x01, 0x02, 0x00, 0x00, 50]);
});

Deno.test("a sync batch converts to the documented bytes", () => {
  const text = "Trace Go1.22\n" +
    "EventBatch gen=1 m=18446744073709551615 time=0 size=5\n" +
    "Frequency freq=15625000\n";
  assert.deepEqual([...textTraceToBytes(text)], [
    ...enc.encode("go 1.22 trace\0\0\0"),
    0x01,
    0x01,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0x01,
    0x00,
    0x05,
    0x08,
    0xa8,
    0xd6,
    0xb9,
    0x07,
  ]);
});

Deno.test("stack frames and data trailers become args and data of the raw event", () => {
  const trace = parseTextTrace(
    "Trace Go1.22\nStack id=7 nframes=2\n\tpc=1 func=2 file=3 line=4\n\tpc=5 func=6 file=7 line=8\n" +
      'String id=3\n\tdata="a\\x00\\xff\\u00e9"\n',
  );
  assert.deepEqual(trace.version, 22);
  assert.deepEqual(trace.events[0], { type: 3, args: [7n, 2n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n] });
  assert.deepEqual(trace.events[1].type, 5);
  assert.deepEqual([...trace.events[1].data!], [0x61, 0x00, 0xff, 0xc3, 0xa9]);
});

Deno.test("an event newer than the header's version is unidentified", () => {
  assert.throws(
    () => textTraceToBytes("Trace Go1.22\nGoSwitch dt=1 g=1 g_seq=1\n"),
    new TextTraceError("unidentified event: GoSwitch"),
  );
  assert.deepEqual(textTraceToBytes("Trace Go1.23\nGoSwitch dt=1 g=1 g_seq=1\n").at(-4), 45);
});

// Each case goes through both converters; they must agree on the bytes or the message.
const EDGE_CASES: [string, string | Uint8Array][] = [
  ["header only", "Trace Go1.22\n"],
  ["no final newline", "Trace Go1.22\nFrequency freq=1"],
  [
    "comments, blank lines, CRLF and indentation",
    "# c\r\n\r\n  Trace Go1.22 \r\n\t# x\nStacks\r\n",
  ],
  [
    "Unicode white space separates tokens",
    "Trace\u3000Go1.22\nGoStart\u00a0dt=1\u2003g=2 g_seq=3\u0085\n",
  ],
  ["'#' ends a token", "Trace Go1.22\nStacks# trailing comment\n"],
  ["the version wraps at 32 bits like Go's uint32", "Trace Go1.4294967318\nStacks\n"],
  ["v1 versions have no events", "Trace Go1.11\n"],
  ["v1 versions reject events", "Trace Go1.21\nStacks\n"],
  ["1.25 sync batch", "Trace Go1.25\nSync\nClockSnapshot dt=1 mono=2 sec=3 nsec=4\n"],
  ["1.26 end of generation", "Trace Go1.26\nEndOfGeneration\n"],
  ["1.26 experimental events", "Trace Go1.26\nSpanAlloc dt=1 id=2 npages_value=3 kindclass=4\n"],
  [
    "experimental batch with raw-string data",
    'Trace Go1.23\nExperimentalBatch exp=1 gen=2 m=3 time=4\n\tdata=`a\\x"b`\n',
  ],
  [
    "data with every escape",
    'Trace Go1.22\nString id=1\n data="\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\101\\x7f\\u20ac\\U0001F600"\n',
  ],
  ["data key and value are trimmed", 'Trace Go1.22\nString id=1\n\t data = "x" \t\n'],
  ["data as a character literal", "Trace Go1.22\nString id=1\ndata='\u00e9'\n"],
  ["empty data", 'Trace Go1.22\nString id=1\ndata=""\n'],
  [
    "raw invalid UTF-8 in quoted data",
    concat('Trace Go1.22\nString id=1\ndata="', [0xff, 0xc3], '"\n'),
  ],
  [
    "raw invalid UTF-8 in back-quoted data",
    concat("Trace Go1.22\nString id=1\ndata=`", [0xff], "`\n"),
  ],
  [
    "huge nframes converts to a negative int in Go: no frames",
    "Trace Go1.22\nStack id=1 nframes=18446744073709551615\n",
  ],
  ["max uint64 args", "Trace Go1.22\nFrequency freq=18446744073709551615\n"],
  ["leading zeros", "Trace Go1.22\nFrequency freq=000123\n"],
  ["empty input", ""],
  ["only comments", "# nothing\n\n"],
  ["not a header", "Traces Go1.22\n"],
  ["header without version", "Trace\n"],
  ["header version not 1.x", "Trace Go2.22\n"],
  ["header version not a number", "Trace Go1.x\n"],
  ["unsupported version", "Trace Go1.24\n"],
  ["junk after the header", "Trace Go1.22 # comment\n"],
  ["unknown event", "Trace Go1.22\nGoFly dt=1\n"],
  ["missing argument", "Trace Go1.22\nGoStart dt=1 g=2\n"],
  ["argument without '='", "Trace Go1.22\nGoStart dt=1 g2 g_seq=3\n"],
  ["arguments out of order", "Trace Go1.22\nGoStart dt=1 g_seq=3 g=2\n"],
  ["argument value with a sign", "Trace Go1.22\nGoStart dt=+1 g=2 g_seq=3\n"],
  ["argument value past uint64", "Trace Go1.22\nFrequency freq=18446744073709551616\n"],
  ["empty argument value", "Trace Go1.22\nFrequency freq=\n"],
  ["extra argument", "Trace Go1.22\nFrequency freq=1 x=2\n"],
  ["trailing comment after arguments", "Trace Go1.22\nFrequency freq=1 # no\n"],
  ["stack cut short", "Trace Go1.22\nStack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n"],
  ["frame with a missing field", "Trace Go1.22\nStack id=1 nframes=1\n\tpc=1 func=2 file=3\n"],
  ["data line missing", "Trace Go1.22\nString id=1\n"],
  ["data line with the wrong key", 'Trace Go1.22\nString id=1\ndatum="x"\n'],
  ["data line without '='", 'Trace Go1.22\nString id=1\ndata "x"\n'],
  ["data with a bad escape", 'Trace Go1.22\nString id=1\ndata="\\q"\n'],
  ["data with an unterminated quote", 'Trace Go1.22\nString id=1\ndata="x\n'],
  ["data with junk after the quote", 'Trace Go1.22\nString id=1\ndata="x" y\n'],
  ["data with a surrogate escape", 'Trace Go1.22\nString id=1\ndata="\\ud800"\n'],
  ["data with octal past 255", 'Trace Go1.22\nString id=1\ndata="\\400"\n'],
  // bufio.Scanner's 64 KiB buffer must hold the line, its '\n' not counted.
  ["a 65536-byte line is too long for bufio.Scanner", `Trace Go1.22\n#${"x".repeat(65_535)}\n`],
  ["a 65536-byte last line without newline too", `Trace Go1.22\n#${"x".repeat(65_535)}`],
  ["a 65535-byte line is fine", `Trace Go1.22\n#${"x".repeat(65_534)}\n`],
];

function concat(...parts: (string | number[])[]): Uint8Array {
  return new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...enc.encode(p)] : p),
  );
}

Deno.test("edge cases of the text grammar convert or fail exactly as in Go", async (t) => {
  await using gotraceraw = await GoCommand.build("gotraceraw");
  let failures = 0;
  for (const [name, input] of EDGE_CASES) {
    await t.step(name, async () => {
      const text = typeof input === "string" ? enc.encode(input) : input;
      const want = await go(gotraceraw, text);
      if (want.error !== undefined) failures++;
      assert.deepEqual(ours(text), want);
    });
  }
  // Guard against a broken Go run making every case "fail" alike.
  assert.ok(failures > 10 && failures < EDGE_CASES.length - 10, `${failures} Go failures`);
});
