import { spawnSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse, stringify } from 'yaml';
import { isRootOnLinux, labLeftovers } from './support/demoRun';
import { labCli } from './support/labCli';
import { startServe, type Served } from './support/serve';
import { ShellPage } from './support/shellPage';

/**
 * Issue 22's Bundle page in a browser, on the practice lab: the `modern` scenario's three Ubuntu
 * 22.04 machines (their facts read over SSH) and the lab mirror host (tests/lab/mirror: Debian's
 * http.server over dpkg-built apt trees, Debian's docker-registry) on the same bridge. Plan's
 * "Machines have no internet" → Alt+7 → needs → a build cancelled after its first artifact and
 * resumed from staging → contents with every SHA-256 → a flipped byte named first → an existing
 * name refused under the name field → the same in Chinese. Lab instance 31
 * (KUBELAB_BUNDLE_E2E_LAB_INSTANCE overrides it); needs root.
 */
const INSTANCE = process.env.KUBELAB_BUNDLE_E2E_LAB_INSTANCE ?? '31';
const IP = `172.31.${250 - Number(INSTANCE)}.250`;
const REGISTRY = `${IP}:5000`;
const VERSION = '1.27.16';
const MIRROR_SH = 'tests/lab/mirror/mirror.sh';
const lab = labCli(INSTANCE);

/** A project's plan as YAML gives it (the e2e project does not compile common/). */
type PlanDoc = Record<string, unknown>;

/** The plan the lab's project gets: everything from the mirror host, as the integration test. */
function mirrorPlan(base: PlanDoc): PlanDoc {
  return {
    ...base,
    kubernetesVersion: VERSION,
    imageRepository: `${REGISTRY}/google_containers`,
    mirrors: {
      kubernetesPackages: `http://${IP}/k8s`,
      dockerCe: `http://${IP}/docker`,
      registries: { 'ghcr.io': REGISTRY },
    },
    cni: { plugin: 'flannel', manifestUrl: `http://${IP}/cni/kube-flannel.yml` },
  };
}

