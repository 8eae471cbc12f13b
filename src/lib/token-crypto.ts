/**
 * Account tokens at rest: AES-256-GCM under a keyring read from `TOKEN_ENCRYPTION_KEY`.
 *
 * The secret is a comma-separated list of `<key id>:<base64 32-byte key>`. The first key
 * seals; every key opens. Rotation is therefore: put the new key first and keep the old one
 * after it, re-seal every row (`npm run rotate-token-key`), then drop the old key.
 *
 * A sealed value is `v1.<key id>.<iv>.<ciphertext>` (base64url). The associated data binds it
 * to its row and field (`account:<id>:access`), so a ciphertext copied into another row or
 * field does not open. No error here ever carries a key or a plaintext.
 */

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class TokenCryptoError extends Error {
  override readonly name = "TokenCryptoError";
}

/** Web Crypto's key type, named the same way in the Worker and in Node scripts. */
type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export interface Keyring {
  /** The key id new values are sealed under. */
  readonly currentId: string;
  readonly ids: readonly string[];
  readonly keys: ReadonlyMap<string, AesKey>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Parses the secret's value. Errors name the entry's position, never its content. */
export async function parseKeyring(secret: string): Promise<Keyring> {
  const entries = secret
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new TokenCryptoError("TOKEN_ENCRYPTION_KEY is empty");
  const keys = new Map<string, AesKey>();
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const id = colon > 0 ? entry.slice(0, colon) : "";
    if (!KEY_ID.test(id)) {
      throw new TokenCryptoError(
        `TOKEN_ENCRYPTION_KEY entry ${index + 1}: expected <key id>:<base64 key> (id of letters, digits, _ or -)`,
      );
    }
    if (keys.has(id)) throw new TokenCryptoError(`TOKEN_ENCRYPTION_KEY entry ${index + 1}: key id repeated`);
    const raw = fromBase64(entry.slice(colon + 1));
    if (raw?.byteLength !== KEY_BYTES) {
      throw new TokenCryptoError(
        `TOKEN_ENCRYPTION_KEY entry ${index + 1}: the key must be 32 bytes of base64`,
      );
    }
    keys.set(id, await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
  }
  const ids = [...keys.keys()];
  return { currentId: ids[0] as string, ids, keys };
}

/** A fresh key entry (`<id>:<base64>`) for the secret. */
export function generateKeyEntry(id: string): string {
  if (!KEY_ID.test(id)) throw new TokenCryptoError("key id: letters, digits, _ or - (at most 32)");
  return `${id}:${toBase64(crypto.getRandomValues(new Uint8Array(KEY_BYTES)))}`;
}

export async function seal(keyring: Keyring, plaintext: string, context: string): Promise<string> {
  const key = keyring.keys.get(keyring.currentId) as AesKey;
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  return [VERSION, keyring.currentId, toBase64Url(iv), toBase64Url(new Uint8Array(ciphertext))].join(".");
}

/** The key id a sealed value was sealed under (to find rows still under an old key). */
export function sealedKeyId(sealed: string): string | undefined {
  const [version, id] = sealed.split(".");
  return version === VERSION ? id : undefined;
}

export async function open(keyring: Keyring, sealed: string, context: string): Promise<string> {
  const [version, id = "", iv, ciphertext, ...rest] = sealed.split(".");
  if (version !== VERSION || iv === undefined || ciphertext === undefined || rest.length > 0) {
    throw new TokenCryptoError("sealed token: unknown format");
  }
  const key = keyring.keys.get(id);
  if (!key) throw new TokenCryptoError(`sealed token: key id "${id}" is not in TOKEN_ENCRYPTION_KEY`);
  const ivBytes = fromBase64Url(iv);
  const data = fromBase64Url(ciphertext);
  if (!ivBytes || !data) throw new TokenCryptoError("sealed token: unknown format");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: ivBytes, additionalData: encoder.encode(context) },
      key,
      data,
    );
    return decoder.decode(plain);
  } catch {
    throw new TokenCryptoError("sealed token: does not open (wrong key, row or field, or tampered)");
  }
}

/** Opens under whichever key sealed it and seals again under the current key. */
export async function reseal(keyring: Keyring, sealed: string, context: string): Promise<string> {
  return seal(keyring, await open(keyring, sealed, context), context);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.trim());
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/");
  return fromBase64(padded + "=".repeat((4 - (padded.length % 4)) % 4));
}

export { toBase64Url };
