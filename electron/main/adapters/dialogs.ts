/**
 * The core's Dialogs over Electron's native open and save dialogs.
 *
 * Dialogs are modal to the focused Thaw window when there is one, so they
 * cannot get lost behind it.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { Dialogs } from '../../core/types';

/** Creates the Dialogs adapter; `parent` returns the window to attach to (or none). */
export function createDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, parent: () => BrowserWindow | null | undefined): Dialogs {
  const open = (options: OpenDialogOptions) => {
    const win = parent();
    return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
  };
  return {
    async chooseDirectory(title) {
      const result = await open({ title, properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseFiles(title, opts) {
      const properties: OpenDialogOptions['properties'] = [opts.directories ? 'openDirectory' : 'openFile'];
      if (opts.multiple) properties.push('multiSelections');
      const result = await open({ title, properties });
      return result.canceled ? [] : [...result.filePaths];
    },
    async chooseSaveFile(title, opts) {
      const options: SaveDialogOptions = {
        title,
        defaultPath: opts.defaultName,
        filters: [{ name: opts.extensions.map((e) => e.toUpperCase()).join(', '), extensions: opts.extensions }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
  };
}
