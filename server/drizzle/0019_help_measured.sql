CREATE TABLE `help_searches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`query` text NOT NULL,
	`results` integer NOT NULL,
	`reviewed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `help_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `help_searches_site_created_idx` ON `help_searches` (`site_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_searches_session_idx` ON `help_searches` (`session_id`);--> statement-breakpoint
CREATE TABLE `help_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`visitor_id` text,
	`source` text NOT NULL,
	`started_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_at` integer NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`escalated_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `help_sessions_site_started_idx` ON `help_sessions` (`site_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `help_sessions_visitor_idx` ON `help_sessions` (`visitor_id`);