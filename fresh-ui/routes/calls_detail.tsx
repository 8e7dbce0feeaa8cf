/**
 * One call on the calls page (`/app/calls?id=<uuid>`): its fields, status and reason, the
 * transcript segment by segment, and the retry button when it failed or was skipped.
 *
 * @module
 */
import { hasAccess } from "../../platform/rest/access.ts";
import { CALLS_MANAGE_ROLES } from "../../routers/calls/roles.ts";
import { Island } from "../components/island.tsx";
import { BackLink, NotFound } from "../components/list_page.tsx";
import { FieldTable } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import CallRetry from "../islands/call_retry.tsx";
import type { PageContext } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";

const PATH = "/app/calls";

function clock(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** Whether the page's user may start exports and retry calls (supervisors and admins). */
export function canManageCalls(ctx: PageContext): boolean {
  return hasAccess(CALLS_MANAGE_ROLES, ctx.actor);
}

/** The retry button of a failed or skipped call, for users who may manage calls. */
export function RetryButton(
  { canManage, call, labels }: {
    canManage: boolean;
    call: { id: string; status: string };
    labels: Dict["calls"];
  },
) {
  if (!canManage || (call.status !== "error" && call.status !== "skipped")) return null;
  return <Island name="call_retry" component={CallRetry} props={{ id: call.id, labels }} />;
}

/** Renders the call `id`, or a "not found" answer. */
export async function renderCallDetail(ctx: PageContext, id: string) {
  const l = ctx.t.calls;
  const call = (await tryLoad(() => serverCaller(ctx).calls.get({ id }))).data;
  if (!call) return <NotFound href={PATH} back={l.back} message={l.notFound} />;
  return (
    <>
      <BackLink href={PATH} label={l.back} />
      <h1>{call.call_id}</h1>
      <FieldTable
        name="fields"
        value="call"
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
      <RetryButton canManage={canManageCalls(ctx)} call={call} labels={l} />
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
