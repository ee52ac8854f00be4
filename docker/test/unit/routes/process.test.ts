/**
 * The /process answer's schema (Fastify serializes answers through it and drops what it does not list):
 * our engine's optional `result.transform` and `result.measurements` reach the client whole, and an
 * answer without them is the contract's answer, unchanged.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { PortraitMeasurements, PortraitTransform } from '../../../api/portraitGeometry.ts';
import { processResponseSchema } from '../../../src/routes/process.ts';

/** The answer as a client receives it, through Fastify's serializer for the route's schema. */
async function serialize(body: Record<string, unknown>): Promise<string> {
  const app = Fastify();
  app.get('/answer', { schema: { response: { 200: processResponseSchema } } }, async () => body);
  const reply = await app.inject({ method: 'GET', url: '/answer' });
  await app.close();
  return reply.body;
}

const transform: PortraitTransform = {
  source_size: { width: 1200, height: 900 },
  source_to_output: [0.9, -0.05, 0.05, 0.9, -300.5, -120.25],
  rotation_deg: -3.2,
  rotation_center: { x: 600.5, y: 400.25 },
  scale: 0.901,
  crop: { x: 320, y: 110, width: 719.2, height: 719.2 },
  padding: { top: 12, right: 0, bottom: 0, left: 0 },
};
const measurements: PortraitMeasurements = {
  crown_y: 79.5,
  chin_y: 500.1,
  eye_left: { x: 270.2, y: 260 },
  eye_right: { x: 378.4, y: 260.3 },
  eye_line_y: 260.15,
  head_height_ratio: 0.649,
  head_width_ratio: 0.5,
  eye_line_from_bottom_ratio: 0.599,
  center_offset_ratio: -0.001,
  roll_before_deg: -3.2,
  roll_after_deg: 0.1,
  inter_eye_px: 108.2,
  landmarks: [{ x: 1.5, y: 2.5 }],
};

function answer(result: Record<string, unknown>): Record<string, unknown> {
  return {
    success: true,
    job_id: 'abcd1234',
    processing_time_ms: 10,
    result: { face_detected: true, face_count: 1, face_position: null, file_size_bytes: 1, ...result },
    download_url: null,
    png_url: null,
    jpg_url: null,
    png_base64: null,
    jpg_base64: null,
    error: null,
    error_message: null,
  };
}

describe('the /process answer schema', () => {
  it('carries result.transform and result.measurements whole', async () => {
    const sent = JSON.parse(await serialize(answer({ transform, measurements })));
    expect(sent.result.transform).toEqual(transform);
    expect(sent.result.measurements).toEqual(measurements);
  });

  it('leaves them out when the pipeline gave none (no face): the contract’s answer', async () => {
    const sent = JSON.parse(await serialize(answer({})));
    expect(sent.result).not.toHaveProperty('transform');
    expect(sent.result).not.toHaveProperty('measurements');
  });
});
