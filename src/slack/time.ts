/**
 * Wall-clock conversion in a physician's IANA time zone (the Schedule modal works in
 * their zone, storage in UTC epoch ms). Workers have full Intl time zone data.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const zoneValidity = new Map<string, boolean>();

/** True when `zone` is an IANA zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid = true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    valid = false;
  }
  // Building a formatter is costly and the answer never changes; a few hundred zones exist.
  if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  return valid;
}

/** `YYYY-MM-DD` and `HH:mm` of an instant, as seen in `timeZone`. */
export function localDateTimeParts(epochMs: number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** The wall clock in `timeZone` at `epochMs`, read as if it were UTC (minute precision). */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  const seen = localDateTimeParts(epochMs, timeZone);
  const [y, mo, da] = seen.date.split("-").map(Number);
  const [h, mi] = seen.time.split(":").map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, da ?? 1, h ?? 0, mi ?? 0);
}

/**
 * The instant when the wall clock in `timeZone` shows `date` `time`. The zone's offsets a
 * day before and a day after give the candidates; only those that read back as the same
 * wall-clock time count. A time skipped by a daylight-saving change (Kyiv 03:30 on the
 * spring-forward day) has none: undefined, as for malformed input. A time that happens
 * twice (the fall-back hour) is its first occurrence.
 */
export function zonedTimeToEpoch(date: string, time: string, timeZone: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t || !isValidTimeZone(timeZone)) return undefined;
  const wanted = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Date.UTC rolls 30 February over into March; a calendar date must round-trip.
  if (
    Number.isNaN(wanted) ||
    new Date(wanted).getUTCDate() !== Number(d[3]) ||
    Number(t[1]) > 23 ||
    Number(t[2]) > 59
  ) {
    return undefined;
  }
  const candidates = [wanted - DAY_MS, wanted + DAY_MS]
    .map((probe) => wanted - (wallClockAsUtc(probe, timeZone) - probe))
    .filter((instant) => wallClockAsUtc(instant, timeZone) === wanted);
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** The hour posts are offered for by default: the start of a reader's morning. */
const DEFAULT_SLOT_HOUR = "09:00";

/**
 * Where the schedule pickers start: the next 09:00 on the physician's clock that is at least
 * an hour away (today before 08:00, else tomorrow) — a sensible slot, not "an hour from now".
 */
export function nextSensibleSlot(now: number, timeZone: string): { date: string; time: string } {
  const zone = isValidTimeZone(timeZone) ? timeZone : "UTC";
  for (let days = 0; days < 3; days++) {
    const { date } = localDateTimeParts(now + days * DAY_MS, zone);
    const at = zonedTimeToEpoch(date, DEFAULT_SLOT_HOUR, zone);
    if (at !== undefined && at >= now + 60 * 60 * 1000) return { date, time: DEFAULT_SLOT_HOUR };
  }
  return localDateTimeParts(now + DAY_MS, zone);
}
