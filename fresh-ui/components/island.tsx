/**
 * Server side of islands: renders an island's component to HTML inside a marked element and
 * puts its props in a JSON data block, which `runtime/hydrate.ts` reads in the browser. Pages
 * collect the names of the islands they rendered so the layout loads only those scripts.
 *
 * @module
 */
import { type ComponentType, createContext, h } from "preact";
import { useContext } from "preact/hooks";

/** The islands rendered so far in one page render. */
export const IslandsRendered = createContext<Set<string>>(new Set());

let counter = 0;

/**
 * JSON that is safe inside a `<script>` element: `<`, `>` and `&` escaped so no string in the
 * props can close the element, U+2028/2029 escaped for old parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Props of {@link Island}. */
export interface IslandProps<P> {
  /** File name of the island in `fresh-ui/islands/` without `.tsx`. */
  name: string;
  component: ComponentType<P>;
  /** Serialisable props: they travel to the browser as JSON. */
  props: P;
}

/**
 * Renders island `name` with `props`, hydrated in the browser.
 *
 * @example
 * ```tsx
 * <Island name="jobs_table" component={JobsTable} props={{ labels, initial }} />
 * ```
 */
export function Island<P>({ name, component: C, props }: IslandProps<P>) {
  useContext(IslandsRendered).add(name);
  const id = `island-props-${++counter}`;
  return (
    <>
      <div data-island={name} data-props={id}>
        {h(C as ComponentType<object>, props as object)}
      </div>
      <script
        type="application/json"
        id={id}
        dangerouslySetInnerHTML={{ __html: scriptJson(props) }}
      />
    </>
  );
}
