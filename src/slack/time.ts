/**
 * Wall-clock conversion in a physician's IANA time zone (the Schedule modal works in
 * their zone, storage in UTC epoch ms). Workers have full Intl time zone data.
 */

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
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

/**
 * The instant when the wall clock in `timeZone` shows `date` `time`. Found by correcting
 * a UTC guess by the zone's offset at that moment (twice, to settle across DST changes).
 * Returns undefined for malformed input.
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
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const seen = localDateTimeParts(guess, timeZone);
    const [y, mo, da] = seen.date.split("-").map(Number);
    const [h, mi] = seen.time.split(":").map(Number);
    const seenUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, da ?? 1, h ?? 0, mi ?? 0);
    guess += wanted - seenUtc;
  }
  return guess;
}
