// Failure rules set through the control API, consumed in the order they were added.
import type { FailRule, ServiceName } from "./types.js";

interface ActiveRule {
  rule: FailRule;
  remaining: number;
}

/** A substring of the path; a trailing `$` anchors it at the end ("/threads$" ≠ "/threads_publish"). */
function matches(path: string, pattern: string): boolean {
  return pattern.endsWith("$") ? path.endsWith(pattern.slice(0, -1)) : path.includes(pattern);
}

export class FailureRules {
  #rules: ActiveRule[] = [];

  add(rule: FailRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? 1 });
  }

  /** Returns and consumes one use of the first rule matching this request, if any. */
  take(service: ServiceName, path: string): FailRule | undefined {
    const active = this.#rules.find(
      (entry) =>
        entry.remaining !== 0 &&
        entry.rule.service === service &&
        (entry.rule.path === undefined || matches(path, entry.rule.path)),
    );
    if (active === undefined) return undefined;
    if (active.remaining > 0) active.remaining -= 1;
    this.#rules = this.#rules.filter((entry) => entry.remaining !== 0);
    return active.rule;
  }

  clear(): void {
    this.#rules = [];
  }
}
