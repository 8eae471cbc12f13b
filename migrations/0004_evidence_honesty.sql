CREATE TABLE `draft_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` text NOT NULL,
	`number` integer NOT NULL,
	`kind` text NOT NULL,
	`ref` text NOT NULL,
	`title` text NOT NULL,
	`url` text,
	`doi` text,
	`text` text NOT NULL,
	`year` text,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draft_evidence_draft_number` ON `draft_evidence` (`draft_id`,`number`);--> statement-breakpoint
ALTER TABLE `claims` ADD `reasons` text;--> statement-breakpoint
ALTER TABLE `claims` ADD `source` text;--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `check_mode` text;--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `reviewed_by` text;--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `reviewed_at` integer;--> statement-breakpoint
ALTER TABLE `draft_versions` ADD `write_id` text;--> statement-breakpoint
ALTER TABLE `drafts` ADD `safety` text;--> statement-breakpoint
ALTER TABLE `physicians` ADD `country` text;--> statement-breakpoint
ALTER TABLE `physicians` ADD `crisis_line` text;--> statement-breakpoint
ALTER TABLE `physicians` ADD `disclaimers` text;