import { describe, expect, it } from 'vitest';
import en from '../../resources/i18n/en.json';
import zhCN from '../../resources/i18n/zh-CN.json';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Product names are the same in every language. */
const PROPER_NAMES = new Set([
  'kubelab',
  'kubeadm',
  'Kubernetes',
  'containerd',
  'Flannel',
  'Calico',
  'Markdown',
  'HTML',
  'JSON',
  'SELinux',
  'sudo',
  '~/.ssh/config',
]);

describe('translations', () => {
  it('Simplified Chinese has every English key and no extra', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('no Chinese string is left in English', () => {
    const flat = (o: object): string[] =>
      Object.values(o).flatMap((v) =>
        typeof v === 'object' && v ? flat(v as object) : [String(v)],
      );
    const untranslated = flat(zhCN).filter(
      (s) => !PROPER_NAMES.has(s) && /^[\x20-\x7e{}…]+$/.test(s) && /[a-z]{4}/i.test(s),
    );
    expect(untranslated).toEqual([]);
  });
});
