import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The ORUK schema and example are copies of OpenReferralUK/uk-profile at commit ecdfabf (see
// oruk/README.md). Their hashes are pinned, so an edited or truncated copy fails here; when the
// team's reference folder (../shared/oruk, absent in CI) is there, the copies must match it byte
// for byte too.

const FILES = [
	{
		name: 'service_with_definitions.json',
		copy: new URL('./oruk/service_with_definitions.json', import.meta.url),
		sha256: 'e5a0d8fa3ef80285ed48a9aa6460a25e7993398703d18a7a311502d58d0050d5'
	},
	{
		name: 'example_service_full.json',
		copy: new URL('../../../../tests/fixtures/oruk/example_service_full.json', import.meta.url),
		sha256: 'fff310ca722ef85240f9b0a2f54a13db293ac77b3c262f3152a5824c6e8cdbc8'
	}
] as const;

const REFERENCE_DIR = fileURLToPath(new URL('../../../../../shared/oruk/', import.meta.url));

describe.each(FILES)('$name', ({ name, copy, sha256 }) => {
	it('is the upstream file (pinned SHA-256), and the reference copy in ../shared/oruk where there is one', () => {
		expect(createHash('sha256').update(readFileSync(copy)).digest('hex')).toBe(sha256);
		// Never skipped: without the reference folder (CI) the pinned hash above is the whole check.
		const reference = `${REFERENCE_DIR}${name}`;
		if (existsSync(reference)) expect(readFileSync(copy).equals(readFileSync(reference))).toBe(true);
	});
});
