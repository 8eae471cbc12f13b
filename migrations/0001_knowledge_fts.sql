-- BM25 over knowledge chunks (FTS5). Kept in sync with knowledge_chunks by triggers so
-- every write path (index script, Slack upload, feedback loop) gets it for free.
-- unicode61 with diacritics removed tokenises Ukrainian and English alike.
CREATE VIRTUAL TABLE `knowledge_chunks_fts` USING fts5(
  `text`,
  `chunk_id` UNINDEXED,
  `collection` UNINDEXED,
  `namespace` UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `knowledge_chunks_ai` AFTER INSERT ON `knowledge_chunks` BEGIN
  INSERT INTO `knowledge_chunks_fts` (`text`, `chunk_id`, `collection`, `namespace`)
  VALUES (new.`text`, new.`id`, new.`collection`, new.`namespace`);
END;
--> statement-breakpoint
CREATE TRIGGER `knowledge_chunks_ad` AFTER DELETE ON `knowledge_chunks` BEGIN
  DELETE FROM `knowledge_chunks_fts` WHERE `chunk_id` = old.`id`;
END;
