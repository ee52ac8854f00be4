// The double's "pipeline": a centred crop (no face model) rendered the way the published image does,
// with its defects: the background colour's red and blue swapped, a PNG only when the oval is on,
// JPG quality stepped down 90 → 48 towards 99 KB. Run with spawnSync so the server is truly blocked.
// argv: uploadPath outDir optionsJson; prints one JSON line { ok, error?, files, size, face }.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const [uploadPath, outDir, optionsJson] = process.argv.slice(2);
const o = JSON.parse(optionsJson);
const say = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

try {
  const meta = await sharp(uploadPath)
    .metadata()
    .catch(() => {
      throw new Error(
        `OpenCV(4.8.1) /io/opencv/modules/imgproc/src/color.cpp:182: error: (-215:Assertion failed) !_src.empty() in function 'cvtColor' (reading ${uploadPath})`,
      );
    });
  if (!(o.width > 0 && o.height > 0))
    throw new Error(
      `OpenCV(4.8.1) /io/opencv/modules/imgproc/src/resize.cpp:4062: error: (-215:Assertion failed) !dsize.empty() in function 'resize'`,
    );
  // The published route builds (r, g, b) and fills OpenCV's BGR arrays with it: blue and red trade places.
  const swapped = { r: o.background_b, g: o.background_g, b: o.background_r, alpha: 1 };
  const w = meta.autoOrient?.width ?? meta.width;
  const h = meta.autoOrient?.height ?? meta.height;
  // A portrait-shaped crop (3:4) from the middle, so a square output has padding left and right.
  const cropH = Math.max(1, Math.min(h, Math.round((w * 4) / 3)));
  const cropW = Math.max(1, Math.min(w, Math.round((cropH * 3) / 4)));
  const left = Math.floor((w - cropW) / 2);
  const top = Math.floor((h - cropH) / 2);
  const face = {
    x: left + Math.round(cropW * 0.2),
    y: top + Math.round(cropH * 0.2),
    width: Math.round(cropW * 0.6),
    height: Math.round(cropH * 0.6),
  };
  // OpenCV reads every photo as three-channel BGR: a greyscale photo still gets a coloured background.
  const colour = await sharp(uploadPath).rotate().toColourspace('srgb').ensureAlpha().png().toBuffer();
  const fitted = await sharp(colour)
    .extract({ left, top, width: cropW, height: cropH })
    .resize(o.width, o.height, {
      fit: 'contain',
      background: o.use_oval_mask ? { r: 0, g: 0, b: 0, alpha: 0 } : swapped,
    })
    .ensureAlpha()
    .png()
    .toBuffer();
  mkdirSync(outDir, { recursive: true });
  const files = {};
  let portrait = fitted;
  if (o.use_oval_mask) {
    const oval = Buffer.from(
      `<svg width="${o.width}" height="${o.height}"><ellipse cx="${o.width / 2}" cy="${o.height / 2}" rx="${o.width * 0.42}" ry="${o.height * 0.48}" fill="#fff"/></svg>`,
    );
    portrait = await sharp(fitted)
      .composite([{ input: oval, blend: 'dest-in' }])
      .png()
      .toBuffer();
    files.png = path.join(outDir, 'photo.png');
    await sharp(portrait).toFile(files.png);
  }
  files.jpg = path.join(outDir, 'photo.jpg');
  let quality = 90;
  for (;;) {
    await sharp(portrait).flatten({ background: swapped }).jpeg({ quality }).toFile(files.jpg);
    if (statSync(files.jpg).size <= 99 * 1024 || quality <= 48) break;
    quality = quality > 51 ? Math.max(51, quality - 5) : 48;
  }
  const size = statSync(o.use_oval_mask ? files.png : files.jpg).size;
  say({ ok: true, files, size, face });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // Whatever broke, it reads like the published image's OpenCV errors (with the container path).
  say({
    ok: false,
    error: message.startsWith('OpenCV')
      ? message
      : `OpenCV(4.8.1) /io/opencv/modules/imgcodecs/src/loadsave.cpp:816: error: (-215:Assertion failed) !buf.empty() in function 'imdecode_' (reading ${uploadPath})`,
  });
}
