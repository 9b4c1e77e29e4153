// One-time codes that are read out or written down for people who may have no email (invites,
// password resets, spare sign-in codes): 12 characters from an alphabet without look-alikes (no
// 0/O, 1/I/L), shown in groups of four. About 60 bits. No imports, so command-line tools can use it.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 12;

export function generateInviteCode(): string {
	const bytes = new Uint8Array(CODE_LENGTH);
	crypto.getRandomValues(bytes);
	// 256 is not a multiple of 31, so reject the top of the range to keep every character equally likely.
	const chars: string[] = [];
	while (chars.length < CODE_LENGTH) {
		for (const byte of bytes) {
			if (chars.length === CODE_LENGTH) break;
			if (byte < 248) chars.push(ALPHABET[byte % ALPHABET.length] as string);
		}
		crypto.getRandomValues(bytes);
	}
	const code = chars.join('');
	return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Accepts the code however it was typed: any case, with or without spaces and dashes. */
export function normaliseInviteCode(input: string): string {
	return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
