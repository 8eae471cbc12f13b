// Fake DNS-over-HTTPS resolver under /doh/dns-query, speaking the JSON API of Cloudflare's
// and Google's resolvers (GET ?name=&type=, `accept: application/dns-json`): Status is the
// DNS RCODE (0 NOERROR, 3 NXDOMAIN), names are fully qualified (trailing dot), types are
// numeric (A = 1, AAAA = 28). Its small zone holds names that resolve to private addresses,
// so the source-URL guard can be exercised end to end without real DNS.
import type { FakeRequest, FakeResponse, Mount, ServiceFake } from "./http.js";
import { json } from "./http.js";

const TYPES: Record<string, number> = { A: 1, AAAA: 28 };
const TTL = 300;
const SOA = {
  type: 6,
  TTL: 900,
  data: "ns.clinic.example. hostmaster.clinic.example. 1 7200 900 1209600 86400",
};

/** Name → records by numeric type. Every name here is a private/intranet host. */
export const DOH_ZONE: Record<string, Record<number, string[]>> = {
  "intranet.clinic.example": { 1: ["10.0.0.5"] },
};

function dnsJson(body: unknown): FakeResponse {
  return { ...json(200, body), headers: { "content-type": "application/dns-json" } };
}

function answer(req: FakeRequest): FakeResponse {
  const wantsJson =
    (req.headers.accept ?? "").includes("application/dns-json") || req.query.ct === "application/dns-json";
  if (!wantsJson) return json(400, { error: "Invalid content type for JSON format" });
  const name = (req.query.name ?? "").toLowerCase().replace(/\.+$/, "");
  const rawType = (req.query.type ?? "A").toUpperCase();
  const type = /^\d+$/.test(rawType) ? Number(rawType) : TYPES[rawType];
  if (name === "" || type === undefined) return json(400, { error: "Invalid query name or type" });
  const fqdn = `${name}.`;
  const flags = { TC: false, RD: true, RA: true, AD: false, CD: false, Question: [{ name: fqdn, type }] };
  const records = DOH_ZONE[name];
  if (records === undefined) {
    return dnsJson({ Status: 3, ...flags, Authority: [{ name: "clinic.example.", ...SOA }] });
  }
  const data = records[type] ?? [];
  if (data.length === 0)
    return dnsJson({ Status: 0, ...flags, Authority: [{ name: "clinic.example.", ...SOA }] });
  return dnsJson({
    Status: 0,
    ...flags,
    Answer: data.map((value) => ({ name: fqdn, type, TTL, data: value })),
  });
}

export function createDohFake(): ServiceFake {
  const mount: Mount = {
    service: "doh",
    prefix: "/doh",
    failure: (status) => json(status, { error: `DoH resolver error ${status}` }),
    handle(req) {
      if (req.method === "GET" && req.path === "/dns-query") return answer(req);
      return json(404, { error: `no DoH route ${req.method} ${req.path}` });
    },
  };
  return { mounts: [mount], reset: () => {} };
}
