/** The DesktopShell with Electron's native dialogs, shell and drag-out. */
import { type BrowserWindow, dialog, nativeImage, shell } from 'electron';
import { ACCEPTED_SUFFIXES } from '../../contract/engineApi.ts';
import { FacecraftError } from '../../contract/errors.ts';
import type { DesktopShell } from '../bridge/desktopShell.ts';

export function createElectronShell(window: () => BrowserWindow | null): DesktopShell {
  return {
    async pickPhotos() {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        title: 'Add photos',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Photos', extensions: ACCEPTED_SUFFIXES.map((s) => s.slice(1)) }],
      };
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async chooseDirectory(defaultPath) {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        title: 'Choose where to save portraits',
        properties: ['openDirectory', 'createDirectory'],
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async openPath(dir) {
      const problem = await shell.openPath(dir);
      if (problem) throw new FacecraftError('file-unreadable', `Could not open ${dir}: ${problem}`);
    },
    startDrag(filePath) {
      const owner = window();
      if (!owner) return;
      // The result itself, small, is the drag image (macOS needs a non-empty icon).
      const icon = nativeImage.createFromPath(filePath).resize({ width: 96 });
      owner.webContents.startDrag({ file: filePath, icon });
    },
  };
}
