import assert from "node:assert/strict";
import { checkExpectation, compileRe2, parseExpectation } from "../support/goport/expectation.ts";
import { goTraceVectors, listDir } from "../support/paths.ts";
import { parseTxtar, txtarFile } from "../support/goport/txtar.ts";

Deno.test("SUCCESS and an empty file both expect success", () => {
  assert.deepEqual(parseExpectation("SUCCESS\n"), { failure: false });
  assert.deepEqual(parseExpectation("SUCCESS trailing words\r\nmore"), { failure: false });
  assert.deepEqual(parseExpectation(""), { failure: false });
});

Deno.test("FAILURE carries a Go-quoted pattern that matches anywhere in the error", () => {
  const exp = parseExpectation('FAILURE ".*expected a proc but didn\'t have one.*"\r\n');
  assert.ok(exp.failure);
  assert.equal(exp.pattern, ".*expected a proc but didn't have one.*");
  assert.equal(
    checkExpectation(exp, new Error("gen 2: expected a proc but didn't have one (event 3)")),
    undefined,
  );
  assert.match(checkExpectation(exp, undefined)!, /got none/);
  assert.match(checkExpectation(exp, new Error("other"))!, /want something matching/);
  assert.match(checkExpectation(parseExpectation("SUCCESS"), new Error("boom"))!, /boom/);
});

Deno.test("the pattern is unquoted with Go rules before compiling", () => {
  const exp = parseExpectation('FAILURE "a\\\\.b\\x41"');
  assert.ok(exp.failure && exp.matcher.test("xa.bA") && !exp.matcher.test("axbA"));
  const raw = parseExpectation("FAILURE `^a\\.b$`");
  assert.ok(raw.failure && raw.matcher.test("a.b"));
});

Deno.test("malformed expectations are rejected", () => {
  assert.throws(() => parseExpectation("PASS"), /bad header line/);
  assert.throws(() => parseExpectation("FAILURE"), /bad header line for FAILURE/);
  assert.throws(() => parseExpectation("FAILURE x"), /not correctly quoted/);
  assert.throws(() => parseExpectation('FAILURE "("'), /not a valid regexp/);
});

Deno.test("RE2-only syntax is translated or refused, never misread", () => {
  assert.ok(compileRe2("(?i)ABC").test("xabc"));
  assert.ok(compileRe2("(?s)a.b").test("a\nb"));
  assert.ok(compileRe2("\\Aab\\z").test("ab") && !compileRe2("\\Aab\\z").test("ab\n"));
  assert.equal(compileRe2("(?P<n>a+)").exec("baa")?.groups?.n, "aa");
  assert.ok(compileRe2("(?:ab)+").test("abab"));
  for (const unsupported of ["a(?i)b", "(?i:a)", "[[:alpha:]]", "\\pL", "\\Qa.b\\E", "(?U)a+"]) {
    assert.throws(() => compileRe2(unsupported), /not supported/, unsupported);
  }
});

Deno.test("every Go test vector's expectation parses: 20 successes, 2 failures", () => {
  const dir = goTraceVectors().tests;
  const outcomes = listDir(dir, ".test").map((name) => {
    const expect = txtarFile(parseTxtar(Deno.readFileSync(new URL(name, dir))), "expect");
    return parseExpectation(expect!).failure;
  });
  assert.deepEqual([outcomes.filter((f) => !f).length, outcomes.filter((f) => f).length], [20, 2]);
});
