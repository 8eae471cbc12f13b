/**
 * The production cron, locally: `wrangler dev` runs no Cron Triggers by itself (it only
 * exposes `/__scheduled` with --test-scheduled), so `npm start` fires the Worker's one
 * trigger (`* * * * *`, wrangler.toml) at the start of every minute, as Cloudflare would.
 * The sweeper, scheduled publishing and lease recovery then behave as in production.
 */
export const LOCAL_CRON = "* * * * *";

export interface LocalCron {
  stop(): void;
}

export function startLocalCron(
  base: string,
  options: { onError?: (message: string) => void; now?: () => number } = {},
): LocalCron {
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const fire = async () => {
    try {
      const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent(LOCAL_CRON)}`);
      if (!res.ok) options.onError?.(`local cron: HTTP ${res.status}`);
      await res.body?.cancel();
    } catch (err) {
      options.onError?.(`local cron: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    const wait = 60_000 - (now() % 60_000);
    timer = setTimeout(() => {
      void fire().finally(schedule);
    }, wait);
    timer.unref?.();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
