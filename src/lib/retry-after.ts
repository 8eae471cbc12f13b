/**
 * The one Retry-After parser (LLM providers, platforms, PubMed, Slack): delta-seconds or an
 * HTTP date, as RFC 9110 allows. Callers apply their own defaults and caps.
 */
export function retryAfterSeconds(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value?.trim()) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
