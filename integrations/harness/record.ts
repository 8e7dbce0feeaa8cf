/**
 * What a simulator remembers of each request: method, path, query, headers, a summary of the
 * body (parsed JSON, form fields, uploaded files by size and SHA-256), the answer's status and
 * when it came. Tests assert on these ("the recording was uploaded once"); a developer reads
 * them at `GET /__sim/requests`.
 *
 * @module
 */
import { sha256Hex } from "../../platform/hash.ts";

/** An uploaded file as recorded: enough to tell two uploads apart without keeping the bytes. */
export interface FileSummary {
  filename: string;
  type: string;
  size: number;
  sha256: string;
}

/** A form field: text (cut at 2000 characters) or a file. */
export type FieldValue = string | FileSummary;

/** The body of a recorded request. */
export type BodySummary =
  | { kind: "none" }
  | { kind: "json"; bytes: number; value: unknown }
  | { kind: "form"; bytes: number; fields: Record<string, FieldValue | FieldValue[]> }
  | { kind: "text"; bytes: number; text: string }
  | { kind: "binary"; bytes: number; sha256: string }
  /** Over the simulator's size limit: counted, not kept. */
  | { kind: "discarded"; bytes: number };

/** Why the harness answered instead of the integration's handler. */
export type HarnessReason = "fault" | "rate_limit" | "too_large";

/** One recorded request. */
export interface RecordedRequest {
  /** 1, 2, 3... in arrival order; never reused, even after {@link RequestLog.clear}. */
  seq: number;
  /** Arrival time, ISO 8601. */
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: BodySummary;
  /** Status answered; absent while the request is still being handled. */
  status?: number;
  durationMs?: number;
  /** Set when a fault, the rate limit or the size limit produced the answer. */
  harness?: HarnessReason;
}

const TEXT_LIMIT = 2000;
const JSON_LIMIT = 256 * 1024;

function addField(
  fields: Record<string, FieldValue | FieldValue[]>,
  name: string,
  value: FieldValue,
): void {
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else fields[name] = Array.isArray(prev) ? [...prev, value] : [prev, value];
}

async function formFields(form: FormData): Promise<Record<string, FieldValue | FieldValue[]>> {
  const fields: Record<string, FieldValue | FieldValue[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") {
      addField(fields, name, value.slice(0, TEXT_LIMIT));
    } else {
      const bytes = new Uint8Array(await value.arrayBuffer());
      addField(fields, name, {
        filename: value.name,
        type: value.type,
        size: value.size,
        sha256: await sha256Hex(bytes),
      });
    }
  }
  return fields;
}

/** Summarises a body by its content type; a body that does not parse is kept as text or hash. */
export async function summarizeBody(
  bytes: Uint8Array<ArrayBuffer>,
  contentType: string | null,
): Promise<BodySummary> {
  if (bytes.length === 0) return { kind: "none" };
  const type = (contentType ?? "").toLowerCase();
  try {
    if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form")) {
      const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
      return { kind: "form", bytes: bytes.length, fields: await formFields(form) };
    }
    if (type.includes("json") && bytes.length <= JSON_LIMIT) {
      return {
        kind: "json",
        bytes: bytes.length,
        value: JSON.parse(new TextDecoder().decode(bytes)),
      };
    }
  } catch {
    // Fall through: a malformed body is recorded as what it is.
  }
  if (type.startsWith("text/") || type.includes("json") || type.includes("xml")) {
    const text = new TextDecoder().decode(bytes.subarray(0, TEXT_LIMIT * 4)).slice(0, TEXT_LIMIT);
    return { kind: "text", bytes: bytes.length, text };
  }
  return { kind: "binary", bytes: bytes.length, sha256: await sha256Hex(bytes) };
}

/** Filter of {@link RequestLog.list}. */
export interface RequestFilter {
  /** Exact path. */
  path?: string;
  method?: string;
  status?: number;
}

/** The recorded requests of one simulator, newest last, capped at `keep` entries. */
export class RequestLog {
  #entries: RecordedRequest[] = [];
  #seq = 0;
  readonly keep: number;

  constructor(keep = 1000) {
    this.keep = keep;
  }

  /** Starts a record for a request that just arrived. */
  add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const recorded = { seq: ++this.#seq, ...entry };
    this.#entries.push(recorded);
    if (this.#entries.length > this.keep) this.#entries.shift();
    return recorded;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.#entries
      .filter((r) =>
        (filter.path === undefined || r.path === filter.path) &&
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.status === undefined || r.status === filter.status)
      )
      .map((r) => structuredClone(r));
  }

  clear(): void {
    this.#entries = [];
  }
}
