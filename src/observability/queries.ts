/**
 * Named Workers Analytics Engine SQL queries, every column taken from the schema in
 * `metrics.ts`. Counts and sums are weighted by `_sample_interval` (Analytics Engine
 * samples under load); quantiles use `quantileWeighted`.
 */
import { column as col, METRICS_DATASET, type MetricColumn, type MetricEvent } from "./metrics";

const c = <E extends MetricEvent>(event: E, field: MetricColumn<E>) => col(event, field);
const is = (event: MetricEvent) => `${c(event, "event")} = '${event}'`;
const since = (interval: string) => `timestamp > NOW() - INTERVAL ${interval}`;
const weight = "_sample_interval";
const count = `SUM(${weight})`;

export interface NamedQuery {
  description: string;
  sql: string;
}

export const QUERIES = {
  stage_latency: {
    description: "p50 and p95 of each pipeline stage that ran, last day",
    sql: `SELECT ${c("stage", "stage")} AS stage, ${count} AS runs,
  quantileWeighted(0.5, ${c("stage", "ms")}, ${weight}) AS p50_ms,
  quantileWeighted(0.95, ${c("stage", "ms")}, ${weight}) AS p95_ms
FROM ${METRICS_DATASET} WHERE ${is("stage")} AND ${since("'1' DAY")}
GROUP BY stage ORDER BY p95_ms DESC`,
  },
  cost_per_physician_per_day: {
    description: "LLM spend (USD) and tokens per physician per day, last 30 days",
    sql: `SELECT toStartOfInterval(timestamp, INTERVAL '1' DAY) AS day, index1 AS physician,
  SUM(${c("llm_call", "cost_usd")} * ${weight}) AS cost_usd,
  SUM((${c("llm_call", "input_tokens")} + ${c("llm_call", "output_tokens")}) * ${weight}) AS tokens,
  ${count} AS calls
FROM ${METRICS_DATASET} WHERE ${is("llm_call")} AND ${since("'30' DAY")}
GROUP BY day, physician ORDER BY day DESC, cost_usd DESC`,
  },
  failure_rate_per_job_kind: {
    description: "share of job attempts that did not succeed, per job kind, last hour",
    sql: `SELECT ${c("job", "kind")} AS kind, ${count} AS attempts,
  sumIf(${weight}, ${c("job", "outcome")} != 'succeeded') AS failed,
  sumIf(${weight}, ${c("job", "outcome")} != 'succeeded') / ${count} AS failure_rate
FROM ${METRICS_DATASET} WHERE ${is("job")} AND ${since("'1' HOUR")}
GROUP BY kind ORDER BY failure_rate DESC`,
  },
  llm_fallback_rate: {
    description: "LLM calls answered by the fallback provider, and provider errors, last day",
    sql: `SELECT ${c("llm_call", "provider")} AS provider, ${count} AS calls,
  sumIf(${weight}, ${c("llm_call", "route")} = 'fallback' AND ${c("llm_call", "outcome")} = 'ok') AS fallback_answers,
  sumIf(${weight}, ${c("llm_call", "outcome")} != 'ok') AS errors
FROM ${METRICS_DATASET} WHERE ${is("llm_call")} AND ${since("'1' DAY")}
GROUP BY provider`,
  },
  publish_success_per_platform: {
    description: "publish attempts per platform and how they ended, last 7 days",
    sql: `SELECT ${c("publish", "platform")} AS platform, ${c("publish", "outcome")} AS outcome,
  ${c("publish", "cause")} AS cause, ${count} AS attempts
FROM ${METRICS_DATASET} WHERE ${is("publish")} AND ${since("'7' DAY")}
GROUP BY platform, outcome, cause ORDER BY platform, attempts DESC`,
  },
  slack_ack: {
    description: "Slack requests per route and outcome with ack p95, last day",
    sql: `SELECT ${c("slack_request", "route")} AS route, ${c("slack_request", "outcome")} AS outcome,
  ${count} AS requests, quantileWeighted(0.95, ${c("slack_request", "ack_ms")}, ${weight}) AS p95_ms
FROM ${METRICS_DATASET} WHERE ${is("slack_request")} AND ${since("'1' DAY")}
GROUP BY route, outcome`,
  },
} satisfies Record<string, NamedQuery>;

export type QueryName = keyof typeof QUERIES;

/** The four alert rules' measurements, one row each: `value` and `samples`. */
export const ALERT_QUERIES = {
  job_failure_rate: `SELECT sumIf(${weight}, ${c("job", "outcome")} != 'succeeded') / ${count} AS value, ${count} AS samples
FROM ${METRICS_DATASET} WHERE ${is("job")} AND ${since("'1' HOUR")}`,
  queue_backlog: `SELECT argMax(${c("backlog", "total")}, timestamp) AS value, ${count} AS samples
FROM ${METRICS_DATASET} WHERE ${is("backlog")} AND ${since("'5' MINUTE")}`,
  generation_p95: `SELECT quantileWeighted(0.95, ${c("job", "ms")}, ${weight}) AS value, ${count} AS samples
FROM ${METRICS_DATASET} WHERE ${is("job")} AND ${c("job", "kind")} = 'generate' AND ${c("job", "outcome")} = 'succeeded' AND ${since("'1' HOUR")}`,
  llm_error_rate: `SELECT sumIf(${weight}, ${c("llm_call", "outcome")} != 'ok') / ${count} AS value, ${count} AS samples
FROM ${METRICS_DATASET} WHERE ${is("llm_call")} AND ${since("'5' MINUTE")}`,
} as const;
