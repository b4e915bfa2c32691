// A Go duration histogram as the pages draw it, with Go's bucket links.

import { bucketMin, type TimeHistogram } from "../summary/histogram.ts";
import { formatDuration } from "../util/go_duration.ts";
import type { HistogramModel } from "../contract/pages.ts";

/** Go's url.QueryEscape (html/template's URLQueryEscaper): space as "+". */
export function urlQueryEscape(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  ).replace(/%20/g, "+");
}

/** Rows from the lowest to the highest used bucket; non-empty ones link via `url`. */
export function histogramModel(
  h: TimeHistogram,
  url: (min: string, max: string) => string,
): HistogramModel {
  if (h.count === 0) return { count: 0, rows: [], last: "" };
  const rows: HistogramModel["rows"] = [];
  for (let i = h.minBucket; i <= h.maxBucket; i++) {
    const n = h.buckets[i] ?? 0;
    const min = formatDuration(bucketMin(i));
    rows.push({
      label: min,
      count: n,
      href: n > 0 ? url(min, formatDuration(bucketMin(i + 1))) : undefined,
    });
  }
  return { count: h.count, rows, last: formatDuration(bucketMin(h.maxBucket + 1)) };
}
