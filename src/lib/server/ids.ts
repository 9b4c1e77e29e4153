import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** Random text id: 20 bytes from the platform CSPRNG, base32 (32 characters). */
export function newId(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** Timestamps are stored as ISO 8601 UTC text everywhere. */
export function toTimestamp(date: Date): string {
	return date.toISOString();
}
