/**
 * Time budgets: an attempt has an overall budget (GENERATION_BUDGET_S) and each stage its
 * own limit, capped by what is left of the budget. A stage over time is a transient
 * failure: the queue retries the job with backoff.
 */
import { TransientError } from "../queues/retry";

export const STAGE_LIMITS_MS = {
  style_match: 10_000,
  evidence: 25_000,
  llm_complete: 30_000,
  claim_check: 25_000,
  platform_fit: 2_000,
  voice: 2_000,
} as const;

export type StageName = keyof typeof STAGE_LIMITS_MS;

export class StageTimeoutError extends TransientError {
  constructor(readonly stage: string) {
    super(`stage ${stage} ran out of time`);
  }
}

export class Budget {
  private readonly deadline: number;
  constructor(totalMs: number, now: number = Date.now()) {
    this.deadline = now + totalMs;
  }

  remaining(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** The time a stage may take: its own limit, capped by the budget left. */
  limit(stage: StageName): number {
    return Math.min(STAGE_LIMITS_MS[stage], this.remaining());
  }

  /** Runs `work`, failing with StageTimeoutError past the stage's limit. */
  async run<T>(stage: StageName, work: () => Promise<T>): Promise<T> {
    const ms = this.limit(stage);
    if (ms <= 0) throw new StageTimeoutError(stage);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new StageTimeoutError(stage)), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
