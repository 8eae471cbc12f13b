CREATE TABLE `alert_states` (
	`name` text PRIMARY KEY NOT NULL,
	`firing` integer NOT NULL,
	`value` real,
	`changed_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `job_runs` ADD `llm_calls` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `job_runs` ADD `llm_errors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `job_runs_finished` ON `job_runs` (`finished_at`);