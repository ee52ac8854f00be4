/** The dialog a user gets when the app cannot start: the sentence of what failed and where the details are. */
import { isBridgeError } from '../../contract/errors.ts';

export interface StartupFailureDialog {
  title: string;
  content: string;
}

export function startupFailureDialog(error: unknown, logFile: string): StartupFailureDialog {
  const sentence =
    error instanceof Error || isBridgeError(error)
      ? error.message
      : 'An unexpected problem stopped the app while it started.';
  return {
    title: 'Facecraft Desktop could not start',
    content: `${sentence}\n\nThe details are in ${logFile}. Please include that file when you report this.`,
  };
}
