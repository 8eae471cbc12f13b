/**
 * App Home's "Your accounts": one line per platform — the physician's own account (with
 * Test, Reconnect and Disconnect, which asks first and says how many scheduled posts would
 * lose their account), or where posts go without one, with Connect — then any Telegram
 * channel the physician's bot was added to and not yet used.
 */
import type { AnyHomeTabBlock, Button } from "slack-web-api-client";
import { ACTIONS } from "../ids";
import type { Lexicon } from "../lexicon";
import { slackLink } from "../mrkdwn";
import { button, confirmDialog, header, section } from "./elements";
import type { HomeAccountRow, HomeAccountsModel } from "./models";

function rowText(row: HomeAccountRow, lex: Lexicon): string {
  const { platform, own } = row;
  if (own?.needsReconnect)
    return lex.accounts.needsReconnect({ platform, handle: own.handle, why: own.why ?? "" });
  if (own) {
    const line = lex.accounts.own({ platform, handle: own.handle });
    return own.url ? `${line} · ${slackLink(own.url, lex.accounts.profile)}` : line;
  }
  if (row.fallback) return lex.accounts.viaClinic({ platform, label: row.fallback });
  return lex.accounts.none({ platform });
}

function rowButtons(row: HomeAccountRow, lex: Lexicon): Button[] {
  const value = row.platform;
  if (!row.own) return [button({ actionId: ACTIONS.accountConnect, label: lex.accounts.connect, value })];
  const buttons: Button[] = [];
  if (row.own.needsReconnect || row.platform !== "telegram") {
    buttons.push(
      button({
        actionId: ACTIONS.accountConnect,
        label: lex.accounts.reconnect,
        value,
        ...(row.own.needsReconnect ? { style: "primary" as const } : {}),
      }),
    );
  }
  buttons.push(button({ actionId: ACTIONS.accountTest, label: lex.accounts.test, value }));
  buttons.push(
    button({
      actionId: ACTIONS.accountDisconnect,
      label: lex.accounts.disconnect,
      value,
      confirm: confirmDialog(
        lex.accounts.disconnectConfirm({ handle: row.own.handle, scheduled: row.own.scheduled }),
      ),
    }),
  );
  return buttons;
}

export function accountBlocks(model: HomeAccountsModel, lex: Lexicon): AnyHomeTabBlock[] {
  const blocks: AnyHomeTabBlock[] = [header(lex.accounts.header)];
  for (const row of model.rows) {
    blocks.push(section(rowText(row, lex)));
    blocks.push({ type: "actions", block_id: `account_${row.platform}`, elements: rowButtons(row, lex) });
  }
  for (const channel of model.offered) {
    blocks.push(section(lex.accounts.offered({ title: channel.title })));
    blocks.push({
      type: "actions",
      block_id: `account_offer_${channel.chatId}`,
      elements: [
        button({
          actionId: ACTIONS.accountUseChannel,
          label: lex.accounts.useChannel,
          value: channel.chatId,
          style: "primary",
        }),
      ],
    });
  }
  return blocks;
}
