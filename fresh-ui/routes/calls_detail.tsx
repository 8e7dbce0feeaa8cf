/**
 * One call on the calls page (`/app/calls?id=<uuid>`): its fields, status and reason, the
 * transcript segment by segment, and the retry button when it failed or was skipped.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { hasRole } from "../../platform/actor.ts";
import { CALLS_MANAGE_ROLES } from "../../routers/calls/roles.ts";
import { Island } from "../components/island.tsx";
import { fmt } from "../i18n/fmt.ts";
import CallRetry from "../islands/call_retry.tsx";
import type { PageContext } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";
import { FieldTable, NotFound } from "./returns_parts.tsx";

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Renders the call `id`, or a "not found" answer. */
export async function renderCallDetail(ctx: PageContext, id: string) {
  const l = ctx.t.calls;
  let call;
  try {
    call = await serverCaller(ctx).calls.get({ id });
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    return <NotFound href="/app/calls" back={l.back} message={l.notFound} />;
  }
  const canManage = hasRole(ctx.actor, "ADMIN", ...CALLS_MANAGE_ROLES);
  return (
    <>
      <p>
        <a href="/app/calls">{l.back}</a>
      </p>
      <h1>{call.call_id}</h1>
      <FieldTable
        name="call"
        rows={[
          [l.colStart, call.datetime_start.replace("T", " ")],
          [l.colDirection, l.directions[call.direction]],
          [l.colParties, `${call.from} → ${call.to}`],
          [l.colDuration, fmt(l.seconds, { n: call.duration_sec })],
          [l.colStatus, l.statuses[call.status] + (call.reason ? ` (${call.reason})` : "")],
          ["transcript_path", call.transcript_path ?? "—"],
          ["cost", `${call.cost} ${call.currency}`],
        ]}
      />
      {canManage && (call.status === "error" || call.status === "skipped") && (
        <Island name="call_retry" component={CallRetry} props={{ id: call.id, labels: l }} />
      )}
      <h2>{l.transcript}</h2>
      {call.transcript
        ? (
          <ol class="transcript" data-transcript="true">
            {(call.transcript.segments.length
              ? call.transcript.segments
              : [{ start: 0, end: 0, text: call.transcript.text }]).map((s, i) => (
                <li key={i}>
                  <span class="times">{clock(s.start)}</span> {s.text}
                </li>
              ))}
          </ol>
        )
        : <p class="empty">{l.noTranscript}</p>}
    </>
  );
}
