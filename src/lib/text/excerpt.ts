/**
 * The first `length` characters of a long text with "…", for a list. Counts characters as people
 * see them (code points), so an emoji or a character outside the basic plane is never cut in half.
 */
export function excerpt(text: string, length: number): string {
	const chars = Array.from(text);
	return chars.length > length ? `${chars.slice(0, length).join('').trimEnd()}…` : text;
}
