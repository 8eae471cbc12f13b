CREATE TABLE `edit_pairs` (
	`draft_id` text NOT NULL,
	`platform` text NOT NULL,
	`physician_id` text NOT NULL,
	`language` text NOT NULL,
	`generated` text NOT NULL,
	`published` text NOT NULL,
	`edit_ratio` real NOT NULL,
	`lessons_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `edit_pairs_draft_platform` ON `edit_pairs` (`draft_id`,`platform`);--> statement-breakpoint
CREATE INDEX `edit_pairs_physician` ON `edit_pairs` (`physician_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `voice_preferences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`physician_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`source` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`dismissed_at` integer,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `voice_preferences_physician_key` ON `voice_preferences` (`physician_id`,`key`);--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `voice_score` integer;--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `voice_reasons` text;--> statement-breakpoint
ALTER TABLE `drafts` ADD `language` text;--> statement-breakpoint
-- Only the physician's words teach the voice. Style examples from the knowledge base and
-- uploads are their own posts; published drafts are held back ("pending") until the
-- style_index_cleanup cron task has checked each one: unedited generated text is removed,
-- edited and manual posts are kept with their labels. Metadata that is missing, not JSON
-- or not an object is replaced by an object holding only the label.
UPDATE `knowledge_chunks` SET `metadata` = json_set(
  CASE WHEN json_valid(`metadata`) AND json_type(`metadata`) = 'object' THEN `metadata` ELSE '{}' END,
  '$.origin',
  CASE WHEN `document_id` IN (SELECT `id` FROM `knowledge_documents` WHERE `source` LIKE 'published:%')
    THEN 'pending' ELSE 'own' END)
WHERE `collection` = 'style'
  AND NOT coalesce(json_valid(`metadata`) AND json_type(`metadata`) = 'object'
    AND json_extract(`metadata`, '$.origin') IS NOT NULL, 0);
--> statement-breakpoint
-- The clean-up task reads only what is still pending: a small partial index, empty once done.
CREATE INDEX `knowledge_chunks_pending` ON `knowledge_chunks` (`document_id`)
  WHERE json_extract(`metadata`, '$.origin') = 'pending';
