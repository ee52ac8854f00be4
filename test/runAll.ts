/**
 * `npm test`: lint, typecheck, then every Vitest project in order, and one closing line
 * "N passed, N failed" that counts tests plus the lint and typecheck checks.
 * Exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureEngineHostDeps } from './support/engineHostDeps.ts';

const root = path.resolve(import.meta.dirname, '..');
const reportDir = path.join(root, 'test-output', 'reports');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(label: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function check(label: string, command: string, args: string[]): void {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

function vitest(projects: string[]): void {
  const label = `vitest ${projects.join('+')}`;
  const outputFile = path.join(reportDir, `${projects.join('-')}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`];
  for (const project of projects) args.push('--project', project);
  const ok = run(label, 'npx', args);
  if (!existsSync(outputFile)) {
    failed += 1;
    failures.push(`${label} (no report: the runner itself failed)`);
    return;
  }
  const report = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJsonReport;
  passed += report.numPassedTests;
  // A file that fails to load (or a hook that throws) has no failed test but a failed file: count it too.
  const brokenFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  const failedHere = report.numFailedTests + brokenFiles;
  failed += failedHere;
  if (failedHere > 0 || !ok) failures.push(label);
  if (!ok && failedHere === 0) failed += 1;
}

const steps = (process.env.FACECRAFT_TEST_STEPS ?? 'lint,typecheck,unit,packaging,integration,e2e').split(
  ',',
);

if (steps.some((s) => s === 'unit' || s === 'integration' || s === 'e2e')) ensureEngineHostDeps(root);
if (steps.includes('lint')) check('lint', 'npx', ['biome', 'check', '.']);
if (steps.includes('typecheck')) check('typecheck', 'npx', ['tsc', '-b']);
if (steps.includes('unit')) vitest(['unit', 'ui', 'engine-unit']);
if (steps.includes('packaging')) vitest(['packaging']);
if (steps.includes('integration')) vitest(['integration']);
if (steps.includes('e2e')) vitest(['e2e']);

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
