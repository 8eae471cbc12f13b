CREATE TABLE `local_vector_versions` (
	`namespace` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL
);
--> statement-breakpoint
-- Namespaces indexed before this migration get a token too, so caching starts at once.
INSERT INTO `local_vector_versions` (`namespace`, `version`)
SELECT DISTINCT `namespace`, lower(hex(randomblob(16))) FROM `local_vectors`;
