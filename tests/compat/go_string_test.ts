import assert from "node:assert/strict";
import { GoSyntaxError, unquoteGo } from "../support/goport/go_string.ts";

const bytes = (lit: string | Uint8Array) => [...unquoteGo(lit)];
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

Deno.test("simple escapes map to their control bytes", () => {
  assert.deepEqual(bytes('"\\a\\b\\f\\n\\r\\t\\v\\\\\\""'), [7, 8, 12, 10, 13, 9, 11, 92, 34]);
});

Deno.test("\\x and octal escapes are raw bytes, not code points", () => {
  assert.deepEqual(bytes('"\\xff\\x00\\xAb"'), [0xff, 0x00, 0xab]);
  assert.deepEqual(bytes('"\\000\\101\\377"'), [0, 65, 255]);
});

Deno.test("\\u and \\U escapes are UTF-8 encoded", () => {
  assert.deepEqual(bytes('"\\u00e9\\u20AC\\U0001F600"'), utf8("é€😀"));
  assert.deepEqual(bytes('"\\U0010ffff"'), [0xf4, 0x8f, 0xbf, 0xbf]);
});

Deno.test("literal UTF-8 passes through and invalid bytes become U+FFFD", () => {
  assert.deepEqual(bytes('"ߕé"'), utf8("ߕé"));
  assert.deepEqual(bytes(new Uint8Array([0x22, 0xff, 0x41, 0x22])), [0xef, 0xbf, 0xbd, 0x41]);
});

Deno.test("back-quoted strings are verbatim except that carriage returns vanish", () => {
  assert.deepEqual(bytes('`a\\n"b\r\nc`'), utf8('a\\n"b\nc'));
  assert.deepEqual(bytes(new Uint8Array([0x60, 0xff, 0x60])), [0xff]);
});

Deno.test("character literals unquote to their one character", () => {
  assert.deepEqual(bytes("'x'"), [0x78]);
  assert.deepEqual(bytes("'\\''"), [0x27]);
  assert.deepEqual(bytes("'é'"), utf8("é"));
  assert.deepEqual(bytes("''"), []);
});

Deno.test("malformed literals are syntax errors", () => {
  for (
    const bad of [
      "",
      '"',
      "abc",
      '"abc',
      '"a"b"',
      '"a\nb"',
      '"\\q"',
      '"\\x4"',
      '"\\xg0"',
      '"\\400"',
      '"\\18"',
      '"\\ud800"',
      '"\\U00110000"',
      '"\\\'"',
      "'\\\"'",
      "'ab'",
      '"\\"',
      "`a`b`",
    ]
  ) {
    assert.throws(() => unquoteGo(bad), GoSyntaxError, JSON.stringify(bad));
  }
});
