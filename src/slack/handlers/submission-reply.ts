/** What a modal submission answers in its ack: field errors, or nothing (the modal closes). */
export type SubmissionReply = { response_action: "errors"; errors: Record<string, string> } | null;

/** A validation error shown under one input of the modal. */
export function fieldError(blockId: string, message: string): SubmissionReply {
  return { response_action: "errors", errors: { [blockId]: message } };
}
