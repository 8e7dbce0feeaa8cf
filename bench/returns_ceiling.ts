/**
 * The ceiling the returns benchmark compares against: a bare `Deno.serve` handler that parses
 * the JSON body and does one postgres.js insert, nothing else (no routing, auth, validation,
 * idempotency, audit or logging). Run as a subprocess by `returns_bench.ts`:
 *
 *     DATABASE_URL=postgres://... PORT=8123 deno run -A bench/returns_ceiling.ts
 *
 * It prints `listening <port>` once ready.
 *
 * @module
 */
import postgres from "postgres";

const url = Deno.env.get("DATABASE_URL");
if (!url) throw new Error("DATABASE_URL is required");
// The same pool size the service uses by default (DB_POOL_MAX).
const sql = postgres(url, { max: Number(Deno.env.get("DB_POOL_MAX") ?? 10), onnotice: () => {} });
await sql`create table if not exists bench_ceiling (
  id bigint generated always as identity primary key,
  body jsonb not null,
  created_at timestamptz not null default now()
)`;

const server = Deno.serve({
  hostname: "127.0.0.1",
  port: Number(Deno.env.get("PORT") ?? 0),
  onListen: ({ port }) => console.log(`listening ${port}`),
}, async (req) => {
  const body = await req.json();
  const [row] = await sql`insert into bench_ceiling (body) values (${sql.json(body)}) returning id`;
  return Response.json({ id: row.id }, { status: 201 });
});

Deno.addSignalListener("SIGTERM", async () => {
  await server.shutdown();
  await sql.end();
  Deno.exit(0);
});
