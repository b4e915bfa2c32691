import assert from "node:assert/strict";
import { ANNOTATIONS, appFor, bootOf, GC, get } from "../support/web_app.ts";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security.ts";
import { createRouter } from "../../server/http/router.ts";
import { HttpError } from "../../server/core/pages/errors.ts";
import { scriptSafeJSON } from "../../server/http/page.ts";

const PAGES = [
  "/",
  "/goroutines",
  "/goroutine?name=main.main",
  "/io",
  "/block",
  "/syscall",
  "/sched",
  "/regionio",
  "/regionblock?type=parse",
  "/regionsyscall",
  "/regionsched",
  "/usertasks",
  "/usertask",
  "/usertask?type=request&complete=1",
  "/userregions",
  "/userregion?type=parse",
  "/mmu",
];

Deno.test("every page answers 200 with the CSP header and its /api twin serves the embedded data", async () => {
  const app = await appFor(ANNOTATIONS);
  for (const path of PAGES) {
    const res = await get(app, path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
    assert.match(res.headers.get("content-type")!, /^text\/html/, path);
    const boot = bootOf(await res.text());
    if (path === "/mmu") continue; // the chart fetches its JSON
    const apiPath = path === "/" ? "/api/summary" : `/api${path}`;
    const api = await get(app, apiPath);
    assert.equal(api.status, 200, apiPath);
    assert.deepEqual(await api.json(), boot.data, apiPath);
  }
});

Deno.test("malformed or missing parameters are a 400 that says what was expected", async () => {
  const app = await appFor(ANNOTATIONS);
  const cases: [string, RegExp][] = [
    ["/goroutine", /missing parameter name: expected the start function/],
    ["/goroutine?name=main.main&sortby=bogus", /bad sortby=bogus: expected a column name/],
    ["/usertask?latmin=abc", /bad latmin=abc: expected a Go duration/],
    ["/usertask?latmax=5", /bad latmax=5: expected a Go duration.*missing unit/],
    ["/usertask?complete=maybe", /bad complete=maybe: expected one of/],
    ["/userregion?pc=xyz", /bad pc=xyz: expected a hexadecimal program counter/],
    ["/regionio?latmin=1parsec", /bad latmin=1parsec/],
    ["/mmu?mode=details&window=abc&flags=", /failed to parse window parameter "abc"/],
    ["/mmu?mode=details&flags=", /failed to parse window parameter ""/],
    ["/mmu?mode=plot&flags=stw|bogus", /bad flags=stw\|bogus: expected names joined by "\|"/],
    ["/mmu?mode=nonsense", /bad mode=nonsense: expected one of/],
    ["/api/mmu", /expected mode=plot or mode=details/],
    ["/mmu?mode=details&window=0&flags=", /bad window=0: expected a window size in ns from 1/],
    ["/mmu?mode=details&window=9223372036854775808", /bad window=9223372036854775808/],
    ["/jsontrace?view=thread&start=-5&end=10", /bad start=-5&end=10: expected event indexes/],
    ["/jsontrace?start=10&end=5", /bad start=10&end=5: expected event indexes with 0 <= start/],
    ["/trace?start=-1&end=-1", /bad start=-1&end=-1/],
    ["/api/trace?start=7&end=6", /bad start=7&end=6/],
  ];
  for (const [path, message] of cases) {
    const res = await get(app, path);
    assert.equal(res.status, 400, path);
    assert.match(await res.text(), message, path);
    assert.equal(res.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY, path);
  }
});

Deno.test("unknown paths and names are a 404", async () => {
  const app = await appFor(ANNOTATIONS);
  for (
    const path of ["/nope", "/api", "/api/nope", "/static/", "/static/app.jsx", "/favicon.ico"]
  ) {
    assert.equal((await get(app, path)).status, 404, path);
  }
  const res = await get(app, "/goroutine?name=no.such.func");
  assert.equal(res.status, 404);
  assert.match(await res.text(), /no goroutines with start function "no.such.func"/);
  assert.equal((await get(app, "/io?name=no.such.func")).status, 404);
  for (
    const [path, message] of [
      ["/usertask?type=no.such.type", /no tasks of type "no.such.type"; see \/usertasks/],
      ["/api/usertask?type=no.such.type&complete=1", /no tasks of type/],
      ["/userregion?type=no.such.type", /no regions of type "no.such.type"; see \/userregions/],
      ["/regionsched?type=no.such.type", /no regions of type/],
      ["/regionio?type=no.such.type&raw=1", /no regions of type/],
    ] as const
  ) {
    const res = await get(app, path);
    assert.equal(res.status, 404, path);
    assert.match(await res.text(), message, path);
  }
  // Known types, even with filters that match nothing, are a 200.
  assert.equal((await get(app, "/usertask?type=request&latmin=1000h")).status, 200);
  assert.equal((await get(app, "/userregion?type=parse&latmin=1000h")).status, 200);
});

Deno.test("static files come from the embedded bundle and no path escapes it", async () => {
  const app = await appFor(ANNOTATIONS);
  const js = await get(app, "/static/app.js");
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type")!, /javascript/);
  assert.ok((await js.text()).length > 10000);
  for (
    const path of [
      "/static/../deno.json",
      "/static/%2e%2e/deno.json",
      "/static/..%2fdeno.json",
      "/static//etc/passwd",
      "/static/main.ts",
    ]
  ) {
    const res = await get(app, path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(await res.text(), /"tasks"/, path);
  }
});

Deno.test("only GET and HEAD are served; HEAD has headers and no body", async () => {
  const app = await appFor(ANNOTATIONS);
  const post = await get(app, "/", { method: "POST" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  const head = await get(app, "/goroutines", { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  assert.equal(head.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
});

Deno.test("?raw=1 serves the gzipped pprof file for goroutine and region profiles", async () => {
  const app = await appFor(GC);
  for (
    const path of ["/sched?raw=1", "/block?raw=1&name=", "/regionsched?raw=1", "/api/io?raw=1"]
  ) {
    const res = await get(app, path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("content-type"), "application/octet-stream", path);
    const name = new URL(path, "http://x").pathname.replace(/^\/(api\/)?/, "");
    assert.equal(
      res.headers.get("content-disposition"),
      `attachment; filename=${name}.pb.gz`,
      path,
    );
    const b = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([b[0], b[1]], [0x1f, 0x8b], path);
  }
});

Deno.test("trace text reaches pages only as escaped JSON: a task named <script> stays text", async () => {
  const app = await appFor(ANNOTATIONS);
  const api = await (await get(app, "/api/usertasks")).json();
  const types = api.types.map((t: { type: string }) => t.type);
  assert.ok(types.includes("<script>alert(1)</script>"));
  for (const path of ["/usertasks", "/userregions", "/usertask", "/usertask?logtext=<script>"]) {
    const html = await (await get(app, path)).text();
    assert.doesNotMatch(html, /<script>alert/, path);
    assert.equal(html.match(/<script\b/g)?.length, 2, `${path}: only the bundle and the boot data`);
  }
  assert.equal(scriptSafeJSON("</script><!--"), '"\\u003c/script\\u003e\\u003c!--"');
});

Deno.test("a failing handler is a 500 and the next request is still served", async () => {
  const logged: string[] = [];
  const app = createRouter({
    exact: new Map([
      ["/boom", () => {
        throw new Error("kaput");
      }],
      ["/teapot", () => {
        throw new HttpError(418, "short and stout");
      }],
      ["/ok", () => new Response("fine")],
    ]),
    prefix: [],
  }, (m) => logged.push(m));
  const boom = await app(new Request("http://x/boom"));
  assert.equal(boom.status, 500);
  assert.match(await boom.text(), /internal error: kaput/);
  assert.equal(boom.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
  assert.match(logged[0], /GET http:\/\/x\/boom: Error: kaput/);
  assert.equal((await app(new Request("http://x/teapot"))).status, 418);
  assert.equal(await (await app(new Request("http://x/ok"))).text(), "fine");
});

Deno.test("the MMU endpoints serve plot and details JSON under Go's old and /api paths too", async () => {
  const app = await appFor(GC);
  const flags = "system|stw|background|assist";
  const plot = await (await get(app, `/mmu?mode=plot&flags=${flags}`)).text();
  assert.equal(await (await get(app, `/mmuPlot?flags=${flags}`)).text(), plot);
  assert.equal(await (await get(app, `/api/mmu?mode=plot&flags=${flags}`)).text(), plot);
  const p = JSON.parse(plot);
  assert.equal(p.curve.length, 100);
  const w = p.curve[50][0];
  const details = await (await get(app, `/mmu?mode=details&window=${w}&flags=${flags}`)).text();
  assert.equal(await (await get(app, `/mmuDetails?window=${w}&flags=${flags}`)).text(), details);
  const worst = JSON.parse(details);
  assert.ok(worst.length > 0 && worst.length <= 10);
  assert.match(worst[0].URL, /^\/trace\?view=proc&start=\d+&end=\d+#[0-9.e+]+:[0-9.e+]+$/);
});

Deno.test("long lists are cut at ?limit= rows (default 1000, 0 for all) with the total kept", async () => {
  const app = await appFor(ANNOTATIONS);
  const all = await (await get(app, "/api/usertask?limit=0")).json();
  assert.ok(all.total > 3);
  assert.equal(all.tasks.length, all.total);
  const cut = await (await get(app, "/api/usertask?limit=3")).json();
  assert.deepEqual([cut.total, cut.shown, cut.tasks.length], [all.total, 3, 3]);
  assert.deepEqual(cut.tasks, all.tasks.slice(0, 3));
  const regions = await (await get(app, "/api/userregion?limit=2")).json();
  assert.deepEqual([regions.shown, regions.regions.length], [2, 2]);
  assert.ok(regions.total > 2);
  const bad = await get(app, "/api/usertask?limit=-1");
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /bad limit=-1: expected a non-negative integer/);
});

Deno.test("?offset= pages through a long list: the pages together are the whole list, in order", async () => {
  const app = await appFor(ANNOTATIONS);
  const json = async (path: string) => await (await get(app, path)).json();
  for (const [path, rows] of [["/api/usertask?", "tasks"], ["/api/userregion?", "regions"]]) {
    const all = await json(`${path}limit=0`);
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await json(`${path}limit=2&offset=${offset}`);
      assert.equal(page.offset, offset);
      assert.equal(page.total, all.total);
      paged.push(...page[rows]);
    }
    assert.deepEqual(paged, all[rows], path);
  }
  // A task list page says where the next one starts.
  const first = await json("/api/usertask?limit=2");
  assert.deepEqual(first.next, { offset: 2, eventOffset: 0 });
  assert.equal(first.prev, null);
  const second = await json("/api/usertask?limit=2&offset=2");
  assert.deepEqual(second.prev, { offset: 0, eventOffset: 0 });
});
