CREATE TABLE `agent_avatars` (
	`agent_id` text PRIMARY KEY NOT NULL,
	`bytes` blob NOT NULL,
	`mime` text NOT NULL,
	`hash` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade
);
