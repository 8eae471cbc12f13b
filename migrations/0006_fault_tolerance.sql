CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_type` text NOT NULL,
	`request_id` text NOT NULL,
	`payload` text NOT NULL,
	`attempts` integer NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`replayed_at` integer
);
--> statement-breakpoint
CREATE INDEX `dead_letters_created` ON `dead_letters` (`created_at`);--> statement-breakpoint
ALTER TABLE `drafts` ADD `lease_owner` text;--> statement-breakpoint
ALTER TABLE `drafts` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `drafts` ADD `retry_at` integer;