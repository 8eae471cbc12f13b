/**
 * The seed runbook's four alerts as rules: one threshold each, a window, the fewest
 * samples that make a rate meaningful, and the runbook section that handles it. The same
 * rules are evaluated from D1 (the minute cron, `GET /admin/alerts`) and from Analytics
 * Engine (`npm run ops:alerts -- --env production`); only the measurement differs.
 */

export const ALERT_RULES = [
  {
    name: "job_failure_rate",
    title: "Job failure rate",
    threshold: 0.05,
    unit: "ratio",
    window: "1 h",
    minSamples: 10,
    playbook: "runbook §3.1",
  },
  {
    name: "queue_backlog",
    title: "Queue backlog",
    threshold: 100,
    unit: "count",
    window: "now",
    minSamples: 1,
    playbook: "runbook §3.2",
  },
  {
    name: "generation_p95",
    title: "Generation p95",
    threshold: 60_000,
    unit: "ms",
    window: "1 h",
    minSamples: 5,
    playbook: "runbook §3.3",
  },
  {
    name: "llm_error_rate",
    title: "LLM error rate",
    threshold: 0.1,
    unit: "ratio",
    window: "5 min",
    minSamples: 5,
    playbook: "runbook §3.4",
  },
] as const;

export type AlertRule = (typeof ALERT_RULES)[number];
export type AlertName = AlertRule["name"];

export interface Measurement {
  /** null when there was nothing to measure. */
  value: number | null;
  samples: number;
}

export type AlertState = "firing" | "ok" | "no_data";

export interface AlertResult {
  name: AlertName;
  title: string;
  state: AlertState;
  value: number | null;
  threshold: number;
  samples: number;
  window: string;
  /** "7.5 % > 5 %", human-readable for the terminal and Slack. */
  summary: string;
  playbook: string;
}

export function formatAlertValue(rule: AlertRule, value: number): string {
  if (rule.unit === "ratio") return `${Number((value * 100).toFixed(1))} %`;
  if (rule.unit === "ms") return `${Number((value / 1000).toFixed(1))} s`;
  return String(Math.round(value));
}

/** Strictly above the threshold fires (the seed: "> 5 %"); too few samples is no data. */
export function evaluateAlerts(measurements: Record<AlertName, Measurement>): AlertResult[] {
  return ALERT_RULES.map((rule) => {
    const m = measurements[rule.name];
    const measured = m.value !== null && Number.isFinite(m.value) && m.samples >= rule.minSamples;
    const state: AlertState = !measured ? "no_data" : (m.value ?? 0) > rule.threshold ? "firing" : "ok";
    const limit = formatAlertValue(rule, rule.threshold);
    const summary =
      state === "no_data"
        ? `no data (${m.samples} of ${rule.minSamples} samples needed)`
        : `${formatAlertValue(rule, m.value ?? 0)} ${state === "firing" ? ">" : "≤"} ${limit}`;
    return {
      name: rule.name,
      title: rule.title,
      state,
      value: measured ? m.value : null,
      threshold: rule.threshold,
      samples: m.samples,
      window: rule.window,
      summary,
      playbook: rule.playbook,
    };
  });
}

/** Nearest-rank percentile of unsorted values (null for none). */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}
