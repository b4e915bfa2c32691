// htm bound to Preact: tagged templates instead of JSX, so the browser code needs no
// JSX transform. Interpolated values are always text or attributes, never markup.

import { h, type VNode } from "preact";
import htmModule from "htm";

// htm's types describe a CommonJS module, so the type checker sees the default import as
// the module object; bundled for the browser it is the function itself. Accept both.
type Htm = {
  bind(hyperscript: typeof h): (strings: TemplateStringsArray, ...values: unknown[]) => VNode;
};
const htm = ((htmModule as unknown as { default?: Htm }).default ?? htmModule) as unknown as Htm;

export const html = htm.bind(h);
