/**
 * The app's identity. APP_ID must equal `appId` in electron-builder.yml (a test checks it):
 * Windows shows notifications only for the AppUserModelID the installer registered.
 */
export const APP_ID = 'dev.switchboard.app';
export const PRODUCT_NAME = 'Switchboard';
