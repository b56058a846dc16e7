import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/model/settings';
import { JsonSettingsStore } from './jsonSettingsStore';

describe('JsonSettingsStore', () => {
  it('returns defaults when the file is missing or corrupt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-settings-'));
    const path = join(dir, 'settings.json');
    expect(await new JsonSettingsStore(path).read()).toEqual(DEFAULT_SETTINGS);
    await writeFile(path, '{ not json');
    expect(await new JsonSettingsStore(path).read()).toEqual(DEFAULT_SETTINGS);
  });

  it('round-trips and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-settings-'));
    const path = join(dir, 'nested', 'settings.json');
    const store = new JsonSettingsStore(path);
    await store.write({ language: 'zh-CN', theme: 'dark' });
    expect(await new JsonSettingsStore(path).read()).toEqual({ language: 'zh-CN', theme: 'dark' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ language: 'zh-CN', theme: 'dark' });
    expect(await readdir(join(dir, 'nested'))).toEqual(['settings.json']);
  });

  it('ignores unknown values in an edited file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubelab-settings-'));
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ language: 'klingon', theme: 'dark' }));
    expect(await new JsonSettingsStore(path).read()).toEqual(DEFAULT_SETTINGS);
  });
});
