/**
 * What only a desktop shell can do (native dialogs, opening folders, dragging files out).
 * Electron's main process implements it with dialog/shell/webContents; tests and the
 * browser harness implement it with plain Node. Services never import electron.
 */
export interface DesktopShell {
  pickPhotos(): Promise<string[]>;
  chooseDirectory(defaultPath?: string): Promise<string | null>;
  openPath(dir: string): Promise<void>;
  startDrag(filePath: string): void;
}
