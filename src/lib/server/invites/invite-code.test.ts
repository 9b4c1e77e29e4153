import { describe, expect, it } from 'vitest';
import { generateInviteCode, normaliseInviteCode } from './invites.service';

// No 0/O, no 1/I/L: nothing that is easy to misread when a code is read out or written down.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const FORMAT = new RegExp(`^[${ALPHABET}]{4}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`);

describe('generateInviteCode', () => {
	const codes = Array.from({ length: 2000 }, generateInviteCode);

	it('writes twelve characters in three groups of four', () => {
		for (const code of codes) expect(code).toMatch(FORMAT);
	});

	it('never uses look-alike characters', () => {
		expect(codes.join('')).not.toMatch(/[01OIL]/);
	});

	it('uses every character of the alphabet (it is random, not patterned)', () => {
		const used = new Set(codes.join('').replaceAll('-', ''));
		expect([...used].sort().join('')).toBe([...ALPHABET].sort().join(''));
	});

	it('makes every character equally likely (no modulo bias)', () => {
		// 256 % 31 = 8: a plain `byte % 31` would favour the first 8 characters by 9 to 8. With
		// 240,000 characters the ratio below wanders by about 0.5%, so 5% is far from a flaky edge.
		const counts = new Map<string, number>();
		for (let i = 0; i < 20_000; i++) {
			for (const char of generateInviteCode().replaceAll('-', '')) counts.set(char, (counts.get(char) ?? 0) + 1);
		}
		const mean = (chars: string[]) => chars.reduce((sum, c) => sum + (counts.get(c) ?? 0), 0) / chars.length;
		const ratio = mean([...ALPHABET.slice(0, 8)]) / mean([...ALPHABET.slice(8)]);
		expect(ratio).toBeGreaterThan(0.95);
		expect(ratio).toBeLessThan(1.05);
	});

	it('does not repeat itself', () => {
		expect(new Set(codes).size).toBe(codes.length);
	});
});

describe('normaliseInviteCode', () => {
	it('accepts any case, spaces and dashes', () => {
		expect(normaliseInviteCode('abcd-efgh-jkmn')).toBe('ABCDEFGHJKMN');
		expect(normaliseInviteCode('  abcd efgh  jkmn ')).toBe('ABCDEFGHJKMN');
		expect(normaliseInviteCode('ABCD–EFGH_JKMN')).toBe('ABCDEFGHJKMN');
	});

	it('returns the same text for a code as generated', () => {
		const code = generateInviteCode();
		expect(normaliseInviteCode(code)).toBe(code.replaceAll('-', ''));
	});
});
