/**
 * `npm run rotate-token-key`'s steps against a stand-in Worker: the new key goes first with
 * the old ones kept, the secret is written before re-sealing, re-sealing runs page after
 * page, `--drop-old` keeps only the newest key and only once nothing is left under an old
 * one — and no key is ever said out loud.
 */
import { describe, expect, it } from "vitest";
import { type RotateDeps, rotateTokenKey } from "../../scripts/rotate_token_key";
import { generateKeyEntry } from "../../src/lib/token-crypto";

const OLD = generateKeyEntry("k1");

/** `sealing`: the key id the stand-in Worker seals under until a new secret is put. */
function standIn(
  pages: { remaining: number; unreadable?: number; stale?: boolean }[],
  sealing = "k1",
  kept: string[] = [],
) {
  const said: string[] = [];
  const secrets: string[] = [];
  const calls: string[] = [];
  const slept: number[] = [];
  let current = sealing;
  const deps: RotateDeps = {
    async putSecret(value) {
      secrets.push(value);
      current = value.slice(0, value.indexOf(":"));
    },
    async fetch(url, init) {
      calls.push(`${init.method} ${url} ${(init.headers as Record<string, string>).authorization}`);
      const page = pages.shift() ?? { remaining: 0 };
      return Response.json({
        // `stale`: an instance that has not seen the new secret yet.
        keyId: page.stale ? "k1" : current,
        resealed: 1,
        unreadable: page.unreadable ?? 0,
        remaining: page.remaining,
      });
    },
    say: (line) => said.push(line),
    keep: (_value, keyId) => `.wrangler/token-keys/test-${keyId}`,
    keptKeyIds: () => kept,
    sleep: async (ms) => {
      slept.push(ms);
    },
  };
  return { deps, said, secrets, calls, slept };
}

const opts = {
  env: "production",
  target: "https://w.example",
  adminToken: "adm",
  current: OLD,
  dropOld: false,
};

describe("rotate-token-key", () => {
  it("puts a new key first, keeps the old, re-seals until nothing is left", async () => {
    const { deps, said, secrets, calls } = standIn([{ remaining: 120 }, { remaining: 20 }, { remaining: 0 }]);
    await rotateTokenKey({ ...opts, now: new Date("2026-11-30T15:40:00Z") }, deps);
    expect(secrets).toHaveLength(1);
    const entries = secrets[0]?.split(",") ?? [];
    expect(entries[0]).toMatch(/^k202611301540:[A-Za-z0-9+/]{43}=$/);
    expect(entries[1]).toBe(OLD);
    expect(calls).toEqual(Array(3).fill("POST https://w.example/admin/accounts/reseal Bearer adm"));
    expect(said.at(-1)).toContain("--drop-old");
    for (const line of said) {
      expect(line).not.toContain(OLD.split(":")[1]);
      expect(line).not.toContain(entries[0]?.split(":")[1]);
    }
  });

  it("--drop-old keeps only the newest key, after checking every token is under it", async () => {
    const newest = generateKeyEntry("k2");
    const { deps, secrets } = standIn([{ remaining: 0 }], "k2");
    await rotateTokenKey({ ...opts, current: `${newest},${OLD}`, dropOld: true }, deps);
    expect(secrets).toEqual([newest]);
  });

  it("stops without dropping anything when a token opens under no key", async () => {
    const { deps, secrets } = standIn([{ remaining: 1, unreadable: 1 }], "k2");
    await expect(
      rotateTokenKey({ ...opts, current: `${generateKeyEntry("k2")},${OLD}`, dropOld: true }, deps),
    ).rejects.toThrow(/opened under no configured key/);
    expect(secrets).toEqual([]);
  });

  it("waits for the new secret to reach the Worker before re-sealing", async () => {
    const { deps, secrets, slept } = standIn([
      { remaining: 0, stale: true },
      { remaining: 0, stale: true },
      { remaining: 0 },
    ]);
    await rotateTokenKey(opts, deps);
    expect(secrets).toHaveLength(1);
    expect(slept).toEqual([5_000, 10_000]);
  });

  it("refuses to start over while an earlier rotation's key is not in the exported value", async () => {
    const { deps, secrets, calls } = standIn([], "k1", ["k202611301500"]);
    await expect(rotateTokenKey(opts, deps)).rejects.toThrow(/k202611301500 is not in the exported value/);
    expect(secrets).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("refuses a malformed current value before touching anything", async () => {
    const { deps, secrets, calls } = standIn([]);
    await expect(rotateTokenKey({ ...opts, current: "k1:short" }, deps)).rejects.toThrow(/32 bytes/);
    expect(secrets).toEqual([]);
    expect(calls).toEqual([]);
  });
});
