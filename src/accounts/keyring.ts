/**
 * The keyring account tokens are sealed under, parsed once per isolate per secret value.
 * Outside production an unset TOKEN_ENCRYPTION_KEY falls back to a fixed development key
 * (so the playground and tests can connect accounts); production refuses to store tokens
 * without a real key.
 */
import type { Config } from "../config";
import { AppError } from "../lib/errors";
import { type Keyring, parseKeyring } from "../lib/token-crypto";

/** Development only: never accepted in production. */
const DEV_KEY = "dev:c2Vyb3RvbmluLXNjcmlwdC1kZXZlbG9wbWVudC1rZXk=";

let cached: { secret: string; keyring: Promise<Keyring> } | undefined;

export function hasTokenKey(config: Config): boolean {
  return Boolean(config.TOKEN_ENCRYPTION_KEY) || config.ENVIRONMENT !== "production";
}

function keySecret(config: Config): string | undefined {
  return config.TOKEN_ENCRYPTION_KEY ?? (config.ENVIRONMENT === "production" ? undefined : DEV_KEY);
}

/** The secret's entries, newest first (for MACs that must verify across a rotation). */
export function keyEntries(config: Config): string[] {
  return (keySecret(config) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function accountKeyring(config: Config): Promise<Keyring> {
  const secret = keySecret(config);
  if (!secret) {
    throw new AppError(
      "Connecting accounts needs TOKEN_ENCRYPTION_KEY (see the runbook: rotating the token key).",
      503,
      "token_key_missing",
    );
  }
  if (cached?.secret !== secret) cached = { secret, keyring: parseKeyring(secret) };
  return cached.keyring;
}
