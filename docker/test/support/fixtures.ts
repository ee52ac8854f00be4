/**
 * The shared test photos for the engine package: ../shared/fixtures/portraits beside the checkout, or
 * FACECRAFT_FIXTURES_DIR (the same rule as the app's test/support/fixtures.ts; this package stands alone).
 */
import path from 'node:path';

export const FIXTURES_DIR =
  process.env.FACECRAFT_FIXTURES_DIR ??
  path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'portraits');
