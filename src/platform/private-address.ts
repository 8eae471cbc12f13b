/**
 * Which hosts and addresses the source-URL fetch guard refuses: IPv4 in any private,
 * loopback, link-local, CGNAT, documentation, benchmark, multicast, reserved or unspecified
 * range (numbers parsed with inet_aton rules: decimal, 0x-hex, 0-octal, 1–4 parts); IPv6
 * loopback/unspecified, the rest of reserved ::/8, unique-local fc00::/7, link-local fe80::/10, site-local, multicast,
 * and IPv4 embedded in IPv6 (mapped, compatible, NAT64, 6to4) judged by its IPv4 address;
 * names `localhost`, `*.localhost`, `*.local`, `*.internal`, `*.home.arpa` and single
 * labels. Anything that does not parse counts as private: the guard fails closed.
 */
const BLOCKED_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa"];

/** True for hostnames that must never be fetched (IP literals in private ranges, local names). */
export function isBlockedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  if (host.startsWith("[")) return isPrivateAddress(host.slice(1, -1));
  if (parseIpv4(host) !== null) return isPrivateAddress(host);
  if (host === "localhost" || BLOCKED_SUFFIXES.some((suffix) => host.endsWith(suffix))) return true;
  // A single-label name can only be an intranet host.
  return !host.includes(".");
}

// [first address, prefix length] of IPv4 ranges that are not the public internet.
const PRIVATE_V4: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
const PRIVATE_V4_RANGES = PRIVATE_V4.map(([base, bits]) => ({ base: parseIpv4(base) ?? 0, bits }));

/** True for a private/reserved IPv4 or IPv6 address; anything unparseable counts as private. */
export function isPrivateAddress(address: string): boolean {
  if (address.includes(":")) {
    const groups = parseIpv6(address);
    return groups === null || isPrivateV6(groups);
  }
  const v4 = parseIpv4(address);
  return v4 === null || isPrivateV4(v4);
}

function isPrivateV4(ip: number): boolean {
  return PRIVATE_V4_RANGES.some(({ base, bits }) => ip >>> (32 - bits) === base >>> (32 - bits));
}

function isPrivateV6(g: number[]): boolean {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = ((g6 << 16) | g7) >>> 0;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0) {
    // ::, ::1, IPv4-compatible ::a.b.c.d, IPv4-mapped ::ffff:a.b.c.d, SIIT ::ffff:0:a.b.c.d.
    if ((g4 === 0 && (g5 === 0 || g5 === 0xffff)) || (g4 === 0xffff && g5 === 0))
      return isPrivateV4(embedded);
    // The rest of ::/8 is reserved by the IETF, never a public host.
    return true;
  }
  if (g0 === 0x64 && g1 === 0xff9b) return g2 !== 0 || isPrivateV4(embedded); // NAT64
  if (g0 === 0x2002) return isPrivateV4(((g1 << 16) | g2) >>> 0); // 6to4
  if (g0 === 0x2001 && (g1 === 0 || g1 === 0xdb8)) return true; // Teredo, documentation
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return true; // discard-only
  return (g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0 || g0 >= 0xff00;
}

/** inet_aton rules: 1–4 parts, each decimal, 0x-hex or 0-octal; the last fills the rest. */
export function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = Number.parseInt(part, 8);
    else if (/^[1-9][0-9]*$/.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const last = values.pop() ?? 0;
  if (values.some((v) => v > 255) || last >= 256 ** (4 - values.length)) return null;
  return values.reduce((acc, v, i) => acc + v * 256 ** (3 - i), 0) + last;
}

/** Eight 16-bit groups, or null; accepts `::` compression and a dotted IPv4 tail. */
function parseIpv6(address: string): number[] | null {
  let text = address.toLowerCase();
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = parseIpv4(tail[2] ?? "");
    if (v4 === null) return null;
    text = `${tail[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (s: string | undefined) => (s ? s.split(":") : []);
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return null;
  return groups.map((group) => Number.parseInt(group, 16));
}
