import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum: 19 MiB memory, 2 iterations, 1 degree of parallelism.
// `algorithm: 2` is Algorithm.Argon2id (a const enum the package's types declare).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** The argon2id parameters new hashes are made with; older, weaker hashes are redone at sign-in. */
export const HASH_PARAMETERS = {
	memoryCost: OPTIONS.memoryCost,
	timeCost: OPTIONS.timeCost,
	parallelism: OPTIONS.parallelism,
	outputLen: OPTIONS.outputLen
} as const;

// An iPhone sends "é" as one code point and some keyboards as "e" plus an accent: NFC makes the
// two the same password. Hashes made before this (the demo seed) were of ASCII text, which NFC
// leaves as it is, so they still verify.
const normalise = (password: string) => password.normalize('NFC');

export async function hashPassword(password: string): Promise<string> {
	return hash(normalise(password), OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, normalise(password));
	} catch {
		return false;
	}
}

const PHC = /^\$(argon2(?:id|i|d))\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$([A-Za-z0-9+/]+)$/;

/**
 * Whether a stored hash was made with weaker settings than today's (another argon2 variant, an
 * older version, less memory, fewer passes or lanes, a shorter output), or is not one we can read.
 */
export function needsRehash(passwordHash: string): boolean {
	const match = PHC.exec(passwordHash);
	if (!match) return true;
	const [, variant, version, memory, time, lanes, output] = match;
	const outputBytes = Math.floor(((output ?? '').length * 3) / 4);
	return (
		variant !== 'argon2id' ||
		Number(version) < 19 ||
		Number(memory) < OPTIONS.memoryCost ||
		Number(time) < OPTIONS.timeCost ||
		Number(lanes) < OPTIONS.parallelism ||
		outputBytes < OPTIONS.outputLen
	);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check when there is no account to check against, so response
 * times do not reveal which usernames exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hashPassword('common-ground-dummy-password');
	await verifyPassword(await dummyHash, password);
	return false;
}
