CREATE TABLE `message_feedback` (
	`message_id` integer NOT NULL,
	`visitor_id` text NOT NULL,
	`helpful` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_feedback_message_visitor_unique` ON `message_feedback` (`message_id`,`visitor_id`);--> statement-breakpoint
CREATE TABLE `visitor_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`visitor_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`visitor_id`) REFERENCES `visitors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_last_read_id` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_last_read_id` integer;--> statement-breakpoint
ALTER TABLE `visitors` ADD `user_id` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `attributes` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_site_user_unique` ON `visitors` (`site_id`,`user_id`);