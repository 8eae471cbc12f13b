/** A one-message modal, for answering clicks that have no channel to reply in (App Home). */
import type { ModalView } from "slack-web-api-client";
import type { Language } from "../../db/schema";
import { lexicon } from "../lexicon";

/** The product name is not translated. */
const APP_NAME = "Serotonin Script";

/** `text` is lexicon mrkdwn, already escaped where it carries user values. */
export function noticeModal(language: Language, text: string): ModalView {
  const lx = lexicon(language);
  return {
    type: "modal",
    title: { type: "plain_text", text: APP_NAME },
    close: { type: "plain_text", text: lx.modal.close },
    blocks: [{ type: "section", text: { type: "mrkdwn", text } }],
  };
}
