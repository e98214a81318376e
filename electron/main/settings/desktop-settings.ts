/**
 * The desktop shell's own settings, in `desktop.json` in userData (the gateway's config is a
 * separate file in its data dir). Hand-editable; a missing file is created with the defaults so
 * it can be found, and an unreadable one is reported and left alone, never overwritten.
 * Start-at-login is not stored here: the OS is the source of truth (users change it in their
 * system settings too), and the tray reads it from there.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

export const desktopSettingsSchema = z.object({
  /** Closing the window leaves the gateway running in the tray (true), or quits the app (false). */
  closeToTray: z.boolean().default(true),
  /** Native notifications for budget alerts, failing providers and gateway failures. */
  notifications: z.boolean().default(true),
});
export type DesktopSettings = z.infer<typeof desktopSettingsSchema>;

export const DEFAULT_DESKTOP_SETTINGS: DesktopSettings = desktopSettingsSchema.parse({});

export interface LoadedSettings {
  settings: DesktopSettings;
  /** Why the file was not used, when it was not (shown in the log). */
  problem?: string;
}

export async function loadDesktopSettings(file: string): Promise<LoadedSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!isMissing(error)) return { settings: DEFAULT_DESKTOP_SETTINGS, problem: `${file} could not be read: ${describe(error)}` };
    await saveDesktopSettings(file, DEFAULT_DESKTOP_SETTINGS).catch(() => undefined);
    return { settings: DEFAULT_DESKTOP_SETTINGS };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { settings: DEFAULT_DESKTOP_SETTINGS, problem: `${file} is not valid JSON; using the defaults` };
  }
  const parsed = desktopSettingsSchema.safeParse(data);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))].join(', ');
    return { settings: DEFAULT_DESKTOP_SETTINGS, problem: `${file} has invalid values (${fields}); using the defaults` };
  }
  return { settings: parsed.data };
}

/** Writes the settings atomically (a crash mid-write leaves the old file). */
export async function saveDesktopSettings(file: string, settings: DesktopSettings): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
