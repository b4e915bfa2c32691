/// <reference lib="dom" />
// /sql: SQL over the trace's tables (DuckDB in the server; DuckDB-WASM in the
// browser-only site, whose worker answers the same /api/sql). An editor with the example
// queries, the result as a table, and a chart when the result has two columns: bars for
// a label and a number, a line for two numbers. The query is kept in the URL (?q=), so a
// link reruns it. Ctrl+Enter (⌘+Enter) runs.

import { useEffect, useState } from "preact/hooks";
import { html } from "../lib/html.ts";
import { replaceSearch, route } from "../lib/route.ts";
import type { SqlAnswer, SqlPageModel } from "../../server/core/contract/sql.ts";
import type { ProgressModel } from "../../server/core/contract/pages.ts";

type Result = Extract<SqlAnswer, { columns: string[] }>;

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;

export function SqlView({ data }: { data: SqlPageModel }) {
  const initial = new URLSearchParams(route().search).get("q");
  const [sql, setSql] = useState(initial ?? data.examples[0]?.sql ?? "");
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState("");
  const [running, setRunning] = useState(false);
  // The first query exports the trace: on a big one, passes over it the page can show.
  const [passes, setPasses] = useState<ProgressModel["passes"]>([]);

  const run = async (text = sql) => {
    setRunning(true);
    setError("");
    const params = new URLSearchParams(route().search);
    params.set("q", text);
    replaceSearch(params.toString());
    const poll = setInterval(async () => {
      try {
        const p = await (await fetch("/api/progress", { cache: "no-store" })).json();
        setPasses((p as ProgressModel).passes);
      } catch { /* the next poll may answer */ }
    }, 1000);
    try {
      const res = await fetch(`/api/sql?q=${encodeURIComponent(text)}`);
      const body = await res.json() as SqlAnswer;
      if ("error" in body) {
        setResult(null);
        setError(body.error);
      } else setResult(body);
    } catch (e) {
      setResult(null);
      setError(`the server did not answer: ${e instanceof Error ? e.message : e}`);
    } finally {
      clearInterval(poll);
      setPasses([]);
      setRunning(false);
    }
  };
  useEffect(() => {
    if (initial) run(initial);
  }, []);

  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  };
  const pick = (e: Event) => {
    const k = Number((e.target as HTMLSelectElement).value);
    if (k >= 0) setSql(data.examples[k].sql);
  };

  return html`
    <section class="sql-page">
      <h1>SQL</h1>
      <p class="hint">
        The trace as tables (the <code>-export</code> schema, below), queried by DuckDB.
        Read-only; one statement at a time; ${`at most ${data.maxRows.toLocaleString()} rows and ${
          data.timeoutMs / 1000
        } s per query`}. Times are ns since the trace's first event.
      </p>
      <div class="sql-toolbar">
        <label>Examples <select aria-label="Example queries" onChange=${pick}>
          <option value="-1">choose…</option>
          ${data.examples.map((q, k) => html`<option value=${k}>${q.title}</option>`)}
        </select></label>
        <button class="primary" onClick=${() => run()} disabled=${running}>
          ${running ? "Running…" : "Run"}
        </button>
        <span class="hint">Ctrl+Enter runs</span>
      </div>
      <textarea
        class="sql-editor mono"
        aria-label="SQL query"
        spellcheck="false"
        rows="9"
        value=${sql}
        onInput=${(e: Event) => setSql((e.target as HTMLTextAreaElement).value)}
        onKeyDown=${onKey}
      ></textarea>
      ${running && passes.length > 0 && html`<p class="sql-status" role="status">
        Preparing the tables: reading the trace, generation ${passes[0].done} of ${
        passes[0]
          .total
      }…
      </p>`}
      ${error && html`<pre class="error-box sql-error" role="alert">${error}</pre>`}
      ${result && html`<${ResultView} result=${result} />`}
      <${SchemaHelp} tables=${data.tables} />
    </section>
  `;
}

