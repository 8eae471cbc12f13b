/**
 * A killed invocation, simulated: an attempt runs on its own D1 binding and its own outbound
 * base URLs (marked with a prefix of its own), and is "killed" just before its k-th operation (a D1
 * write or an external call). From then on every D1 statement and every outbound request of
 * that attempt waits — the world sees nothing more from it, as when a Worker dies — until
 * `revive()`, when they all proceed (the stale attempt waking up after a takeover).
 */
import { env } from "cloudflare:workers";
import { interceptD1 } from "./d1-faults";

let switches = 0;

export interface KillSwitch {
  /** Operations (D1 writes + external calls) seen so far. */
  readonly ops: number;
  readonly killed: boolean;
  /** The env the doomed attempt runs on. */
  env: Env;
  revive(): void;
  /** Restores the global fetch. */
  restore(): void;
}

/** `killAt`: 0-based operation to die before; -1 never dies (a probe that counts operations). */
export function killSwitch(killAt: number, overrides: Partial<Env> = {}): KillSwitch {
  // Each switch marks its own URLs, so two doomed attempts can overlap (restore in reverse).
  const DEAD_PREFIX = `/__dead_${++switches}__`;
  let ops = 0;
  let killed = false;
  let revive: () => void = () => undefined;
  const revived = new Promise<void>((resolve) => {
    revive = resolve;
  });
  /** Counts one operation; resolves once this attempt may perform it. */
  const gate = async (counts: boolean): Promise<void> => {
    if (!killed && counts && ops++ === killAt) killed = true;
    if (killed) await revived;
  };

  const d1 = interceptD1(env.DB, gate);

  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes(DEAD_PREFIX)) return realFetch(input, init);
    await gate(true);
    const live = url.replace(DEAD_PREFIX, "");
    return input instanceof Request ? realFetch(new Request(live, input), init) : realFetch(live, init);
  }) as typeof fetch;

  const fakesUrl = env.FAKES_URL;
  const vars = env as unknown as Record<string, string | undefined>;
  const dead = (name: string) => (vars[name] ?? "").replace(fakesUrl, `${fakesUrl}${DEAD_PREFIX}`);
  return {
    get ops() {
      return ops;
    },
    get killed() {
      return killed;
    },
    env: {
      ...vars,
      ...overrides,
      DB: d1,
      SLACK_API_URL: dead("SLACK_API_URL"),
      ANTHROPIC_BASE_URL: dead("ANTHROPIC_BASE_URL"),
      OPENAI_BASE_URL: dead("OPENAI_BASE_URL"),
      PUBMED_API_URL: dead("PUBMED_API_URL"),
      TELEGRAM_API_URL: dead("TELEGRAM_API_URL"),
    } as unknown as Env,
    revive,
    restore: () => {
      globalThis.fetch = realFetch;
    },
  };
}
