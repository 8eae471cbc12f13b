CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`physician_id` text NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`handle` text NOT NULL,
	`url` text,
	`status` text DEFAULT 'active' NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`access_expires_at` integer,
	`expiry_warned_at` integer,
	`last_error` text,
	`token_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_physician_platform` ON `accounts` (`physician_id`,`platform`);--> statement-breakpoint
CREATE TABLE `oauth_states` (
	`id` text PRIMARY KEY NOT NULL,
	`physician_id` text NOT NULL,
	`platform` text NOT NULL,
	`verifier` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `telegram_chats` (
	`chat_id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`username` text,
	`added_by` text NOT NULL,
	`can_post` integer NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `telegram_chats_added_by` ON `telegram_chats` (`added_by`);--> statement-breakpoint
CREATE TABLE `telegram_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`physician_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `telegram_users` (
	`telegram_user_id` text PRIMARY KEY NOT NULL,
	`physician_id` text NOT NULL,
	`username` text,
	`linked_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`physician_id`) REFERENCES `physicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `physicians` ADD `clinic_accounts` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `publications` ADD `account_ref` text;