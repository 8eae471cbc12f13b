/**
 * The minute cron's alert task: counts the backlog (and writes it to Analytics Engine),
 * evaluates the four rules from D1 and tells the operators' Slack channel when a rule turns
 * on or off — once per change, never again while it stays on. A notice Slack did not take
 * is tried again next minute: the state is saved only after the notice went out.
 */
import { alertStates } from "../db/schema";
import { errorMessage } from "../lib/log";
import type { Services } from "../services";
import { createSlackClient } from "../slack/client";
import type { AlertResult } from "./alerts";
import { evaluateFromD1 } from "./measure-d1";

export function alertNotice(result: AlertResult, firing: boolean): string {
  const where = `${result.window === "now" ? "now" : `last ${result.window}`}, ${result.samples} samples`;
  return firing
    ? `🔴 *${result.title}* is over its threshold: ${result.summary} (${where}). Playbook: ${result.playbook}.`
    : `✅ *${result.title}* is back to normal: ${result.summary} (${where}).`;
}

async function announce(services: Services, result: AlertResult, firing: boolean): Promise<boolean> {
  const channel = services.config.OPS_SLACK_CHANNEL;
  if (!channel) return true;
  try {
    await createSlackClient(services.config).chat.postMessage({
      channel,
      text: alertNotice(result, firing),
    });
    return true;
  } catch (err) {
    services.log.warn("alert_notice_failed", { alert: result.name, error: errorMessage(err) });
    return false;
  }
}

export async function evaluateAlertsTask(services: Services, now: number): Promise<Record<string, number>> {
  const { db, log } = services;
  const { backlog, alerts: results } = await evaluateFromD1(db, now);
  services.metrics.write("backlog", backlog);
  const saved = new Map((await db.select().from(alertStates)).map((s) => [s.name, s.firing]));
  let changed = 0;
  for (const result of results) {
    // Too few samples says nothing either way (traffic backs off in an outage): keep the state.
    if (result.state === "no_data") continue;
    const firing = result.state === "firing";
    if ((saved.get(result.name) ?? false) === firing) continue;
    const fields = {
      alert: result.name,
      value: result.value,
      threshold: result.threshold,
      samples: result.samples,
    };
    if (firing) log.error("alert_firing", fields);
    else log.info("alert_resolved", fields);
    if (!(await announce(services, result, firing))) continue;
    await db
      .insert(alertStates)
      .values({ name: result.name, firing, value: result.value, changedAt: now })
      .onConflictDoUpdate({
        target: alertStates.name,
        set: { firing, value: result.value, changedAt: now },
      });
    changed += 1;
  }
  return {
    firing: results.filter((r) => r.state === "firing").length,
    changed,
    backlog: backlog.total,
  };
}
