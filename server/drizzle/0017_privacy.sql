CREATE TABLE `consent_records` (
	`visitor_id` text NOT NULL,
	`version` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`visitor_id`, `version`),
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `erased_conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`status` text NOT NULL,
	`assignee_id` text,
	`rating` integer,
	`created_at` integer NOT NULL,
	`queued_at` integer,
	`first_response_at` integer,
	`resolved_at` integer,
	`first_response_due_at` integer,
	`resolution_due_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `erased_conversations_site_created_idx` ON `erased_conversations` (`site_id`,`created_at`,`id`);--> statement-breakpoint
-- An erased message's words must leave the search index's own pages too, not only be marked
-- deleted in a newer segment until a merge (privacy/erase.ts).
INSERT INTO `messages_fts`(`messages_fts`, `rank`) VALUES ('secure-delete', 1);
