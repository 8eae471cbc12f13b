/**
 * The local Slack: answers the Web API calls the Worker makes when it runs in the
 * playground, with the shapes Slack returns, and keeps what Slack would show — each
 * message's latest content, open modals, each physician's App Home. Pure logic over a
 * small store (the Playground Durable Object keeps it in SQLite).
 */
import { type BlockProblem, checkBlocks, checkView } from "./block-check";
import { localPhysician, PLAYGROUND_TEAM } from "./physicians";

type Json = Record<string, unknown>;

export interface SinkStore {
  nextSeq(): number;
  putMessage(channel: string, ts: string, message: Json): void;
  getMessage(channel: string, ts: string): Json | undefined;
  putView(id: string, view: Json): void;
  getView(id: string): Json | undefined;
}

export interface SinkAnswer {
  answer: Json;
  /** Block Kit problems found in what was sent (empty when none). */
  problems: BlockProblem[];
}

const str = (args: Json, key: string): string | undefined => {
  const value = args[key];
  return typeof value === "string" && value !== "" ? value : undefined;
};

const fail = (error: string, problems: BlockProblem[] = []): SinkAnswer => ({
  answer: { ok: false, error },
  problems,
});

/** Message ts as Slack writes them: seconds, a dot, six digits. */
function nextTs(store: SinkStore): string {
  const seq = store.nextSeq();
  return `${Math.floor(Date.now() / 1000)}.${String(seq % 1_000_000).padStart(6, "0")}`;
}

/** App Home views are one per physician; the id says whose. */
export function homeViewId(user: string): string {
  return `VHOME${user}`;
}

function dmChannel(user: string): string {
  return `D${user.replace(/^[UW]/, "")}`;
}

function message(args: Json, ts: string): Json {
  const out: Json = { type: "message", ts, text: str(args, "text") ?? "", bot_id: "B0PLAYGROUND" };
  if (args.blocks !== undefined) out.blocks = args.blocks;
  return out;
}

function viewAnswer(store: SinkStore, view: Json, id: string): Json {
  const stored: Json = {
    id,
    team_id: PLAYGROUND_TEAM,
    private_metadata: "",
    callback_id: "",
    state: { values: {} },
    hash: `${Date.now()}.${id}`,
    root_view_id: id,
    ...view,
  };
  store.putView(id, stored);
  return { ok: true, view: stored };
}

/** Answers one Web API call. `args` are the decoded call arguments (blocks/view parsed). */
export function answerSlack(store: SinkStore, method: string, args: Json): SinkAnswer {
  switch (method) {
    case "auth.test":
      return {
        answer: { ok: true, team_id: PLAYGROUND_TEAM, user_id: "U0BOT", bot_id: "B0PLAYGROUND" },
        problems: [],
      };
    case "chat.postMessage": {
      const problems = checkBlocks(args.blocks, "message");
      const requested = str(args, "channel");
      if (!requested) return fail("channel_not_found");
      if (problems.length > 0) return fail("invalid_blocks", problems);
      // Posting to a user id opens the DM, as Slack does.
      const channel = /^[UW]/.test(requested) ? dmChannel(requested) : requested;
      const ts = nextTs(store);
      const posted = message(args, ts);
      store.putMessage(channel, ts, posted);
      return { answer: { ok: true, channel, ts, message: posted }, problems };
    }
    case "chat.postEphemeral": {
      const problems = checkBlocks(args.blocks, "message");
      if (!str(args, "channel")) return fail("channel_not_found");
      if (!str(args, "user")) return fail("user_not_in_channel");
      if (problems.length > 0) return fail("invalid_blocks", problems);
      return { answer: { ok: true, message_ts: nextTs(store) }, problems };
    }
    case "chat.update": {
      const problems = checkBlocks(args.blocks, "message");
      const channel = str(args, "channel");
      const ts = str(args, "ts");
      if (!channel || !ts || !store.getMessage(channel, ts)) return fail("message_not_found");
      if (problems.length > 0) return fail("invalid_blocks", problems);
      const updated = message(args, ts);
      store.putMessage(channel, ts, updated);
      return { answer: { ok: true, channel, ts, text: updated.text, message: updated }, problems };
    }
    case "chat.delete": {
      const channel = str(args, "channel");
      const ts = str(args, "ts");
      if (!channel || !ts || !store.getMessage(channel, ts)) return fail("message_not_found");
      store.putMessage(channel, ts, { type: "message", ts, deleted: true });
      return { answer: { ok: true, channel, ts }, problems: [] };
    }
    case "views.open":
    case "views.push": {
      if (!str(args, "trigger_id")) return fail("invalid_arguments");
      const problems = checkView(args.view);
      if (problems.length > 0 || typeof args.view !== "object" || args.view === null)
        return fail("invalid_arguments", problems);
      return { answer: viewAnswer(store, args.view as Json, `V${store.nextSeq()}`), problems };
    }
    case "views.update": {
      const id = str(args, "view_id");
      if (!id || !store.getView(id)) return fail("not_found");
      const problems = checkView(args.view);
      if (problems.length > 0) return fail("invalid_arguments", problems);
      return { answer: viewAnswer(store, args.view as Json, id), problems };
    }
    case "views.publish": {
      const user = str(args, "user_id");
      if (!user) return fail("invalid_arguments");
      const problems = checkView(args.view);
      if (problems.length > 0) return fail("invalid_arguments", problems);
      return { answer: viewAnswer(store, args.view as Json, homeViewId(user)), problems };
    }
    case "conversations.open": {
      const users = (str(args, "users") ?? "").split(",").filter((u) => u.trim() !== "");
      const [first] = users;
      if (!first) return fail("users_list_not_supplied");
      return { answer: { ok: true, channel: { id: dmChannel(first.trim()) } }, problems: [] };
    }
    case "users.info": {
      const physician = localPhysician(str(args, "user") ?? "");
      if (!physician) return fail("user_not_found");
      return {
        answer: {
          ok: true,
          user: {
            id: physician.id,
            team_id: PLAYGROUND_TEAM,
            name: physician.name,
            real_name: physician.realName,
            tz: physician.tz,
            // As Slack does: the locale only when asked for.
            ...(str(args, "include_locale") === "true" ? { locale: physician.locale } : {}),
            profile: { real_name: physician.realName, display_name: physician.name },
          },
        },
        problems: [],
      };
    }
    default:
      return fail("unknown_method");
  }
}
