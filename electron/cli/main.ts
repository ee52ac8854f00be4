/**
 * The headless CLI: `facecraft <command>` (also `npm run cli -- <command>`). The same services as the
 * desktop app, without a window: useful on servers, in scripts, and to diagnose a machine.
 */

import { describeError, EXIT_OK, EXIT_OPERATIONAL, errorCode } from './cliErrors.ts';
import { type CliOutput, createCliOutput } from './cliOutput.ts';
import { DOCTOR_HELP, doctorCommand } from './commands/doctor.ts';
import { DOCUMENTS_HELP, documentsCommand } from './commands/documents.ts';
import { START_HELP, STOP_HELP, startCommand, stopCommand } from './commands/engine.ts';
import { BUILD_HELP, imageCommand, PULL_HELP } from './commands/images.ts';
import { PROCESS_HELP, processCommand } from './commands/process.ts';
import { SHEET_HELP, sheetCommand } from './commands/sheet.ts';

const HELP = `Facecraft: aligned, background-free portraits from your photos, on your own computer.

Usage: facecraft <command> [options]      (facecraft <command> --help for details)

  doctor [--json]                          check Docker, images, GPU and the engine
  pull  --device cpu|gpu [--ref REF]       download the engine image
  build --device cpu|gpu                   build the engine image from docker/
  start --device cpu|gpu [--ref REF]       start the engine and leave it running
  stop  --device cpu|gpu                   stop the engine
  process <files or folders…> --out DIR    make portraits (see process --help; --ref, --source)
  documents [--json]                       the passport, visa and ID photo documents and their rules
  sheet <portraits…> --document ID --sheet 4x6|a4 --out DIR   a print sheet (JPG + PDF)

Exit codes: 0 success, 2 some photos failed, 1 an operational error.`;

export const COMMAND_HELP: Record<string, string> = {
  doctor: DOCTOR_HELP,
  pull: PULL_HELP,
  build: BUILD_HELP,
  start: START_HELP,
  stop: STOP_HELP,
  process: PROCESS_HELP,
  documents: DOCUMENTS_HELP,
  sheet: SHEET_HELP,
};

export async function runCli(argv: string[], out: CliOutput = createCliOutput()): Promise<number> {
  const [command, ...args] = argv;
  const json = args.includes('--json');
  try {
    switch (command) {
      case 'doctor':
        return await doctorCommand(args, out);
      case 'pull':
      case 'build':
        return await imageCommand(command, args, out);
      case 'start':
        return await startCommand(args, out);
      case 'stop':
        return await stopCommand(args, out);
      case 'process':
        return await processCommand(args, out);
      case 'documents':
        return await documentsCommand(args, out);
      case 'sheet':
        return await sheetCommand(args, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.line(HELP);
        return command === undefined ? EXIT_OPERATIONAL : EXIT_OK;
      default:
        out.error(`Unknown command "${command}".\n\n${HELP}`);
        return EXIT_OPERATIONAL;
    }
  } catch (error) {
    out.endStatus();
    if (json)
      out.line(JSON.stringify({ error: { code: errorCode(error), message: describeError(error) } }, null, 2));
    else out.error(`facecraft ${command}: ${describeError(error)}`);
    return EXIT_OPERATIONAL;
  }
}

// Run only as the entry point (the bundle and `node electron/cli/main.ts`), not when imported by tests.
const entry = process.argv[1] ?? '';
if (/(?:electron[\\/]cli[\\/]main\.ts|facecraft(?:\.js)?)$/.test(entry)) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = EXIT_OPERATIONAL;
    },
  );
}
