// Traces as people store them: a gzip- or zstd-compressed trace opens directly, known by its
// magic bytes whatever its name. Go's `go tool trace` reads only plain traces, so the oracle is
// Go's output for the plain file against ours for its compressed copy.

import assert from "node:assert/strict";
import { zstdCompressSync } from "node:zlib";
import { goToolTrace } from "../support/go_oracle.ts";
import { REPO_ROOT } from "../support/paths.ts";
import { compressionOf, decompressAll } from "../../server/core/trace/compressed.ts";
import { openTrace } from "../../mod.ts";

const TRACES = ["testdata/traces/go1.26/gc.trace", "testdata/traces/go1.21/annotations.trace"];

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
const zstd = (bytes: Uint8Array) => new Uint8Array(zstdCompressSync(bytes));

async function traceglass(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts", ...args],
    cwd: REPO_ROOT,
    env: { TMPDIR: tmp },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: out.stdout, stderr: new TextDecoder().decode(out.stderr) };
}

// Temporary copies go here, so the test can see that none is left behind.
const tmp = Deno.makeTempDirSync({ prefix: "traceglass-compressed-" });
const leftovers = () => [...Deno.readDirSync(tmp)].filter((e) => e.name.startsWith("traceglass-"));

for (const path of TRACES) {
  for (const [kind, compress] of [["gzip", gzip], ["zstd", zstd]] as const) {
    Deno.test(`a ${kind}-compressed ${path} prints Go's -d=parsed of the plain trace`, async () => {
      const plain = await Deno.readFile(new URL(path, REPO_ROOT));
      const packed = await compress(plain);
      assert.equal(compressionOf(packed), kind);
      const file = `${tmp}/trace.out`; // no telling name: the magic bytes decide
      await Deno.writeFile(file, packed);
      const go = await goToolTrace(["-d=parsed", new URL(path, REPO_ROOT).pathname]);
      const ours = await traceglass(["-d=parsed", file]);
      assert.equal(ours.code, go.code, ours.stderr);
      assert.ok(ours.stdout.length > 1000);
      assert.deepEqual(ours.stdout, go.stdout, "-d=parsed differs from Go's on the plain trace");
      assert.deepEqual(leftovers(), [], "the decompressed copy was left behind");
    });
  }
}

Deno.test("a damaged compressed trace is a clear error naming its compression, and leaves nothing behind", async () => {
  const plain = await Deno.readFile(new URL(TRACES[0], REPO_ROOT));
  for (const [kind, packed] of [["gzip", await gzip(plain)], ["zstd", zstd(plain)]] as const) {
    const file = `${tmp}/cut.out`;
    await Deno.writeFile(file, packed.subarray(0, packed.length >> 1));
    const ours = await traceglass(["-d=parsed", file]);
    assert.equal(ours.code, 1);
    assert.match(
      ours.stderr,
      new RegExp(`failed to read trace file: .*cut\\.out: bad ${kind} data: `),
    );
    assert.deepEqual(leftovers(), []);
  }
});

Deno.test("a decompressed copy left by a killed server is removed by the next run", async () => {
  const plain = await Deno.readFile(new URL(TRACES[0], REPO_ROOT));
  const file = `${tmp}/killed.out`;
  await Deno.writeFile(file, zstd(plain));
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "server/main.ts", "-http=127.0.0.1:0", file],
    cwd: REPO_ROOT,
    env: { TMPDIR: tmp, BROWSER: "" },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines = server.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("listening on")) {
    const { value, done } = await lines.read();
    if (done) break;
    seen += value;
  }
  assert.equal(leftovers().length, 1, "the server reads a decompressed copy");
  server.kill("SIGKILL");
  await server.status;
  await lines.cancel();
  assert.equal(leftovers().length, 1, "SIGKILL leaves it behind");
  // The next run that decompresses removes it (the killed process is gone), then its own.
  const ours = await traceglass(["-d=parsed", file]);
  assert.equal(ours.code, 0, ours.stderr);
  assert.deepEqual(leftovers(), []);
});

Deno.test("plain traces and other bytes are not taken for compressed ones", async () => {
  const plain = await Deno.readFile(new URL(TRACES[0], REPO_ROOT));
  assert.equal(compressionOf(plain), undefined);
  assert.equal(compressionOf(new Uint8Array([0x1f])), undefined);
  assert.equal(compressionOf(new Uint8Array([0x28, 0xb5, 0x2f])), undefined);
  assert.deepEqual(await decompressAll("gzip", await gzip(plain)), plain);
  assert.deepEqual(await decompressAll("zstd", zstd(plain)), plain);
});

Deno.test("the library and the site open compressed bytes and files as they open the plain trace", async () => {
  const plain = await Deno.readFile(new URL(TRACES[0], REPO_ROOT));
  const want = await openTrace(plain, { parallel: false });
  for (const packed of [await gzip(plain), zstd(plain)]) {
    for (const input of [packed, new Blob([packed as Uint8Array<ArrayBuffer>])]) {
      const got = await openTrace(input, { parallel: false });
      assert.equal(got.eventCount, want.eventCount);
      assert.deepEqual(await got.debug("parsed"), await want.debug("parsed"));
    }
  }
});

Deno.test.afterAll(() => Deno.removeSync(tmp, { recursive: true }));
