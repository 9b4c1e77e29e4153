import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum: 19 MiB memory, 2 iterations, 1 degree of parallelism.
// `algorithm: 2` is Algorithm.Argon2id (a const enum the package's types declare).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

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
