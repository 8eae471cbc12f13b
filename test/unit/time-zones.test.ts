import { describe, expect, it } from "vitest";
import { isValidTimeZone } from "../../src/slack/time";
import { resolveTimeZone, ZONES, zoneLabel, zoneOptions } from "../../src/slack/time-zones";

describe("time zones a physician can pick", () => {
  it("offers valid zones only, within Slack's 100 options and 75-character labels", () => {
    expect(ZONES.length).toBeLessThanOrEqual(99); // room for the physician's own zone
    for (const zone of ZONES) expect(isValidTimeZone(zone.id), zone.id).toBe(true);
    for (const language of ["en", "uk"] as const) {
      for (const o of zoneOptions("Europe/Kyiv", language)) expect(o.label.length).toBeLessThanOrEqual(75);
    }
    expect(new Set(ZONES.map((z) => z.id)).size).toBe(ZONES.length);
  });

  it("always offers the physician's own zone, first when it is not in the list", () => {
    expect(zoneOptions("Asia/Kathmandu", "en")[0]).toEqual({
      value: "Asia/Kathmandu",
      label: "Asia/Kathmandu",
    });
    expect(zoneOptions("Europe/Kyiv", "en")[0]?.label).toBe(
      "Kyiv, Lviv, Odesa, Kharkiv, Dnipro — Europe/Kyiv",
    );
    expect(zoneOptions("Not/AZone", "en").map((o) => o.value)).not.toContain("Not/AZone");
  });

  it("labels cities in the physician's language", () => {
    expect(zoneLabel("Europe/Warsaw", "uk")).toBe("Варшава, Краків, Вроцлав — Europe/Warsaw");
    expect(zoneLabel("UTC", "en")).toBe("UTC (no daylight saving)");
  });

  it.each([
    ["Kyiv", "Europe/Kyiv"],
    ["Київ", "Europe/Kyiv"],
    ["kiev", "Europe/Kyiv"],
    ["Одеса", "Europe/Kyiv"],
    ["europe/kyiv", "Europe/Kyiv"],
    ["Europe/Kiev", "Europe/Kiev"],
    ["new york", "America/New_York"],
    ["Нью-Йорк", "America/New_York"],
    ["Kraków", "Europe/Warsaw"],
    ["Kathmandu", "Asia/Kathmandu"],
    ["utc", "UTC"],
  ])("resolves %s", (input, zone) => {
    expect(resolveTimeZone(input)).toBe(zone);
  });

  it.each(["", "  ", "Mars/Olympus", "Atlantis", "Kyiv; DROP TABLE"])("refuses %j", (input) => {
    expect(resolveTimeZone(input)).toBeUndefined();
  });
});
