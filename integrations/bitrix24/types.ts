/**
 * The Bitrix24 REST wire format fieldhub uses (Bitrix24 developer docs): the common answer
 * envelope, a row of `voximplant.statistic.get` (the call history, one row per call) and the
 * `disk.file.get` answer that leads to a recording. The portal sends numbers as strings.
 *
 * @module
 */

/** Every REST answer: `result`, and for lists `next` (the next `start`) and `total`. */
export interface B24Envelope<T> {
  result: T;
  /** Offset of the next page; absent on the last page. */
  next?: number;
  /** Rows matching the filter, over all pages. */
  total?: number;
  time?: { start: number; finish: number; duration: number; processing?: number };
}

/**
 * `CALL_TYPE` codes: 1 outgoing, 2 incoming, 3 incoming redirected, 4 callback.
 */
export const CALL_TYPES = { OUTGOING: "1", INCOMING: "2", REDIRECTED: "3", CALLBACK: "4" } as const;

/** One row of `voximplant.statistic.get`. */
export interface VoxStatisticRow {
  ID: string;
  CALL_ID: string;
  /** See {@link CALL_TYPES}. */
  CALL_TYPE: string;
  /** The employee on the portal's side. */
  PORTAL_USER_ID: string | null;
  /** The portal's line (a number, or `reg<id>` / `sip<id>` for SIP lines). */
  PORTAL_NUMBER: string | null;
  /** The other party. */
  PHONE_NUMBER: string | null;
  /** Seconds. */
  CALL_DURATION: string;
  /** ISO 8601 with the portal's offset. */
  CALL_START_DATE: string;
  /** 200 answered, 304 missed, 603 declined, ... */
  CALL_FAILED_CODE: string | null;
  CALL_FAILED_REASON?: string | null;
  COST?: string | null;
  COST_CURRENCY?: string | null;
  /** Disk file of the recording; empty when the call was not recorded. */
  RECORD_FILE_ID: string | null;
  /** A direct link to the recording, where the portal gives one. */
  CALL_RECORD_URL?: string | null;
  CRM_ENTITY_TYPE?: string | null;
  CRM_ENTITY_ID?: string | null;
  CRM_ACTIVITY_ID?: string | null;
}

/** The `disk.file.get` answer's `result`. */
export interface DiskFile {
  ID: string;
  NAME: string;
  /** Bytes. */
  SIZE: string;
  /** A link that downloads the file (it carries its own token; never log it). */
  DOWNLOAD_URL: string;
  /** The file's page on the portal, for people. */
  DETAIL_URL?: string;
  CREATE_TIME?: string;
}
