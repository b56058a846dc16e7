import type { OperationInfo } from '../../common/catalog/operations';

/** The language of the help's operation titles: Chinese when the locale says so (LC_ALL, LANG). */
export function helpLang(env: NodeJS.ProcessEnv = process.env): 'en' | 'zh' {
  return /^zh/i.test(env.LC_ALL || env.LANG || '') ? 'zh' : 'en';
}

/**
 * The "Operations" section of `kubelab --help`, generated from the catalog
 * (common/catalog/operations.ts): every built operation with the command that starts it, its
 * title and its one-line summary. A new operation appears here without editing program.ts; one
 * the design names but has no steps yet (`built: false`) is not offered.
 */
export function operationsHelp(
  operations: readonly Pick<OperationInfo, 'cli' | 'title' | 'summary' | 'built' | 'targets'>[],
  lang: 'en' | 'zh' = 'en',
): string {
  const built = operations.filter((o) => o.built);
  if (built.length === 0) return '';
  const command = (o: (typeof built)[number]): string =>
    `kubelab ${o.cli}${o.targets === 'machines' && o.cli === 'reset' ? ' --node <id>' : ''}`;
  const width = Math.max(...built.map((o) => command(o).length));
  const heading =
    lang === 'zh'
      ? '集群操作（每个操作都会记录在项目中，可续跑）：'
      : 'Cluster operations (each run is recorded in the project and resumable):';
  const lines = built.map(
    (o) => `  ${command(o).padEnd(width)}  ${o.title[lang]}: ${o.summary[lang]}`,
  );
  return `\n${heading}\n${lines.join('\n')}\n`;
}
