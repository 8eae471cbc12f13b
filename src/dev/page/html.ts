/**
 * The playground page: one HTML document with its styles and script inlined (no CDN, no
 * build step), served by the Worker at `/dev/`. Light and dark follow the system; every
 * control is a real button, input or select, so the keyboard reaches everything.
 */
import { CLIENT_JS } from "./client";

const STYLES = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1d1c1d; --muted: #616061; --line: #ddd;
  --panel: #f8f8f8; --accent: #1264a3; --primary: #007a5a; --danger: #e01e5a; --warn: #fff4e5;
  --code: #f4f4f4; font: 15px/1.46 system-ui, -apple-system, "Segoe UI", sans-serif; }
@media (prefers-color-scheme: dark) { :root { --bg: #1a1d21; --fg: #d1d2d3; --muted: #9a9b9e;
  --line: #35373b; --panel: #222529; --accent: #1d9bd1; --primary: #2bac76; --danger: #e8467c;
  --warn: #3d2f1c; --code: #2c2f33; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); height: 100vh; display: grid;
  grid-template-rows: auto 1fr; }
header { display: flex; gap: 12px; align-items: center; padding: 8px 16px; border-bottom: 1px solid var(--line);
  background: var(--panel); flex-wrap: wrap; }
header h1 { font-size: 16px; margin: 0 12px 0 0; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(280px, 34%); min-height: 0; }
.column { display: flex; flex-direction: column; min-height: 0; }
.scroll { overflow: auto; padding: 12px 16px; flex: 1; }
aside { border-left: 1px solid var(--line); background: var(--panel); }
h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 12px 0 6px; }
button, select, input, textarea { font: inherit; color: inherit; }
button { border: 1px solid var(--line); background: var(--bg); border-radius: 6px; padding: 4px 12px; cursor: pointer; }
button.primary { background: var(--primary); border-color: var(--primary); color: #fff; }
button.danger { color: var(--danger); border-color: var(--danger); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
  outline: 2px solid var(--accent); outline-offset: 1px; }
[role="tab"][aria-selected="true"] { border-color: var(--accent); color: var(--accent); font-weight: 600; }
.composer { display: flex; gap: 8px; padding: 10px 16px; border-top: 1px solid var(--line); }
.composer input { flex: 1; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); }
.message { display: grid; grid-template-columns: 36px 1fr; gap: 8px; padding: 8px 0; border-bottom: 1px solid var(--line); }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: var(--accent); color: #fff; display: grid;
  place-items: center; font-weight: 700; }
.meta { color: var(--muted); font-size: 12px; }
.ephemeral { background: var(--panel); border-radius: 6px; padding: 6px 8px; }
.block { margin: 4px 0; }
.block.header { font-weight: 700; font-size: 17px; }
.block.context { color: var(--muted); font-size: 13px; display: flex; gap: 8px; flex-wrap: wrap; }
.block.divider { border: 0; border-top: 1px solid var(--line); }
.block.actions { display: flex; gap: 6px; flex-wrap: wrap; }
.block.problem { outline: 2px solid var(--danger); outline-offset: 2px; }
.problem-note { color: var(--danger); font-size: 12px; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; }
.section-with-accessory { display: flex; justify-content: space-between; gap: 12px; align-items: flex-start; }
code { background: var(--code); border-radius: 3px; padding: 0 3px; font-size: 90%; }
pre { background: var(--code); padding: 8px; border-radius: 4px; white-space: pre-wrap; }
a { color: var(--accent); }
.call { border-bottom: 1px solid var(--line); padding: 6px 0; font-size: 13px; }
.call .name { font-family: ui-monospace, monospace; }
.call.failed .name { color: var(--danger); }
.call pre { max-height: 300px; overflow: auto; font-size: 12px; }
.outbox-post { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; margin: 6px 0; font-size: 13px; white-space: pre-wrap; }
dialog { border: 1px solid var(--line); border-radius: 10px; padding: 0; width: min(560px, 94vw);
  background: var(--bg); color: var(--fg); }
dialog::backdrop { background: rgb(0 0 0 / 45%); }
dialog form { display: flex; flex-direction: column; max-height: 86vh; }
dialog .title { font-weight: 700; padding: 12px 16px; border-bottom: 1px solid var(--line); }
dialog .body { padding: 8px 16px; overflow: auto; }
dialog .buttons { display: flex; justify-content: flex-end; gap: 8px; padding: 10px 16px; border-top: 1px solid var(--line); }
label.input { display: block; margin: 10px 0; }
label.input > span { display: block; font-weight: 600; margin-bottom: 4px; }
label.input textarea, label.input input, label.input select { width: 100%; padding: 6px 8px;
  border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
label.input .hint { color: var(--muted); font-size: 12px; }
.error { color: var(--danger); font-size: 13px; }
.empty { color: var(--muted); }
.status { color: var(--muted); font-size: 12px; margin-left: auto; }
`;

/** The page, with the script allowed by a per-response nonce (no inline script otherwise). */
export function playgroundPage(nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Serotonin Script — local playground</title>
<style nonce="${nonce}">${STYLES}</style>
</head>
<body>
<header>
  <h1>Serotonin Script · playground</h1>
  <label>Physician <select id="physician" aria-label="Physician"></select></label>
  <div role="tablist" aria-label="Views">
    <button role="tab" id="tab-messages" aria-selected="true" aria-controls="messages">Messages</button>
    <button role="tab" id="tab-home" aria-selected="false" aria-controls="home">App Home</button>
  </div>
  <button id="run-cron" title="The real scheduled handler, as the minute cron runs it">Run the scheduler now</button>
  <button id="reset" title="Forget what the local Slack showed">Clear Slack</button>
  <span class="status" id="status" role="status" aria-live="polite">connecting…</span>
</header>
<main>
  <section class="column" aria-label="Slack">
    <div class="scroll" id="messages" role="tabpanel" aria-labelledby="tab-messages" aria-live="polite"></div>
    <div class="scroll" id="home" role="tabpanel" aria-labelledby="tab-home" hidden></div>
    <form class="composer" id="composer">
      <input id="command" autocomplete="off" aria-label="Message"
        placeholder="/draft sleep hygiene | telegram   ·   /draft   ·   /draft help">
      <button class="primary" type="submit">Send</button>
    </form>
  </section>
  <aside class="column" aria-label="What went out">
    <div class="scroll">
      <h2>Outbox (Telegram, X, Threads)</h2>
      <div id="outbox"></div>
      <h2>Slack API calls</h2>
      <div id="calls"></div>
    </div>
  </aside>
</main>
<dialog id="modal" aria-labelledby="modal-title"></dialog>
<script nonce="${nonce}">${CLIENT_JS}</script>
</body>
</html>`;
}
