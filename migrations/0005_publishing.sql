CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`draft_id` text NOT NULL,
	`platform` text NOT NULL,
	`part` integer NOT NULL,
	`reply_to` integer,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_created` ON `outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `publish_holds` (
	`key` text PRIMARY KEY NOT NULL,
	`until` integer NOT NULL,
	`reason` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `physicians` ADD `profile_synced_at` integer;--> statement-breakpoint
ALTER TABLE `publications` ADD `parts` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `in_flight` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `not_before` integer;