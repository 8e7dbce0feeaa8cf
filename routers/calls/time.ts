/**
 * Wall-clock time in the registry's zone (CALLS_TIMEZONE, Europe/Moscow by default): the
 * schema's RFC 3339 datetimes carry that zone's offset, day boundaries of a period and the
 * stamps in file names are its dates, and a datetime given without an offset (the seed's
 * `2024-01-01 00:00:00`) is read in it. Offsets come from the runtime's time zone database,
 * so historical dates get their own offset (Moscow was +04:00 in 2011–2014).
 *
 * @module
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A moment's wall clock in a zone. */
export interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** `+03:00` (`+00:00` for UTC). */
  offset: string;
}

/** The wall clock of `date` in `timeZone`. */
export function wallClock(date: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(date)) parts[p.type] = p.value;
  const gmt = parts.timeZoneName.replace("GMT", "");
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    offset: gmt === "" ? "+00:00" : gmt,
  };
}

/**
 * RFC 3339 with the zone's offset, to the second.
 *
 * @example
 * ```ts
 * rfc3339(new Date("2024-01-01T07:30:00Z"), "Europe/Moscow"); // "2024-01-01T10:30:00+03:00"
 * ```
 */
export function rfc3339(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.year}-${w.month}-${w.day}T${w.hour}:${w.minute}:${w.second}${w.offset}`;
}

/** `YYYYmmddTHHMMSS` of the zone's wall clock (the seed's file-name stamp). */
export function fileStamp(date: Date, timeZone: string): string {
  const w = wallClock(date, timeZone);
  return `${w.year}${w.month}${w.day}T${w.hour}${w.minute}${w.second}`;
}

/** `YYYYmmdd` of the zone's wall clock. */
export function dayStamp(date: Date, timeZone: string): string {
  return fileStamp(date, timeZone).slice(0, 8);
}

function offsetMs(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [h, m] = offset.slice(1).split(":").map(Number);
  return sign * (h * 60 + m) * 60_000;
}

/**
 * The moment whose wall clock in `timeZone` reads the given fields.
 *
 * @example
 * ```ts
 * zonedTime("Europe/Moscow", 2024, 1, 1).toISOString(); // "2023-12-31T21:00:00.000Z"
 * ```
 */
export function zonedTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Date {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = naive - offsetMs(wallClock(new Date(naive), timeZone).offset);
  // A second pass settles dates next to an offset change.
  guess = naive - offsetMs(wallClock(new Date(guess), timeZone).offset);
  return new Date(guess);
}

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads an ISO 8601 date or datetime; without an offset it is the zone's wall clock.
 *
 * @returns undefined when `text` is not such a date
 */
export function parseDateTime(text: string, timeZone: string): Date | undefined {
  const m = text.trim().match(DATETIME);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", zone] = m;
  const nums = [y, mo, d, h, mi, s].map(Number);
  if (nums[1] < 1 || nums[1] > 12 || nums[2] < 1 || nums[2] > 31 || nums[3] > 23) return undefined;
  if (nums[4] > 59 || nums[5] > 59) return undefined;
  if (zone) {
    const t = Date.parse(text.trim().replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const date = zonedTime(timeZone, nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]);
  // Reject 2024-02-31 and the like: the wall clock must read back what was given.
  return dayStamp(date, timeZone) === `${y}${mo}${d}` ? date : undefined;
}

/** True when `text` carries only a date (no time of day). */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}

/**
 * The default export period: from midnight `days` days ago to the end of today, wall clock.
 *
 * @example
 * ```ts
 * lastDays(60, "Europe/Moscow", new Date("2024-03-01T12:00:00Z"));
 * // { from: 2024-01-01T00:00:00+03:00, to: 2024-03-01T23:59:59+03:00 }
 * ```
 */
export function lastDays(days: number, timeZone: string, now = new Date()): {
  from: Date;
  to: Date;
} {
  const w = wallClock(now, timeZone);
  const [y, m, d] = [Number(w.year), Number(w.month), Number(w.day)];
  return {
    from: zonedTime(timeZone, y, m, d - days),
    to: zonedTime(timeZone, y, m, d, 23, 59, 59),
  };
}

/** Consecutive windows covering [from, to] (both inclusive, whole seconds, no overlap). */
export function windowsOf(from: Date, to: Date, hours: number): { from: Date; to: Date }[] {
  const step = hours * 3_600_000;
  const out: { from: Date; to: Date }[] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += step) {
    out.push({ from: new Date(t), to: new Date(Math.min(t + step - 1000, to.getTime())) });
  }
  return out;
}
