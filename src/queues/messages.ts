/**
 * Queue message contracts. Producers build them with these schemas and consumers parse
 * with them, so a malformed message is caught at the boundary, not deep in a stage.
 * Messages stay far below the 128 KB Queues limit: they carry ids, not documents… except
 * index jobs, whose text is capped here.
 */
import { z } from "zod";
import { COLLECTIONS, PLATFORMS } from "../db/schema";

const metadataValue = z.union([z.string(), z.number(), z.boolean()]);

export const generateJobSchema = z.object({
  type: z.literal("generate"),
  draftId: z.string().min(1),
  requestId: z.string().min(1),
  reason: z.enum(["new", "regenerate", "retry", "sweep"]).default("new"),
});

export const publishJobSchema = z.object({
  type: z.literal("publish"),
  draftId: z.string().min(1),
  requestId: z.string().min(1),
  platform: z.enum(PLATFORMS),
  /** The draft version the job publishes; a job for an older one does nothing. */
  version: z.number().int().positive().optional(),
});

/** Index a document. 40,000 characters stay inside the 128 KB message limit even for
 * Cyrillic text (2 bytes a character in UTF-8) with the JSON around it. */
export const indexJobSchema = z.object({
  type: z.literal("index"),
  requestId: z.string().min(1),
  document: z.object({
    collection: z.enum(COLLECTIONS),
    namespace: z.string().min(1).max(48),
    source: z.string().min(1).max(512),
    title: z.string().min(1).max(300),
    text: z.string().min(1).max(40_000),
    metadata: z.record(z.string(), metadataValue).optional(),
    postMetadata: z.array(z.record(z.string(), metadataValue)).optional(),
  }),
});

/** Index a file a physician uploaded in Slack (fetched by the consumer, never inline). */
export const indexFileJobSchema = z.object({
  type: z.literal("index_file"),
  requestId: z.string().min(1),
  physicianId: z.string().min(1),
  fileId: z.string().min(1).max(64),
});

/** Re-embed chunks from D1 into the vector store, one page per message. */
export const rebuildVectorsJobSchema = z.object({
  type: z.literal("rebuild_vectors"),
  requestId: z.string().min(1),
  cursor: z.string().optional(),
  /** Vectors written by earlier pages of this rebuild (for the final log line). */
  done: z.number().int().nonnegative().default(0),
});

export const jobSchema = z.discriminatedUnion("type", [
  generateJobSchema,
  publishJobSchema,
  indexJobSchema,
  indexFileJobSchema,
  rebuildVectorsJobSchema,
]);

/**
 * A reachability probe from GET /health, sent to every queue. Consumers ack it without
 * work. Deliberately not a `Job`: it can never be dead-lettered, stored or replayed as one.
 */
export const pingMessageSchema = z.object({
  type: z.literal("ping"),
  requestId: z.string().min(1),
});

export type GenerateJob = z.infer<typeof generateJobSchema>;
export type PublishJob = z.infer<typeof publishJobSchema>;
export type IndexJob = z.infer<typeof indexJobSchema>;
export type IndexFileJob = z.infer<typeof indexFileJobSchema>;
export type RebuildVectorsJob = z.infer<typeof rebuildVectorsJobSchema>;
export type Job = z.infer<typeof jobSchema>;
export type PingMessage = z.infer<typeof pingMessageSchema>;

/** The publish job for a draft's current platform and version. */
export function publishJobFor(
  draft: { id: string; platform: PublishJob["platform"]; currentVersion: number },
  requestId: string,
): PublishJob {
  return {
    type: "publish",
    draftId: draft.id,
    requestId,
    platform: draft.platform,
    version: draft.currentVersion,
  };
}
