// Reading query parameters the way Go's handlers name them, but strictly: a present
// parameter with a malformed value is a 400 that says what was expected (Go mostly
// ignores such values silently).

import { badRequest } from "./errors.ts";
import { DurationError, parseDuration } from "../util/go_duration.ts";

/** Rows a long list shows unless the query asks for more (`limit=0`: all). */
export const DEFAULT_LIMIT = 1000;

export class Query {
  constructor(readonly params: URLSearchParams) {}

  static of(url: URL): Query {
    return new Query(url.searchParams);
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  /** The first value, as Go's FormValue; undefined when absent. */
  get(name: string): string | undefined {
    return this.params.get(name) ?? undefined;
  }

  /** A value that must be present (it may be empty). */
  required(name: string, expected: string): string {
    const v = this.params.get(name);
    if (v === null) throw badRequest(`missing parameter ${name}: expected ${expected}`);
    return v;
  }

  /** A Go duration ("1.5ms", "250µs"); absent or empty means no bound. In ns. */
  duration(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === "") return undefined;
    try {
      return parseDuration(v);
    } catch (e) {
      if (!(e instanceof DurationError)) throw e;
      throw badRequest(`bad ${name}=${v}: expected a Go duration such as 1.5ms (${e.message})`);
    }
  }

  /** A hexadecimal program counter, with or without 0x; absent or empty means none. */
  hexPC(name: string): bigint | undefined {
    const v = this.get(name);
    if (v === undefined || v === "") return undefined;
    const digits = v.startsWith("0x") || v.startsWith("0X") ? v.slice(2) : v;
    if (!/^[0-9a-fA-F]{1,16}$/.test(digits)) {
      throw badRequest(`bad ${name}=${v}: expected a hexadecimal program counter such as 4a5b3c`);
    }
    return BigInt("0x" + digits);
  }

  /** A non-negative integer; absent or empty means none. */
  uint(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === "") return undefined;
    if (!/^[0-9]{1,20}$/.test(v) || !Number.isSafeInteger(Number(v))) {
      throw badRequest(`bad ${name}=${v}: expected a non-negative integer`);
    }
    return Number(v);
  }

  /** The row limit of long lists: `limit` (0 = all), default 1000. */
  limit(): number {
    const n = this.uint("limit") ?? DEFAULT_LIMIT;
    return n === 0 ? Infinity : n;
  }

  /** Rows skipped before a page (`offset`), default 0. */
  offset(name = "offset"): number {
    return this.uint(name) ?? 0;
  }

  /** One of `allowed`; absent means undefined. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      const list = allowed.map((a) => a === "" ? '""' : a).join(", ");
      throw badRequest(`bad ${name}=${v}: expected one of ${list}`);
    }
    return v as T;
  }
}
