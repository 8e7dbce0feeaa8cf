/**
 * Browser side of islands: finds each server-rendered `[data-island=<name>]` element, reads its
 * props from the `<script type="application/json">` block next to it (the CSP forbids inline
 * scripts, not JSON data blocks) and hydrates the component over the existing markup.
 *
 * @module
 */
import { type ComponentType, h, hydrate } from "preact";

/** Hydrates every instance of island `name` on the page with `component`. */
export function hydrateIslands<P>(name: string, component: ComponentType<P>): void {
  for (const el of document.querySelectorAll<HTMLElement>(`[data-island="${name}"]`)) {
    const data = document.getElementById(el.dataset.props ?? "");
    const props = JSON.parse(data?.textContent || "{}") as P;
    hydrate(h(component as ComponentType<Record<string, unknown>>, props as never), el);
  }
}
