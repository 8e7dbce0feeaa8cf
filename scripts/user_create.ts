/**
 * `deno task user:create --role ROLE --email E --password P [--login L] [--name N] [--phone T]`
 *
 * Creates a user directly in the configured database: on the embedded one while the service is
 * stopped (it refuses, naming the process, while the service holds it), on Postgres any time.
 * `--role` may repeat or be comma-separated. Prints the new user as JSON.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { systemActor } from "../platform/actor.ts";
import { AppError } from "../platform/errors.ts";
import { openConfiguredDatabase } from "../platform/bootstrap.ts";
import type { Role } from "../routers/auth/roles.ts";
import { createUser } from "../routers/auth/users.ts";

const USAGE =
  "usage: deno task user:create --role ROLE[,ROLE] --email E --password P [--login L] [--name N] [--phone T]";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    role: { type: "string", multiple: true },
    email: { type: "string" },
    login: { type: "string" },
    name: { type: "string" },
    phone: { type: "string" },
    password: { type: "string" },
  },
  strict: true,
});

const roles = (values.role ?? []).flatMap((r) => r.split(",")).map((r) => r.trim().toUpperCase());
if (!roles.length || !values.password || !(values.email || values.login)) {
  console.error(USAGE);
  Deno.exit(2);
}

const config = loadConfig(Deno.env.toObject());
let database;
try {
  database = await openConfiguredDatabase(config);
} catch (err) {
  console.error((err as Error).message);
  Deno.exit(1);
}
try {
  await migrateToLatest(database.db);
  const user = await createUser({ db: database.db, scryptLogN: config.scryptLogN }, systemActor(), {
    login: values.login,
    email: values.email,
    name: values.name,
    phone: values.phone,
    password: values.password,
    roles: roles as Role[],
  });
  console.log(JSON.stringify(user));
} catch (err) {
  if (err instanceof AppError) {
    const fields = err.fields.map((f) => `${f.field}: ${f.message}`).join("; ");
    console.error(`${err.message}${fields ? ` (${fields})` : ""}`);
    Deno.exitCode = 1;
  } else throw err;
} finally {
  await database.close();
}
