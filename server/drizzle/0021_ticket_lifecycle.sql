ALTER TABLE `conversations` ADD `follows_up_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `pending_since` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `reopens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `erased_conversations` ADD `kind` text DEFAULT 'chat' NOT NULL;--> statement-breakpoint
ALTER TABLE `erased_conversations` ADD `category` text;--> statement-breakpoint
ALTER TABLE `erased_conversations` ADD `priority` text;--> statement-breakpoint
ALTER TABLE `erased_conversations` ADD `reopens` integer DEFAULT 0 NOT NULL;