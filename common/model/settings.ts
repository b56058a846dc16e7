import { z } from 'zod';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export const THEMES = ['light', 'dark', 'system'] as const;

export const SettingsSchema = z
  .object({
    language: z.enum(LANGUAGES),
    theme: z.enum(THEMES),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { language: 'en', theme: 'system' };

/** A partial update: only the given keys change. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
