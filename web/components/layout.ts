// The frame of every page: the top bar with the navigation, then the page's content.

import type { ComponentChildren } from "preact";
import { html } from "../lib/html.ts";

const NAV: { href: string; label: string; match: string[] }[] = [
  { href: "/", label: "Overview", match: ["/"] },
  { href: "/trace", label: "Timeline", match: ["/trace"] },
  { href: "/goroutines", label: "Goroutines", match: ["/goroutines", "/goroutine"] },
  {
    href: "/block",
    label: "Profiles",
    match: [
      "/io",
      "/block",
      "/syscall",
      "/sched",
      "/regionio",
      "/regionblock",
      "/regionsyscall",
      "/regionsched",
    ],
  },
  { href: "/cpu", label: "CPU", match: ["/cpu", "/wallclock"] },
  { href: "/usertasks", label: "Tasks", match: ["/usertasks", "/usertask"] },
  { href: "/userregions", label: "Regions", match: ["/userregions", "/userregion"] },
  { href: "/mmu", label: "MMU", match: ["/mmu"] },
];

export function Layout(props: { path: string; children: ComponentChildren }) {
  return html`
    <header class="top">
      <a class="brand" href="/">traceglass</a>
      <nav aria-label="Pages">
        ${NAV.map((n) =>
          html`<a href=${n.href} class=${
            n.match.includes(props.path) ? "active" : ""
          }>${n.label}</a>`
        )}
      </nav>
    </header>
    <main>${props.children}</main>
  `;
}
