/**
 * English words and jargon that must never reach a Ukrainian physician: technical
 * abbreviations, setting names, and English status words. Product and platform names
 * (Telegram, X, Threads, PubMed, Slack), identifiers (PMID, DOI) and file types stay Latin.
 */
export const UK_DENY =
  /\b(LLM|IANA|API|JSON|HTTP|URL|AI|token|tokens|webhook|queue|credentials|Ready|Queued|Failed|Published|Scheduled|characters|posts)\b|[A-Z]+_[A-Z]+|симв\./;
