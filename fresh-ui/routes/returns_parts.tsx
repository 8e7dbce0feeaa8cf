/**
 * Markup shared by the returns pages and the Walking Warehouse board: a key/value table of a
 * record's fields, a header row, and the "back / not found" answer for an unknown id.
 *
 * @module
 */

/** A record's fields as a two-column table; `name` marks it for tests (`data-fields`). */
export function FieldTable({ name, rows }: { name: string; rows: [string, string][] }) {
  return (
    <table class="jobs-table" data-fields={name}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A table's header row. */
export function HeadRow({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>{labels.map((h) => <th key={h}>{h}</th>)}</tr>
    </thead>
  );
}

/** The back link followed by a "not found" alert. */
export function NotFound({ href, back, message }: { href: string; back: string; message: string }) {
  return (
    <>
      <p>
        <a href={href}>{back}</a>
      </p>
      <p class="error" role="alert">{message}</p>
    </>
  );
}
