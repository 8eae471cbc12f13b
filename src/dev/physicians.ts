/**
 * The playground's workspace: one team, one channel and the local physicians the page's
 * picker offers. The sink answers `users.info` for them as Slack would (name, time zone),
 * so first contact syncs a real-looking profile.
 */
export const PLAYGROUND_TEAM = "T0PLAYGROUND";
export const PLAYGROUND_CHANNEL = "C0PLAYGROUND";

export interface LocalPhysician {
  id: string;
  name: string;
  realName: string;
  tz: string;
  locale: string;
}

export const LOCAL_PHYSICIANS: LocalPhysician[] = [
  { id: "U0OLENA", name: "olena", realName: "Dr. Olena Koval", tz: "Europe/Kyiv", locale: "uk-UA" },
  { id: "U0SAM", name: "sam", realName: "Dr. Sam Taylor", tz: "Europe/London", locale: "en-GB" },
];

export function localPhysician(id: string): LocalPhysician | undefined {
  return LOCAL_PHYSICIANS.find((p) => p.id === id);
}
