// The README's curl example against a real server, and the same operations over tRPC.
import assert from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { startTestApp } from "../helpers/app.ts";
import { README_BODY } from "./fixtures.ts";

const README_CURL = `curl -X POST http://localhost:8000/api/v1/returns \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -H "X-Request-Id: $(uuidgen)" \\
  -d '{
        "source": "warehouse",
        "courier_id": "courier-001",
        "items": [
          {"sku": "SKU-1001", "qty": 1, "quality": "new", "reason_code": "customer_changed_mind"}
        ]
      }'`;

async function hasTools(): Promise<boolean> {
  for (const tool of ["bash", "curl", "uuidgen"]) {
    const ok = await new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" })
      .output().then((o) => o.success, () => false);
    if (!ok) return false;
  }
  return true;
}
const tools = await hasTools();
if (!tools) console.warn("skipping the curl test: bash, curl or uuidgen is missing");

Deno.test({
  name: "the README's curl example works as written, plus an Authorization: Bearer header",
  ignore: !tools && Deno.env.get("CI") !== "true",
  async fn() {
    const t = await startTestApp();
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
    try {
      const { token } = await t.user(["ENGINEER"]);
      // The documented command, verbatim, with the port of this server and the token added.
      const command = README_CURL.replace(
        "http://localhost:8000",
        `http://127.0.0.1:${server.addr.port}`,
      )
        .replace("curl -X POST", `curl -sS -i -H "Authorization: Bearer ${token}" -X POST`);
      const out = await new Deno.Command("bash", {
        args: ["-c", command],
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      const text = new TextDecoder().decode(out.stdout);
      assert.ok(out.success, new TextDecoder().decode(out.stderr));
      const [head, body] = text.split("\r\n\r\n");
      assert.match(head, /^HTTP\/1\.1 201/);
      const created = JSON.parse(body);
      assert.match(head, new RegExp(`location: /api/v1/returns/${created.id}`, "i"));
      assert.match(head, /x-request-id: [0-9a-f-]{36}/i);
      assert.equal(created.courier_id, "courier-001");
      assert.equal(created.items[0].sku, "SKU-1001");
    } finally {
      await server.shutdown();
      await t.close();
    }
  },
});

Deno.test("tRPC returns: create, list, get, accept, history and a typed 422 with field paths", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const created = await t.trpc(courier.token).returns.create.mutate(README_BODY as never);
    assert.equal(created.status, "pending");
    const page = await t.trpc(manager.token).returns.list.query({ page_size: 10 });
    assert.deepEqual(page.items.map((r) => r.id), [created.id]);
    const accepted = await t.trpc(manager.token).returns.accept.mutate({ id: created.id });
    assert.equal(accepted.manager_id, manager.user.id);
    const history = await t.trpc(manager.token).returns.history.query({ id: created.id });
    assert.deepEqual(history.map((h) => h.action), ["create", "accept"]);

    const err = await t.trpc(courier.token).returns.create.mutate({
      ...README_BODY,
      items: [{ ...README_BODY.items[0], qty: 0 }],
    } as never).then(() => null, (e) => e);
    assert.ok(err instanceof TRPCClientError);
    assert.equal(err.data?.httpStatus, 400);
    assert.deepEqual(err.data?.errors?.map((e: { field: string }) => e.field), ["items[0].qty"]);

    const forbidden = await t.trpc(courier.token).returns.list.query({}).then(() => null, (e) => e);
    assert.equal(forbidden?.data?.httpStatus, 403);
  } finally {
    await t.close();
  }
});

Deno.test("tRPC mutations replay with an Idempotency-Key: one return for two calls", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["MASTER"]);
    const client = t.trpc(courier.token, { "idempotency-key": "trpc-key-1" });
    const a = await client.returns.create.mutate(README_BODY as never);
    const b = await client.returns.create.mutate(README_BODY as never);
    assert.equal(a.id, b.id);
    const rows = await t.deps.db.selectFrom("returns").select("id").execute();
    assert.equal(rows.length, 1);
  } finally {
    await t.close();
  }
});
