// In-memory log of every request the fakes received (including failed ones), newest last.
import type { RecordedRequest, ServiceName } from "./types.js";

export class RequestLog {
  #entries: RecordedRequest[] = [];

  add(entry: RecordedRequest): void {
    this.#entries.push(entry);
  }

  list(service?: ServiceName, pathContains?: string): RecordedRequest[] {
    return this.#entries.filter(
      (entry) =>
        (service === undefined || entry.service === service) &&
        (pathContains === undefined || entry.path.includes(pathContains)),
    );
  }

  clear(): void {
    this.#entries = [];
  }
}
