ALTER TABLE `visitors` ADD `page_url` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `page_seen_at` integer;--> statement-breakpoint
ALTER TABLE `visitors` ADD `browser` text;