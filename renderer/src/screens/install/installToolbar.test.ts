import { describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import { mainLabel } from './InstallToolbar';

describe('the main button’s word', () => {
  it('is the failed cell’s Retry after a failure, Resume after a cancel, Install otherwise', () => {
    expect(mainLabel(true, 'failed')).toBe('install.retry');
    expect(mainLabel(true, 'cancelled')).toBe('install.resume');
    expect(mainLabel(false, 'succeeded')).toBe('install.start');
    expect(mainLabel(false, undefined)).toBe('install.start');
  });

  it('reads the same in both languages as the cell’s button', () => {
    const i18n = initI18n('en');
    expect(i18n.t(mainLabel(true, 'failed'))).toBe('Retry');
    void i18n.changeLanguage('zh-CN');
    expect(i18n.t(mainLabel(true, 'failed'))).toBe('重试');
  });
});
