import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** File, View and Help; reload and developer tools exist only in development. */
export function installMenu(opts: { isDev: boolean; version: string; dataDir: string; getWindow(): BrowserWindow | null }): void {
  const isMac = process.platform === 'darwin';
  const about = () => {
    const options = {
      type: 'info' as const,
      title: 'About ETL Studio',
      message: `ETL Studio ${opts.version}`,
      detail: `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}\nData folder: ${opts.dataDir}`,
      buttons: ['OK'],
    };
    const win = opts.getWindow();
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(opts.isDev
          ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Help', submenu: [{ label: `About ${app.getName()}`, click: about }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
