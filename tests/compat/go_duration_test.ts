import assert from "node:assert/strict";
import { GoCommand } from "../support/go_tool.ts";
import {
  DurationError,
  formatDuration,
  parseDuration,
} from "../../server/core/util/go_duration.ts";
import {
  addSample,
  bucketMin,
  bucketOf,
  newHistogram,
} from "../../server/core/summary/histogram.ts";
import { goQuoteString } from "../../server/core/util/go_quote.ts";

/** Go's answers to durationcheck requests ("F 123", "P 1.5ms", "B 999", "M 12"). */
async function askGo(requests: string[]): Promise<string[]> {
  await using cmd = await GoCommand.build("durationcheck");
  const res = await cmd.run([], new TextEncoder().encode(requests.join("\n") + "\n"));
  if (res.code !== 0) throw new Error(`durationcheck failed: ${res.stderr}`);
  const out = new TextDecoder().decode(res.stdout).split("\n");
  out.pop();
  return out;
}

function samples(): number[] {
  const ns = [0, 1, 9, 999, 1000, 1001, 1500, 999999, 1e6, 1e6 + 1, 1.5e9, 59e9, 60e9, 3599e9];
  ns.push(3600e9, 86400e9 + 1, 2 ** 53 - 1, -1, -1500, -90e9);
  let x = 1;
  for (let i = 0; i < 400; i++) {
    x = (x * 48271) % 2147483647;
    ns.push(Math.floor(x * 10 ** (i % 12) / 2147483647) + (i % 7));
  }
  return ns;
}

Deno.test("formatDuration spells durations as Go's Duration.String", async () => {
  const ns = samples();
  const want = await askGo(ns.map((n) => `F ${n}`));
  assert.deepEqual(ns.map(formatDuration), want);
});

Deno.test("parseDuration accepts and rejects what Go's ParseDuration does, with Go's errors", async () => {
  const inputs = [
    "0",
    "1ns",
    "1.5ms",
    "1.584893ms",
    "250µs",
    "250μs",
    "250us",
    "2h45m30.5s",
    "-1.5s",
    "+3m",
    ".5s",
    "5.s",
    "1e3s",
    "",
    "abc",
    "1",
    "1x",
    ".s",
    "-",
    "9223372036854775808ns",
    "2562048h",
    "0.0000000001s",
    "1.00000000000000000000000001s",
    "3.999999999999999999h",
  ];
  for (const n of samples().slice(0, 60)) inputs.push(formatDuration(n));
  const want = await askGo(inputs.map((s) => `P ${s}`));
  const got = inputs.map((s) => {
    try {
      return `ok ${parseDuration(s)}`;
    } catch (e) {
      assert.ok(e instanceof DurationError);
      return `err ${goQuoteString(e.message)}`;
    }
  });
  assert.deepEqual(got, want);
});

Deno.test("histogram buckets and bucket minima equal Go's TimeHistogram", async () => {
  const ns = samples().filter((n) => n >= 0);
  for (let b = 0; b < 60; b++) ns.push(bucketMin(b), bucketMin(b) - 1, bucketMin(b) + 1);
  const buckets = Array.from({ length: 80 }, (_, b) => b);
  const want = await askGo([...ns.map((n) => `B ${n}`), ...buckets.map((b) => `M ${b}`)]);
  assert.deepEqual(
    [...ns.map((n) => String(bucketOf(n))), ...buckets.map((b) => String(bucketMin(b)))],
    want,
  );
});

Deno.test("addSample keeps Go's minBucket quirk while only bucket 0 is used", () => {
  const h = newHistogram();
  addSample(h, 1200); // bucket 15
  addSample(h, 0); // bucket 0: maxBucket is 15, so minBucket becomes 0
  addSample(h, 100);
  assert.deepEqual([h.count, h.minBucket, h.maxBucket], [3, 0, 15]);
  const q = newHistogram();
  addSample(q, 0); // maxBucket stays 0, so the next sample resets minBucket
  addSample(q, 12); // bucket 5: Go's table then starts at 5 and hides bucket 0
  assert.deepEqual([q.minBucket, q.maxBucket, q.buckets[0]], [5, 5, 1]);
});
