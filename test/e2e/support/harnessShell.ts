import type { DesktopShell } from '../../../electron/bridge/desktopShell.ts';

/** The desktop shell for the browser harness: answers like a user would, and remembers what it was asked. */
export interface HarnessShell extends DesktopShell {
  opened: string[];
  dragged: string[];
  directoryRequests: number;
}

export function createHarnessShell(options: { outputDir: string; photos: string[] }): HarnessShell {
  const shell: HarnessShell = {
    opened: [],
    dragged: [],
    directoryRequests: 0,
    async pickPhotos() {
      return options.photos;
    },
    async chooseDirectory() {
      shell.directoryRequests += 1;
      return options.outputDir;
    },
    async openPath(dir) {
      shell.opened.push(dir);
    },
    startDrag(filePath) {
      shell.dragged.push(filePath);
    },
  };
  return shell;
}
