/** Index jobs: one document through the shared ingestion path. */
import { ingestDocument } from "../knowledge/ingest";
import type { Services } from "../services";
import type { IndexJob } from "./messages";

export async function handleIndexJob(services: Services, job: IndexJob): Promise<void> {
  const started = Date.now();
  const result = await ingestDocument(services, job.document);
  services.log.info("document_indexed", {
    request_id: job.requestId,
    collection: job.document.collection,
    namespace: job.document.namespace,
    source: job.document.source,
    status: result.status,
    chunks: result.chunks,
    embedded: result.embedded,
    removed: result.removed,
    duration_ms: Date.now() - started,
  });
}
