/**
 * Tokens at rest: AES-GCM under a keyring with key ids, bound to their row and field, and
 * rotatable — the first key seals, every key opens, and nothing ever echoes a key.
 */
import { describe, expect, it } from "vitest";
import {
  generateKeyEntry,
  open,
  parseKeyring,
  reseal,
  seal,
  sealedKeyId,
  TokenCryptoError,
} from "../../src/lib/token-crypto";

const K1 = generateKeyEntry("k1");
const K2 = generateKeyEntry("k2");

describe("token crypto", () => {
  it("seals under the first key and opens what it sealed; the ciphertext hides the token", async () => {
    const ring = await parseKeyring(K1);
    const sealed = await seal(ring, "secret-access-token", "account:a1:access");
    expect(sealed).toMatch(/^v1\.k1\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("secret");
    expect(await open(ring, sealed, "account:a1:access")).toBe("secret-access-token");
    // A fresh IV every time: the same token never seals to the same text.
    expect(await seal(ring, "secret-access-token", "account:a1:access")).not.toBe(sealed);
  });

  it("does not open under another row or field, nor when tampered with", async () => {
    const ring = await parseKeyring(K1);
    const sealed = await seal(ring, "tok", "account:a1:access");
    await expect(open(ring, sealed, "account:a2:access")).rejects.toThrow(TokenCryptoError);
    await expect(open(ring, sealed, "account:a1:refresh")).rejects.toThrow(TokenCryptoError);
    const parts = sealed.split(".");
    const last = parts[3] ?? "";
    // Change the FIRST character: it carries six data bits. The last one carries padding bits a
    // lenient decoder ignores, so changing it can leave the bytes (and the tag) intact.
    const flipped = `${last.startsWith("A") ? "B" : "A"}${last.slice(1)}`;
    await expect(open(ring, [...parts.slice(0, 3), flipped].join("."), "account:a1:access")).rejects.toThrow(
      /does not open/,
    );
    await expect(open(ring, "v2.k1.a.b", "account:a1:access")).rejects.toThrow(/unknown format/);
  });

  it("rotates: a new first key seals, the old one still opens, reseal moves a value to the new key", async () => {
    const old = await parseKeyring(K1);
    const sealed = await seal(old, "tok", "ctx");
    const rotated = await parseKeyring(`${K2},${K1}`);
    expect(rotated.currentId).toBe("k2");
    expect(await open(rotated, sealed, "ctx")).toBe("tok");
    const moved = await reseal(rotated, sealed, "ctx");
    expect(sealedKeyId(moved)).toBe("k2");
    // Once the old key is dropped, only resealed values open.
    const onlyNew = await parseKeyring(K2);
    expect(await open(onlyNew, moved, "ctx")).toBe("tok");
    await expect(open(onlyNew, sealed, "ctx")).rejects.toThrow(/key id "k1" is not in TOKEN_ENCRYPTION_KEY/);
  });

  it("refuses a malformed secret naming the entry, never its content", async () => {
    const key = K1.split(":")[1] ?? "";
    for (const [secret, message] of [
      ["", /empty/],
      [key, /entry 1: expected <key id>:<base64 key>/],
      [`k1:${key.slice(0, 20)}`, /entry 1: the key must be 32 bytes/],
      [`${K1},k1:${key}`, /entry 2: key id repeated/],
    ] as const) {
      const error = await parseKeyring(secret).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokenCryptoError);
      expect(String(error)).toMatch(message);
      if (key) expect(String(error)).not.toContain(key.slice(0, 12));
    }
  });
});
