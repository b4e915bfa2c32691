/// <reference lib="dom" />
// The browser entry of the server's pages: reads the page's bootstrap JSON and renders
// its view inside the common layout (app.ts). Bundled by scripts/build_web.ts into
// web/build/assets.ts.

import { readBoot } from "./lib/boot.ts";
import { installExactCopy } from "./lib/copy.ts";
import { renderPage } from "./app.ts";

installExactCopy(document);
const app = document.getElementById("app")!;
try {
  renderPage(app, readBoot(document), location.pathname);
} catch (e) {
  app.textContent = `traceglass: ${e instanceof Error ? e.message : e}`;
  throw e;
}
