CREATE TABLE `bot_gap_reviews` (
	`message_id` integer PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`action` text NOT NULL,
	`article_id` text,
	`agent_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bot_gap_reviews_site_idx` ON `bot_gap_reviews` (`site_id`);