// Reads the numbers back out of Go's goroutine pages (`go tool trace` /goroutines and
// /goroutine?name=), so tests can compare them with our goroutine tables. Durations print
// as time.Duration.String(), which is exact to the nanosecond, so they parse back exactly.

import { parseDuration } from "../../server/core/util/go_duration.ts";

export interface GoGroupRow {
  name: string;
  count: number;
  execTime: number;
}

export interface GoGoroutineRow {
  id: number;
  totalTime: number;
  /** One value per breakdown column. */
  breakdown: number[];
}

export interface GoRangeRow {
  id: number;
  totalTime: number;
  rangeTimes: number[];
}

export interface GoGroupPage {
  name: string;
  count: number;
  execTimePercent: string;
  nonOverlappingStats: string[];
  rangeStats: string[];
  /** Breakdown rows, in page order. */
  goroutines: GoGoroutineRow[];
  /** Special-range rows (goroutines with range time), in page order. */
  ranges: GoRangeRow[];
}

/** The rows of Go's /goroutines page, in page order. */
export function parseGroupsPage(html: string): GoGroupRow[] {
  const rows: GoGroupRow[] = [];
  const re =
    /<a href="\/goroutine\?name=([^"]*)">[^<]*<\/a><\/code><\/td>\s*<td>(\d+)<\/td>\s*<td>([^<]*)<\/td>/g;
  for (const m of html.matchAll(re)) {
    rows.push({
      name: decodeURIComponent(unescapeHTML(m[1])),
      count: Number(m[2]),
      execTime: parseDuration(m[3]),
    });
  }
  return rows;
}

/** Go's /goroutine?name= page. */
export function parseGroupPage(html: string): GoGroupPage {
  const field = (label: string, re: string) => {
    const m = html.match(new RegExp(`<td>${label}</td>\\s*<td>${re}</td>`));
    if (!m) throw new Error(`no ${label} on the goroutine page`);
    return m[1];
  };
  const tables = html.split('<table class="details">').slice(1)
    .map((t) => t.slice(0, t.indexOf("</table>")));
  if (tables.length !== 2) throw new Error(`expected 2 detail tables, got ${tables.length}`);
  const [breakdown, ranges] = tables.map(parseDetailTable);
  // Breakdown header: Goroutine, Total, (bars), then the stats.
  const stats = breakdown.header.slice(3);
  // Ranges header: Goroutine, Total, then the ranges.
  const rangeNames = ranges.header.slice(2);
  return {
    name: unescapeHTML(field("Goroutine start location:", "<code>([^<]*)</code>")),
    count: Number(field("Count:", "(\\d+)")),
    execTimePercent: field("Execution Time:", "([^<]*) of total program execution time "),
    nonOverlappingStats: stats,
    rangeStats: rangeNames,
    goroutines: breakdown.rows.map((r) => ({
      id: r.id,
      totalTime: r.durations[0],
      breakdown: r.durations.slice(1),
    })),
    ranges: ranges.rows.map((r) => ({
      id: r.id,
      totalTime: r.durations[0],
      rangeTimes: r.durations.slice(1),
    })),
  };
}

interface DetailTable {
  header: string[];
  rows: { id: number; durations: number[] }[];
}

// A details table: header cells "<th …> Name</th>"; rows with a goroutine link, then cells
// "<td> 1.5ms</td>" (the bar-graph cell holds markup and is skipped).
function parseDetailTable(table: string): DetailTable {
  const [head, ...rows] = table.split("<tr>").slice(1);
  const header = [...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)]
    .map((m) => unescapeHTML(m[1].replace(/^ /, "")));
  return {
    header,
    rows: rows.map((row) => {
      const id = row.match(/<a href="\/trace\?goid=(\d+)">/);
      if (!id) throw new Error(`row without a goroutine: ${row}`);
      const durations = [...row.matchAll(/<td> ([^<]*)<\/td>/g)]
        .map((m) => parseDuration(m[1].trim()));
      return { id: Number(id[1]), durations };
    }),
  };
}

/** Undoes html/template's escaping of text and attribute values. */
export function unescapeHTML(s: string): string {
  return s.replace(/&(#(\d+)|#x([0-9a-fA-F]+)|lt|gt|amp|quot|apos);/g, (_, _e, dec, hex, name) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[name as string]!;
  });
}
