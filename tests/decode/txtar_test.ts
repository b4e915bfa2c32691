import assert from "node:assert/strict";
import { goTraceVectors, listDir } from "../support/paths.ts";
import { parseTxtar, txtarFile } from "../support/goport/txtar.ts";

const dec = new TextDecoder();

function parsed(text: string) {
  const a = parseTxtar(text);
  return {
    comment: dec.decode(a.comment),
    files: a.files.map((f) => [f.name, dec.decode(f.data)]),
  };
}

Deno.test("files run from their marker line to the next marker", () => {
  assert.deepEqual(parsed("note\n-- a --\nA1\nA2\n-- b/c.txt --\nB\n"), {
    comment: "note\n",
    files: [["a", "A1\nA2\n"], ["b/c.txt", "B\n"]],
  });
});

Deno.test("the last section gains a final newline, empty files stay empty", () => {
  assert.deepEqual(parsed("-- a --\n-- b --\nB"), {
    comment: "",
    files: [["a", ""], ["b", "B\n"]],
  });
  assert.deepEqual(parsed("just a comment"), { comment: "just a comment\n", files: [] });
  assert.deepEqual(parsed(""), { comment: "", files: [] });
});

Deno.test("a marker at end of input needs no newline", () => {
  assert.deepEqual(parsed("x\n-- a --"), { comment: "x\n", files: [["a", ""]] });
});

Deno.test("names are trimmed and lines that only look like markers are content", () => {
  assert.deepEqual(
    parsed("-- \t spaced  --\n--x --\n-- --\n--  --\n-- a --\r\n -- b --\n-- c -- \n"),
    {
      comment: "",
      files: [["spaced", "--x --\n-- --\n--  --\n-- a --\r\n -- b --\n-- c -- \n"]],
    },
  );
});

Deno.test("file contents are kept as raw bytes", () => {
  const a = parseTxtar(
    new Uint8Array([...new TextEncoder().encode("-- bin --\n"), 0xff, 0x00, 0x0a]),
  );
  assert.deepEqual([...a.files[0].data], [0xff, 0x00, 0x0a]);
});

Deno.test("duplicate names are kept; lookup takes the first", () => {
  const a = parseTxtar("-- a --\n1\n-- a --\n2\n");
  assert.equal(a.files.length, 2);
  assert.equal(dec.decode(txtarFile(a, "a")), "1\n");
  assert.equal(txtarFile(a, "b"), undefined);
});

Deno.test("every Go test vector holds exactly an expect file then a trace file", () => {
  const dir = goTraceVectors().tests;
  const names = listDir(dir, ".test");
  assert.equal(names.length, 22);
  for (const name of names) {
    const a = parseTxtar(Deno.readFileSync(new URL(name, dir)));
    assert.deepEqual(a.files.map((f) => f.name), ["expect", "trace"], name);
    assert.equal(a.comment.length, 0, name);
    assert.match(dec.decode(a.files[1].data), /^Trace Go1\.\d+\n/, name);
  }
});
