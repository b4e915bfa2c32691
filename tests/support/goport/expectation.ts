// The `expect` part of a .test vector (Go's testtrace.ParseExpectation): a first line of
// `SUCCESS`, or `FAILURE <Go-quoted RE2 pattern>` that must match somewhere in the error.

import { asBytes } from "./go_runes.ts";
import { unquoteGo } from "./go_string.ts";

export type Expectation =
  | { readonly failure: false }
  | { readonly failure: true; readonly pattern: string; readonly matcher: RegExp };

/** Parses an expectation; an empty file means success, as in Go. */
export function parseExpectation(input: Uint8Array | string): Expectation {
  const text = new TextDecoder().decode(asBytes(input));
  if (text === "") return { failure: false };
  // First line as bufio.ScanLines sees it: up to '\n', minus one trailing '\r'.
  const line = text.split("\n", 1)[0].replace(/\r$/, "");
  const space = line.indexOf(" ");
  const [head, rest] = space < 0
    ? [line, undefined]
    : [line.slice(0, space), line.slice(space + 1)];
  if (head === "SUCCESS") return { failure: false };
  if (head !== "FAILURE") throw new Error(`bad header line: ${JSON.stringify(line)}`);
  if (rest === undefined) throw new Error(`bad header line for FAILURE: ${JSON.stringify(line)}`);
  let pattern: string;
  try {
    pattern = new TextDecoder().decode(unquoteGo(rest));
  } catch (e) {
    throw new Error(`malformed pattern: not correctly quoted: ${rest}: ${(e as Error).message}`);
  }
  return { failure: true, pattern, matcher: compileRe2(pattern) };
}

/** Checks an outcome like Go's Expectation.Check; returns a problem or undefined. */
export function checkExpectation(exp: Expectation, err: Error | undefined): string | undefined {
  if (!exp.failure) {
    return err ? `unexpected error while reading the trace: ${err.message}` : undefined;
  }
  if (!err) return `expected error matching ${exp.matcher} while reading the trace, got none`;
  if (!exp.matcher.test(err.message)) {
    return `unexpected error while reading the trace: want something matching ${exp.matcher}, got ${err.message}`;
  }
  return undefined;
}

/**
 * Compiles the RE2 subset the vectors can use into an unanchored JS RegExp. Leading
 * `(?flags)` become JS flags, `(?P<name>` becomes `(?<name>`, `\A`/`\z` become
 * lookarounds; RE2-only syntax JS would misread is rejected rather than guessed.
 */
export function compileRe2(pattern: string): RegExp {
  let flags = "";
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  if (lead) {
    flags = [...new Set(lead[1])].join("");
    pattern = pattern.slice(lead[0].length);
  }
  if (/\[\[:|\(\?[a-zA-Z-]+[:)]/.test(pattern)) {
    throw new Error(`malformed pattern: RE2 syntax not supported here: ${pattern}`);
  }
  let js = "";
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith("(?P<", i)) {
      js += "(?<";
      i += 3;
      continue;
    }
    const c = pattern[i];
    if (c !== "\\") {
      js += c;
      continue;
    }
    const e = pattern[++i] ?? "";
    if (e === "A") js += "(?<![\\s\\S])";
    else if (e === "z") js += "(?![\\s\\S])";
    else if ("QECpP".includes(e)) {
      throw new Error(`malformed pattern: RE2 escape \\${e} not supported here: ${pattern}`);
    } else js += "\\" + e;
  }
  try {
    return new RegExp(js, flags);
  } catch (e) {
    throw new Error(`malformed pattern: not a valid regexp: ${pattern}: ${(e as Error).message}`);
  }
}
