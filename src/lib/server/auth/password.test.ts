import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('NFC normalisation', () => {
	it('verifies an accented password typed decomposed (NFD) against one set composed (NFC), and the other way', async () => {
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
