import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { HASH_PARAMETERS, hashPassword, needsRehash, verifyPassword } from './password';

describe('NFC normalisation', () => {
	it('verifies an accented password typed decomposed (NFD) against one set composed (NFC), and back', async () => {
		const composed = 'caf\u00e9 au lait crème';
		const decomposed = composed.normalize('NFD');
		expect(decomposed).not.toBe(composed);
		expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
		expect(await verifyPassword(await hashPassword(decomposed), composed)).toBe(true);
		expect(await verifyPassword(await hashPassword(composed), 'cafe au lait creme')).toBe(false);
	});

	it('still verifies an ASCII hash made before normalisation (the demo seed)', async () => {
		const old = await hash('common-ground-demo', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
		expect(await verifyPassword(old, 'common-ground-demo')).toBe(true);
	});
});

describe('needsRehash', () => {
	const salt = 'c29tZXNhbHRzb21lc2FsdA';
	const output32 = 'a'.repeat(43);
	const phc = (variant: string, params: string, output = output32) => `$${variant}$v=19$${params}$${salt}$${output}`;

	it('is false for a hash made today', async () => {
		expect(needsRehash(await hashPassword('three random words'))).toBe(false);
		expect(needsRehash(phc('argon2id', 'm=19456,t=2,p=1'))).toBe(false);
		// Stronger than today is fine too.
		expect(needsRehash(phc('argon2id', 'm=65536,t=3,p=4'))).toBe(false);
	});

	it('is true for weaker settings, another variant, a shorter output or something unreadable', async () => {
		expect(HASH_PARAMETERS).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 });
		expect(needsRehash(phc('argon2id', 'm=8192,t=2,p=1'))).toBe(true);
		expect(needsRehash(phc('argon2id', 'm=19456,t=1,p=1'))).toBe(true);
		expect(needsRehash(phc('argon2i', 'm=19456,t=2,p=1'))).toBe(true);
		expect(needsRehash(phc('argon2d', 'm=19456,t=2,p=1'))).toBe(true);
		expect(needsRehash(phc('argon2id', 'm=19456,t=2,p=1', 'a'.repeat(22)))).toBe(true);
		expect(needsRehash('$argon2id$v=16$m=19456,t=2,p=1$' + `${salt}$${output32}`)).toBe(true);
		expect(needsRehash('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
		const weak = await hash('x', { algorithm: 2, memoryCost: 8192, timeCost: 1, parallelism: 1 });
		expect(needsRehash(weak)).toBe(true);
	});
});
