import { describe, expect, it } from 'vitest';
import { excerpt } from './excerpt';

describe('excerpt', () => {
	it('leaves text that fits alone', () => {
		expect(excerpt('Short and sweet', 20)).toBe('Short and sweet');
		expect(excerpt('a'.repeat(20), 20)).toBe('a'.repeat(20));
	});

	it('cuts long text and marks the cut, without a trailing space', () => {
		expect(excerpt('one two three four', 8)).toBe('one two…');
	});

	it('never splits an emoji or other character outside the basic plane', () => {
		const cut = excerpt(`${'a'.repeat(139)}😀${'b'.repeat(10)}`, 140);
		expect(cut).toBe(`${'a'.repeat(139)}😀…`);
		expect(cut.isWellFormed()).toBe(true);
	});
});
