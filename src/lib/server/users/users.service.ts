import type { Role, UserRow } from '../db/schema';

/** The signed-in person as the rest of the app sees them: never the password hash. */
export interface User {
	id: string;
	username: string;
	displayName: string;
	role: Role;
}

export function toUser(row: UserRow): User {
	return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

/** Usernames are compared case-insensitively and without surrounding spaces. */
export function normaliseUsername(input: string): string {
	return input.trim().toLowerCase();
}