function mirror(...args: string[]): string {
  const r = spawnSync('bash', [MIRROR_SH, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LAB_INSTANCE: INSTANCE },
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`mirror.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * The images the plan pulls from the mirror host, as `kubelab bundle plan --json` lists them for
 * the lab's machines: each one's first source, less the registry host (what mirror.sh pushes).
 */
function imagesOnTheMirror(project: string): string[] {
  const r = spawnSync(
    process.execPath,
    ['bin/kubelab.js', 'bundle', 'plan', '-f', project, '--json'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (r.status !== 0) throw new Error(`kubelab bundle plan: ${r.stderr}`);
  const needs = JSON.parse(r.stdout) as {
    artifacts: { kind: string; sources?: { location: string }[] }[];
  };
  return needs.artifacts
    .filter((a) => a.kind === 'image')
    .map((a) => (a.sources?.[0]?.location ?? '').slice(`${REGISTRY}/`.length));
}

/**
 * The mirror host's answers capped at 128 kbit/s (a token bucket on its own interface, tc-tbf(8))
 * for the first build only, so the page is seen cancelling it after its first download; `false`
 * takes the cap off again for the rest of the test.
 */
function slowMirror(slow: boolean): void {
  const qdisc = slow
    ? ['add', 'dev', 'eth0', 'root', 'tbf', 'rate', '128kbit', 'burst', '4kb', 'limit', '256kb']
    : ['del', 'dev', 'eth0', 'root'];
  const r = spawnSync('ip', ['netns', 'exec', `klab${INSTANCE}-mirror`, 'tc', 'qdisc', ...qdisc]);
  if (r.status !== 0) throw new Error(`tc: ${String(r.stderr)}`);
}

/** The offset and name of a tar's entries (ustar: a 512-byte header, the data, padding). */
function tarEntries(path: string): { name: string; offset: number; size: number }[] {
  const fd = openSync(path, 'r');
  const header = Buffer.alloc(512);
  const entries: { name: string; offset: number; size: number }[] = [];
  try {
    let at = 0;
    while (readSync(fd, header, 0, 512, at) === 512 && header[0] !== 0) {
      const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
      const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, ''), 8);
      entries.push({ name: prefix ? `${prefix}/${name}` : name, offset: at + 512, size });
      at += 512 + Math.ceil(size / 512) * 512;
    }
  } finally {
    closeSync(fd);
  }
  return entries;
}

/** Changes one byte inside the bundle's first .deb on disk; returns that entry's path. */
function damageFirstDeb(bundle: string): string {
  const entry = tarEntries(bundle).find((e) => e.name.endsWith('.deb'));
  if (!entry) throw new Error(`no .deb in ${bundle}`);
  const fd = openSync(bundle, 'r+');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, entry.offset + 100);
    writeSync(fd, Buffer.from([byte[0] === 0x21 ? 0x22 : 0x21]), 0, 1, entry.offset + 100);
  } finally {
    closeSync(fd);
  }
  return entry.name;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: `test-results/screenshots/bundle-${name}.png`, fullPage: true });
}

// Tall enough that a screenshot holds the needs, the build and the contents' first rows.
test.use({ viewport: { width: 1440, height: 2000 } });

let served: Served | undefined;
let dir: string | undefined;
let labIsUp = false;

test.beforeAll(() => {
  test.skip(!isRootOnLinux(), 'the practice lab and its mirror host need Linux and root');
  expect(labLeftovers(INSTANCE), `lab instance ${INSTANCE} must be free`).toEqual([]);
});

test.afterAll(async () => {
  await served?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (!labIsUp) return;
  mirror('down');
  lab('down');
  await expect.poll(() => labLeftovers(INSTANCE), { timeout: 15_000 }).toEqual([]);
});

test('the Bundle page: needs from facts, build cancelled and resumed, contents, damage, in EN and ZH', async ({
  page,
}) => {
  test.setTimeout(150_000);
  labIsUp = true;
  lab('up', 'modern');
  dir = mkdtempSync(join(tmpdir(), 'kubelab-bundle-e2e-'));
  const project = join(dir, 'kubelab.yaml');
  const doc = parse(lab('project')) as { plan: PlanDoc };
  writeFileSync(project, stringify({ ...doc, plan: mirrorPlan(doc.plan) }));
  expect(mirror('up', VERSION, 'jammy', ...imagesOnTheMirror(project))).toBe(IP);
  slowMirror(true);

  served = await startServe(join(dir, 'config'), ['--project', project]);
  const shell = new ShellPage(page);
  await shell.open(served.url);

  // Plan's toggle shows the Bundle area; Alt+7 opens it.
  await shell.nav('plan').click();
  await expect(shell.nav('bundle')).toHaveCount(0);
  await page.getByTestId('plan-offline-toggle').check();
  await expect(shell.nav('bundle')).toBeVisible();
  await page.keyboard.press('Alt+7');
  const area = shell.area('bundle');
  await expect(area).toBeVisible();

  // The machines' facts, read over SSH, then what the plan needs on them.
  await page.getByTestId('bundle-read').click();
  const needs = page.getByTestId('bundle-needs-list');
  await expect(needs).toContainText(`Kubernetes versions: ${VERSION}`, { timeout: 30_000 });
  await expect(page.getByTestId('bundle-kind-package').locator('summary')).toHaveText('6 packages');
  await expect(page.getByTestId('bundle-kind-image').locator('summary')).toHaveText('9 images');
  await expect(page.getByTestId('bundle-kind-file').locator('summary')).toHaveText('1 file');

  // A build from the mirror host, cancelled once its first artifact is in.
  const name = `kubernetes-${VERSION}.tar`;
  await expect(page.getByTestId('bundle-name')).toHaveValue(name);
  const folder = `${project}.bundles`;
  await expect(page.getByTestId('bundle-build')).toContainText(`Written to ${folder}/${name}`);
  await page.getByTestId('bundle-plain-http').fill('https://registry.lab');
  await expect(page.getByTestId('bundle-build')).toContainText(
    '“https://registry.lab” is not a registry host',
  );
  await expect(page.getByTestId('bundle-start')).toBeDisabled();
  await page.getByTestId('bundle-plain-http').fill(REGISTRY);
  await page.getByTestId('bundle-start').click();
  const rows = page.getByTestId('bundle-artifact-rows').locator('tbody tr');
  await expect(rows.locator('text=Downloaded').first()).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('bundle-cancel').click();
  await expect(page.getByTestId('bundle-cancelled')).toContainText(`${folder}/${name}.staging`);
  await expect(page.getByTestId('bundle-staged')).toContainText(name);
  await shot(page, 'cancelled-en');
  slowMirror(false);

  // Built again: what was downloaded is reused, the rest fetched, the file written.
  await page.getByTestId('bundle-start').click();
  await expect(page.getByTestId('bundle-written')).toContainText(`${folder}/${name}`, {
    timeout: 60_000,
  });
  await expect(rows.locator('text=Reused from an earlier build').first()).toBeVisible();
  await expect(page.getByTestId('bundle-totals')).toContainText('16 of 16 artifacts');
  await expect(page.getByTestId('bundle-staged')).toHaveCount(0);

  // Checked at once: every entry's SHA-256 against the manifest.
  const verdict = page.getByTestId('bundle-verdict');
  await expect(verdict).toHaveText('Every entry matches its manifest. 16 entries match');
  const checks = page.getByTestId('bundle-check-row');
  await expect(checks).toHaveCount(16);
  await expect(page.getByTestId('bundle-check-sha').first()).toHaveText(/^[0-9a-f]{64}$/);
  await shot(page, 'built-en');

  // A byte changed on disk: the damaged entry is the first row.
  const damaged = damageFirstDeb(`${folder}/${name}`);
  await page.getByTestId(`bundle-inspect-${name}`).click();
  await expect(verdict).toContainText('This bundle is damaged');
  await expect(checks.first()).toHaveClass('bundle-check-corrupt');
  await expect(checks.first()).toContainText(damaged);
  await expect(checks.first()).toContainText('Checksum differs');
  await expect(checks.nth(1)).toHaveClass('bundle-check-ok');

  // The same name again: refused by the back end, said under the name field.
  await page.getByTestId('bundle-start').click();
  const nameError = page.getByTestId('bundle-build').locator('.field-error');
  await expect(nameError).toHaveText(
    `A bundle named ${name} is already in the bundles folder; a build never overwrites a file. Choose another name, or remove that file.`,
  );
  // Refused before it began: the last build's rows are not replaced by an empty "0 of 0".
  await expect(page.getByTestId('bundle-progress')).toHaveCount(0);
  await shot(page, 'damaged-en');

  // In Chinese: the refusal and the damaged check as they stand, then the same path again.
  await shell.language.selectOption('zh-CN');
  await expect(nameError).toContainText(`离线包文件夹中已有名为 ${name} 的文件`);
  await expect(checks.first()).toContainText('校验和不符');
  await page.getByTestId('bundle-read').click();
  await expect(needs).toContainText(`Kubernetes 版本：${VERSION}`);
  await expect(page.getByTestId('bundle-kind-image').locator('summary')).toHaveText('9 个镜像');
  await page.getByTestId('bundle-name').fill('zh');
  await expect(nameError).toHaveCount(0);
  await expect(page.getByTestId('bundle-build')).toContainText(`将写入 ${folder}/zh.tar`);
  slowMirror(true);
  await page.getByTestId('bundle-start').click();
  await expect(rows.locator('text=已下载').first()).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('bundle-cancel').click();
  await expect(page.getByTestId('bundle-cancelled')).toContainText(
    `构建已取消。已下载的内容保留在 ${folder}/zh.tar.staging`,
  );
  await expect(page.getByTestId('bundle-staged')).toContainText('zh.tar');
  slowMirror(false);
  await page.getByTestId('bundle-start').click();
  await expect(page.getByTestId('bundle-written')).toContainText(`已写入：${folder}/zh.tar`, {
    timeout: 60_000,
  });
  await expect(rows.locator('text=沿用之前构建的下载').first()).toBeVisible();
  await expect(page.getByTestId('bundle-totals')).toContainText('16/16 个制品');
  await expect(verdict).toHaveText('每个条目都与清单一致。 16 个一致');
  await expect(page.getByTestId('bundle-check-sha').first()).toHaveText(/^[0-9a-f]{64}$/);
  await shot(page, 'built-zh');
  const damagedZh = damageFirstDeb(`${folder}/zh.tar`);
  await page.getByTestId('bundle-inspect-zh.tar').click();
  await expect(verdict).toContainText('此离线包已损坏');
  await expect(checks.first()).toHaveClass('bundle-check-corrupt');
  await expect(checks.first()).toContainText(damagedZh);
  await expect(checks.first()).toContainText('校验和不符');
  await shot(page, 'damaged-zh');
});
