import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, PHOTO_SIZE, preparePhoto, sniffFormat, type PhotoResult } from './photo';

// Every image here is made in the test with sharp, so each case says exactly what it uploads.

type Accepted = Extract<PhotoResult, { ok: true }>;

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.0N"/></rdf:RDF></x:xmpmeta>`;

function upload(bytes: Uint8Array | string, name: string, type = ''): File {
	return new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });
}

/** A plain picture: left half red, right half blue, so a rotation shows where the colours end up. */
async function halves(width: number, height: number) {
	const left = await sharp({ create: { width: width / 2, height, channels: 3, background: '#ff0000' } }).png().toBuffer();
	return sharp({ create: { width, height, channels: 3, background: '#0000ff' } }).composite([{ input: left, left: 0, top: 0 }]);
}

async function png(width = 120, height = 80): Promise<Buffer> {
	return (await halves(width, height)).png().toBuffer();
}

async function jpeg(width = 120, height = 80): Promise<Buffer> {
	return (await halves(width, height)).jpeg().toBuffer();
}

/** A photo as a phone takes it: stored sideways with an orientation tag, camera make and GPS position. */
async function phoneJpeg(): Promise<Buffer> {
	return (await halves(600, 200))
		.withMetadata({ orientation: 6 })
		.withExif({
			IFD0: { Make: 'SecretCam', Model: 'Model X' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' }
		})
		.withXmp(XMP)
		.jpeg()
		.toBuffer();
}

async function solid(colour: string): Promise<Buffer> {
	return sharp({ create: { width: 40, height: 40, channels: 3, background: colour } }).png().toBuffer();
}

async function expectAccepted(file: File): Promise<Accepted> {
	const result = await preparePhoto(file);
	if (!result.ok) throw new Error(`Expected the photo to be accepted, got ${result.error}`);
	return result;
}

/** Red, green, blue mean of an image, rounded. */
async function meanColour(image: Buffer): Promise<number[]> {
	return (await sharp(image).stats()).channels.slice(0, 3).map((c) => Math.round(c.mean));
}

/** The colour of one pixel. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
	const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
	const at = (y * info.width + x) * info.channels;
	return [...data.subarray(at, at + 3)];
}

function near(actual: number[], expected: number[], tolerance = 12): boolean {
	return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

describe('preparePhoto: what is accepted', () => {
	it('turns a PNG into a JPEG no bigger than the card needs, keeping its proportions', async () => {
		const result = await expectAccepted(upload(await png(800, 400), 'me.png', 'image/png'));
		expect(result.contentType).toBe('image/jpeg');
		const meta = await sharp(result.image).metadata();
		expect(meta).toMatchObject({ format: 'jpeg', width: result.width, height: result.height });
		// Cropped to the card's square, at most PHOTO_SIZE on a side.
		expect([result.width, result.height]).toEqual([PHOTO_SIZE, PHOTO_SIZE]);
	});

	it('never enlarges a small photo', async () => {
		const result = await expectAccepted(upload(await jpeg(120, 80), 'small.jpg', 'image/jpeg'));
		expect([result.width, result.height]).toEqual([120, 80]);
		expect((await sharp(result.image).metadata()).format).toBe('jpeg');
	});

	it('accepts a WebP', async () => {
		const webp = await (await halves(200, 200)).webp().toBuffer();
		const result = await expectAccepted(upload(webp, 'me.webp', 'image/webp'));
		expect((await sharp(result.image).metadata()).format).toBe('jpeg');
		expect([result.width, result.height]).toEqual([200, 200]);
	});

	it('turns a phone photo upright and keeps no EXIF, GPS, XMP or camera data', async () => {
		const original = await phoneJpeg();
		// The test's own photo really carries what must be removed.
		const before = await sharp(original).metadata();
		expect(before.orientation).toBe(6);
		expect(before.exif?.toString('latin1')).toContain('SecretCam');
		expect(before.xmp).toBeDefined();

		const result = await expectAccepted(upload(original, 'IMG_0001.JPG', 'image/jpeg'));
		const after = await sharp(result.image).metadata();
		expect(after.exif).toBeUndefined();
		expect(after.xmp).toBeUndefined();
		expect(after.iptc).toBeUndefined();
		expect(after.orientation).toBeUndefined();
		const text = result.image.toString('latin1');
		expect(text).not.toContain('SecretCam');
		expect(text).not.toContain('GPS');
		// Stored sideways 600×200 with "rotate 90° clockwise": upright it is 200 wide and tall, its
		// left (red) half now on top.
		expect([result.width, result.height]).toEqual([200, PHOTO_SIZE]);
		expect(near(await pixel(result.image, 100, 5), [255, 0, 0])).toBe(true);
		expect(near(await pixel(result.image, 100, PHOTO_SIZE - 5), [0, 0, 255])).toBe(true);
	});

	it('puts a transparent PNG on white, since a JPEG has no transparency', async () => {
		const clear = await sharp({
			create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } }
		})
			.png()
			.toBuffer();
		const result = await expectAccepted(upload(clear, 'clear.png', 'image/png'));
		const meta = await sharp(result.image).metadata();
		expect(meta.hasAlpha).toBe(false);
		expect(meta.channels).toBe(3);
		expect(near(await meanColour(result.image), [255, 255, 255], 2)).toBe(true);
	});

	it('keeps only the first frame of an animated WebP', async () => {
		const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map(solid));
		const animated = await sharp(frames, { join: { animated: true } }).webp({ loop: 0, delay: [100, 100, 100] }).toBuffer();
		expect((await sharp(animated).metadata()).pages).toBe(3);

		const result = await expectAccepted(upload(animated, 'wave.webp', 'image/webp'));
		const meta = await sharp(result.image).metadata();
		expect(meta.pages).toBeUndefined();
		expect([result.width, result.height]).toEqual([40, 40]);
		expect(near(await meanColour(result.image), [255, 0, 0])).toBe(true);
	});

	it('leaves nothing of data hidden after the image', async () => {
		const payload = '<script>alert("hidden payload")</script>';
		const withPayload = Buffer.concat([await png(), Buffer.from(payload)]);
		const result = await expectAccepted(upload(withPayload, 'me.png', 'image/png'));
		expect(result.image.toString('latin1')).not.toContain('hidden payload');
	});

	it('turns a CMYK JPEG, or one with its own colour profile, into plain sRGB with no profile kept', async () => {
		const base = sharp({ create: { width: 100, height: 100, channels: 3, background: '#336699' } });
		const cmyk = await base.clone().toColourspace('cmyk').jpeg().toBuffer();
		const wideGamut = await base.clone().withIccProfile('p3').jpeg().toBuffer();
		expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
		expect((await sharp(wideGamut).metadata()).icc).toBeDefined();
		for (const bytes of [cmyk, wideGamut]) {
			const result = await expectAccepted(upload(bytes, 'print.jpg', 'image/jpeg'));
			const meta = await sharp(result.image).metadata();
			expect([meta.space, meta.channels, meta.icc]).toEqual(['srgb', 3, undefined]);
		}
	});

	it('goes by the bytes, not the case of the name or label, and takes a missing or generic label', async () => {
		const bytes = await jpeg();
		for (const file of [
			upload(bytes, 'ME.JPEG', 'IMAGE/JPEG'),
			upload(bytes, 'me.jfif', 'image/pjpeg'),
			upload(bytes, 'me.jpg', ''),
			upload(bytes, 'me.jpg', 'application/octet-stream')
		]) {
			expect((await preparePhoto(file)).ok).toBe(true);
		}
	});

	it('accepts a file of exactly the size limit', async () => {
		// A valid PNG padded after its end: the size, not the content, is what this checks.
		const image = await png();
		const padded = Buffer.concat([image, Buffer.alloc(PHOTO_MAX_BYTES - image.length)]);
		expect(padded.length).toBe(PHOTO_MAX_BYTES);
		expect((await preparePhoto(upload(padded, 'big.png', 'image/png'))).ok).toBe(true);
	});
});

describe('preparePhoto: what is refused', () => {
	it('asks for a photo when there is no file or an empty one', async () => {
		expect(await preparePhoto(null)).toEqual({ ok: false, error: 'missing' });
		expect(await preparePhoto(upload(new Uint8Array(0), 'empty.png', 'image/png'))).toEqual({ ok: false, error: 'missing' });
	});

	it('refuses a file over 5 MB before reading it as an image', async () => {
		const image = await png();
		const padded = Buffer.concat([image, Buffer.alloc(PHOTO_MAX_BYTES + 1 - image.length)]);
		expect(await preparePhoto(upload(padded, 'big.png', 'image/png'))).toEqual({ ok: false, error: 'too_big' });
	});

	it('refuses a text file, whatever it is called', async () => {
		const text = 'Dear Jo, here are my notes for Tuesday. Thank you for everything.';
		expect(await preparePhoto(upload(text, 'photo.png', 'image/png'))).toEqual({ ok: false, error: 'not_an_image' });
		expect(await preparePhoto(upload(text, 'notes.txt', 'text/plain'))).toEqual({ ok: false, error: 'not_an_image' });
	});

	it('refuses an SVG (markup that can carry script), even named .png', async () => {
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
		expect(await preparePhoto(upload(svg, 'photo.png', 'image/png'))).toEqual({ ok: false, error: 'not_an_image' });
		expect(await preparePhoto(upload(svg, 'photo.svg', 'image/svg+xml'))).toEqual({ ok: false, error: 'not_an_image' });
	});

	// A text file is not a TIFF: only "II*\0" and "MM\0*" start one, not any text beginning with II or MM.
	it('calls a text file starting with "II" or "MM" not an image, rather than the wrong kind of image', async () => {
		expect(await preparePhoto(upload('MMR jab on Tuesday, then school as usual.', 'notes.png', 'image/png'))).toEqual({
			ok: false,
			error: 'not_an_image'
		});
		expect(await preparePhoto(upload('II. Second part of the plan, for Leo', 'plan.png', 'image/png'))).toEqual({
			ok: false,
			error: 'not_an_image'
		});
	});

	it('refuses a JPEG named .png, and a PNG named .jpg or .webp', async () => {
		expect(await preparePhoto(upload(await jpeg(), 'photo.png', 'image/png'))).toEqual({ ok: false, error: 'mismatch' });
		expect(await preparePhoto(upload(await jpeg(), 'photo.png', ''))).toEqual({ ok: false, error: 'mismatch' });
		expect(await preparePhoto(upload(await png(), 'photo.jpg', ''))).toEqual({ ok: false, error: 'mismatch' });
		expect(await preparePhoto(upload(await png(), 'photo.webp', ''))).toEqual({ ok: false, error: 'mismatch' });
	});

	it('refuses a PNG labelled image/jpeg, and an image labelled as something else entirely', async () => {
		expect(await preparePhoto(upload(await png(), 'photo.png', 'image/jpeg'))).toEqual({ ok: false, error: 'mismatch' });
		expect(await preparePhoto(upload(await png(), 'photo.png', 'text/html'))).toEqual({ ok: false, error: 'mismatch' });
	});

	it('goes by the last extension: refuses photo.png.exe and a name ending in a dot', async () => {
		expect(await preparePhoto(upload(await png(), 'photo.png.exe', 'image/png'))).toEqual({ ok: false, error: 'mismatch' });
		expect(await preparePhoto(upload(await jpeg(), 'photo.jpg.', 'image/jpeg'))).toEqual({ ok: false, error: 'mismatch' });
	});

	it('refuses a GIF, animated or not, and under any name', async () => {
		const still = await sharp(await solid('#00ff00')).gif().toBuffer();
		const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map(solid));
		const animated = await sharp(frames, { join: { animated: true } }).gif({ loop: 0 }).toBuffer();
		expect(animated.subarray(0, 6).toString('latin1')).toBe('GIF89a');
		for (const file of [
			upload(still, 'photo.gif', 'image/gif'),
			upload(animated, 'wave.gif', 'image/gif'),
			upload(animated, 'wave.png', 'image/png')
		]) {
			expect(await preparePhoto(file)).toEqual({ ok: false, error: 'wrong_type' });
		}
	});

	it('refuses TIFF, BMP and HEIC as images of a kind it does not take', async () => {
		const tiff = await sharp(await solid('#00ff00')).tiff().toBuffer();
		const tiffBigEndian = Buffer.concat([Buffer.from([0x4d, 0x4d, 0x00, 0x2a]), Buffer.alloc(40)]);
		const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
		const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(20)]);
		for (const file of [
			upload(tiff, 'scan.tiff', 'image/tiff'),
			upload(tiffBigEndian, 'scan.tif', 'image/tiff'),
			upload(bmp, 'paint.bmp', 'image/bmp'),
			upload(heic, 'IMG_0002.HEIC', 'image/heic')
		]) {
			expect(await preparePhoto(file)).toEqual({ ok: false, error: 'wrong_type' });
		}
	});

	it('refuses an image cut short, whose start only looks like a photo', async () => {
		const noisy = { width: 300, height: 300, channels: 3 as const, background: '#336699', noise: { type: 'gaussian' as const, mean: 128, sigma: 30 } };
		const fullJpeg = await sharp({ create: noisy }).jpeg().toBuffer();
		const fullPng = await sharp({ create: noisy }).png().toBuffer();
		const half = (b: Buffer) => b.subarray(0, Math.floor(b.length / 2));
		expect(await preparePhoto(upload(half(fullJpeg), 'cut.jpg', 'image/jpeg'))).toEqual({ ok: false, error: 'not_an_image' });
		expect(await preparePhoto(upload(half(fullPng), 'cut.png', 'image/png'))).toEqual({ ok: false, error: 'not_an_image' });
		// Just the signature, nothing after it.
		expect(await preparePhoto(upload(fullPng.subarray(0, 16), 'cut.png', 'image/png'))).toEqual({ ok: false, error: 'not_an_image' });
	});

	it('refuses to decode an image with more pixels than the limit, though the file is small', async () => {
		// 7000 × 6000 = 42 million pixels of one grey: a few hundred kilobytes as a PNG.
		const raw = Buffer.alloc(7000 * 6000, 200);
		const bomb = await sharp(raw, { raw: { width: 7000, height: 6000, channels: 1 } }).png({ compressionLevel: 9 }).toBuffer();
		expect(bomb.length).toBeLessThan(PHOTO_MAX_BYTES);
		expect(await preparePhoto(upload(bomb, 'bomb.png', 'image/png'))).toEqual({ ok: false, error: 'too_many_pixels' });
	});
});

describe('sniffFormat', () => {
	it('reads the format from the first bytes', async () => {
		expect(sniffFormat(await png())).toBe('png');
		expect(sniffFormat(await jpeg())).toBe('jpeg');
		expect(sniffFormat(await sharp(await png()).webp().toBuffer())).toBe('webp');
		expect(sniffFormat(await sharp(await png()).gif().toBuffer())).toBe('other');
	});

	it('knows nothing from fewer than 12 bytes', async () => {
		expect(sniffFormat((await png()).subarray(0, 11))).toBeNull();
		expect(sniffFormat(new Uint8Array(0))).toBeNull();
	});

	it('does not take a RIFF file that is not WebP (a WAV sound) for an image', () => {
		const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(20)]);
		expect(sniffFormat(wav)).toBeNull();
	});
});
