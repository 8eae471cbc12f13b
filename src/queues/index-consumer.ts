/** Index-queue jobs: one document through the shared ingestion path, and vector rebuilds. */
import { ingestDocument } from "../knowledge/ingest";
import { rebuildVectorsPage } from "../knowledge/rebuild";
import type { Services } from "../services";
import type { IndexJob, RebuildVectorsJob } from "./messages";

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

/** One page of a vector rebuild; queues the next page until every chunk is done. */
export async function handleRebuildJob(services: Services, job: RebuildVectorsJob): Promise<void> {
  const started = Date.now();
  const page = await rebuildVectorsPage(services, job.cursor);
  const done = job.done + page.rebuilt;
  if (page.next) {
    await services.env.INDEX_QUEUE.send({
      type: "rebuild_vectors",
      requestId: job.requestId,
      cursor: page.next,
      done,
    });
  }
  services.log.info(page.next ? "vectors_rebuild_page" : "vectors_rebuilt", {
    request_id: job.requestId,
    rebuilt: page.rebuilt,
    total: done,
    duration_ms: Date.now() - started,
  });
}
