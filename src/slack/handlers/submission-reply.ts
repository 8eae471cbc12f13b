import type { ModalView } from "slack-web-api-client";

/**
 * What a modal submission answers in its ack: field errors, another view in its place (a
 * notice when a form without inputs cannot be done), or nothing (the modal closes).
 */
export type SubmissionReply =
  | { response_action: "errors"; errors: Record<string, string> }
  | { response_action: "update"; view: ModalView }
  | null;

/** A validation error shown under one input of the modal. */
export function fieldError(blockId: string, message: string): SubmissionReply {
  return { response_action: "errors", errors: { [blockId]: message } };
}