function ResultView({ result }: { result: Result }) {
  const n = result.rows.length;
  return html`
    <p class="sql-status">
      ${n.toLocaleString()} row${n === 1 ? "" : "s"}${result.truncated
        ? " (more matched: the rest was not read)"
        : ""} in ${result.elapsedMs} ms
    </p>
    ${result.columns.length === 2 && n > 1 && html`<${Chart} result=${result} />`}
    <div class="table-scroll">
      <table class="data sql-result">
        <thead>
          <tr>${result.columns.map((c, k) =>
            html`<th class=${NUMERIC.test(result.types[k]) ? "" : "left"} title=${
              result
                .types[k]
            }>${c}</th>`
          )}</tr>
        </thead>
        <tbody>${result.rows.map((r) =>
          html`<tr>${
            r.map((v, k) =>
              html`<td class=${NUMERIC.test(result.types[k]) ? "" : "left"}>${cell(v)}</td>`
            )
          }</tr>`
        )}</tbody>
      </table>
    </div>
  `;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const W = 760, BAR_H = 18, MAX_BARS = 30;

/** A bar per row (label, number), or a line (number, number). */
function Chart({ result }: { result: Result }) {
  const [xType, yType] = result.types;
  if (!NUMERIC.test(yType)) return null;
  const ys = result.rows.map((r) => Number(r[1]));
  if (NUMERIC.test(xType)) {
    const xs = result.rows.map((r) => Number(r[0]));
    const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
    const [y0, y1] = [Math.min(0, ...ys), Math.max(...ys)];
    const H = 220, P = 40;
    const sx = (x: number) => P + (x1 > x0 ? (x - x0) / (x1 - x0) : 0) * (W - 2 * P);
    const sy = (y: number) => H - P / 2 - (y1 > y0 ? (y - y0) / (y1 - y0) : 0) * (H - P);
    const points = xs.map((x, k) => `${sx(x).toFixed(1)},${sy(ys[k]).toFixed(1)}`).join(" ");
    return html`
      <svg class="sql-chart" viewBox="0 0 ${W} ${H}" role="img"
        aria-label=${`${result.columns[1]} by ${result.columns[0]}`}>
        <polyline class="sql-line" points=${points} />
        <text x=${P} y=${H - 4}>${result.columns[0]}: ${x0} … ${x1}</text>
        <text x=${P} y="12">${result.columns[1]}: max ${y1}</text>
      </svg>
    `;
  }
  const rows = result.rows.slice(0, MAX_BARS);
  const max = Math.max(...rows.map((r) => Math.abs(Number(r[1]))), 0) || 1;
  const label = 260;
  return html`
    <svg class="sql-chart" viewBox="0 0 ${W} ${rows.length * BAR_H + 4}" role="img"
      aria-label=${`${result.columns[1]} by ${result.columns[0]}`}>
      ${rows.map((r, k) => {
        const v = Number(r[1]);
        const w = Math.abs(v) / max * (W - label - 90);
        return html`
          <g>
            <title>${cell(r[0])}: ${cell(r[1])}</title>
            <text class="sql-bar-label" x=${label - 6} y=${k * BAR_H + 13}>${clip(
              cell(r[0]),
              40,
            )}</text>
            <rect class="sql-bar" x=${label} y=${k * BAR_H + 3} width=${Math.max(w, 1)}
              height=${BAR_H - 5} />
            <text x=${label + w + 4} y=${k * BAR_H + 13}>${cell(r[1])}</text>
          </g>
        `;
      })}
    </svg>
  `;
}

function clip(s: string, n: number): string {
  return s.length > n ? "…" + s.slice(s.length - n + 1) : s;
}

function SchemaHelp({ tables }: { tables: SqlPageModel["tables"] }) {
  return html`
    <details class="sql-schema">
      <summary>Tables and columns</summary>
      ${tables.map((t) =>
        html`
          <section>
            <h3 class="mono">${t.name}</h3>
            <p>${t.doc}</p>
            <table class="data">
              <tbody>${t.columns.map((c) =>
                html`
                  <tr>
                    <td class="left mono">${c.name}</td>
                    <td class="left">${c.type}</td>
                    <td class="left">${c.doc}</td>
                  </tr>
                `
              )}</tbody>
            </table>
          </section>
        `
      )}
    </details>
  `;
}
