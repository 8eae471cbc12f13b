/**
 * The Analytics Engine schema, defined once: which event writes which blob and double
 * columns. The writer (`createMetrics`) and every query (`queries.ts`) read their column
 * names from here, so a query can never ask for a column its event does not write.
 *
 * Every data point: blob1 = event, blob2 = team, blob3 = physician, blob4 = draft, then
 * the event's own blobs from blob5; doubles from double1. The index (Analytics Engine's
 * sampling key) is the physician, so per-physician queries read one physician's points.
 */

export const METRICS_DATASET = "serotonin_events";

const COMMON_BLOBS = ["event", "team", "physician", "draft"] as const;

export const METRIC_EVENTS = {
  /** One Slack request: route (commands/interactions/events), outcome, retry = Slack re-sent it. */
  slack_request: { blobs: ["route", "outcome", "retry"], doubles: ["ack_ms"] },
  /** One pipeline stage that ran (stages that did not run write nothing). */
  stage: { blobs: ["stage", "outcome", "platform"], doubles: ["ms"] },
  /** One provider attempt: outcome is `ok` or the error kind; route primary/fallback. */
  llm_call: {
    blobs: ["provider", "model", "purpose", "outcome", "route"],
    doubles: ["ms", "input_tokens", "output_tokens", "cost_usd"],
  },
  /** One E-utilities request (cache hits are not requests). */
  pubmed_call: { blobs: ["endpoint", "outcome"], doubles: ["ms"] },
  /** One job attempt, whatever its end: succeeded, retrying or failed, with what it cost. */
  job: {
    blobs: ["kind", "outcome", "platform"],
    doubles: ["ms", "attempt", "input_tokens", "output_tokens", "cost_usd", "llm_calls", "llm_errors"],
  },
  /** One publish attempt on one platform: published, retrying, failed (cause = refusal cause). */
  publish: { blobs: ["platform", "outcome", "cause"], doubles: ["ms", "parts"] },
  /** A message that used up its retries. */
  dead_letter: { blobs: ["kind", "outcome"], doubles: ["attempts"] },
  /** A physician's action refused by their rate limit. */
  rate_limited: { blobs: ["bucket"], doubles: ["retry_after_s"] },
  /** The backlog as the product counts it (the cron, every minute). */
  backlog: { blobs: [], doubles: ["queued", "generating", "publishing", "total"] },
} as const;

export type MetricEvent = keyof typeof METRIC_EVENTS;
type BlobName<E extends MetricEvent> = (typeof METRIC_EVENTS)[E]["blobs"][number];
type DoubleName<E extends MetricEvent> = (typeof METRIC_EVENTS)[E]["doubles"][number];
export type MetricFields<E extends MetricEvent> = { [K in BlobName<E>]: string } & {
  [K in DoubleName<E>]: number;
};
export type MetricColumn<E extends MetricEvent> = BlobName<E> | DoubleName<E> | (typeof COMMON_BLOBS)[number];

export interface MetricWho {
  team?: string;
  physician?: string;
  draft?: string;
}

/** The Analytics Engine column holding `field` of `event` ("blob6", "double2"…). */
export function column<E extends MetricEvent>(event: E, field: MetricColumn<E>): string {
  const common = (COMMON_BLOBS as readonly string[]).indexOf(field);
  if (common >= 0) return `blob${common + 1}`;
  const spec = METRIC_EVENTS[event];
  const blob = (spec.blobs as readonly string[]).indexOf(field);
  if (blob >= 0) return `blob${COMMON_BLOBS.length + blob + 1}`;
  const double = (spec.doubles as readonly string[]).indexOf(field);
  if (double >= 0) return `double${double + 1}`;
  throw new Error(`metric ${event} has no field ${field}`);
}

/** What the Analytics Engine binding takes (declared here so Node scripts can import the schema). */
export interface DataPoint {
  indexes: string[];
  blobs: string[];
  doubles: number[];
}

export interface PointSink {
  writeDataPoint(point: DataPoint): void;
}

/** Analytics Engine limits: an index is at most 96 bytes, a blob's total 16 KB. */
const MAX_INDEX = 96;
const MAX_BLOB = 256;

export function dataPoint<E extends MetricEvent>(
  event: E,
  who: MetricWho,
  fields: MetricFields<E>,
): DataPoint {
  const spec = METRIC_EVENTS[event];
  const values = fields as Record<string, string | number>;
  const blobs = [event, who.team ?? "", who.physician ?? "", who.draft ?? ""].concat(
    spec.blobs.map((name) => String(values[name] ?? "").slice(0, MAX_BLOB)),
  );
  const doubles = spec.doubles.map((name) => {
    const value = Number(values[name]);
    return Number.isFinite(value) ? value : 0;
  });
  return { indexes: [(who.physician || "-").slice(0, MAX_INDEX)], blobs, doubles };
}

export interface Metrics {
  /** A writer that adds team, physician and draft to every point. */
  with(who: MetricWho): Metrics;
  write<E extends MetricEvent>(event: E, fields: MetricFields<E>): void;
}

/**
 * Writes to the Analytics Engine binding. Writing never blocks or throws into the product:
 * a missing binding (a test Worker) or a failing write loses the point, not the draft.
 */
export function createMetrics(dataset: PointSink | undefined, who: MetricWho = {}): Metrics {
  return {
    with: (more) => createMetrics(dataset, { ...who, ...more }),
    write(event, fields) {
      try {
        dataset?.writeDataPoint(dataPoint(event, who, fields));
      } catch {
        // Metrics are best effort by design; logs still tell the story.
      }
    },
  };
}

export const NO_METRICS: Metrics = createMetrics(undefined);
