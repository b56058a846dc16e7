import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../../common/bundle/buildEvents';
import type { BundleInspection } from '../../../../common/contracts/bundle';
import type { BundleNeeds } from '../../../../common/bundle/schema';
import { initI18n } from '../../i18n';
import { EMPTY_PROGRESS, reduceBuildEvent } from '../../state/bundleBuild';

import type { BundleState } from '../../state/bundleStore';
import { BuildPanel } from './BuildPanel';
import { BuildProgressView } from './BuildProgressView';
import { ContentsPanel } from './ContentsPanel';

const i18n = initI18n('en');
const FOLDER = '/home/me/lab.kubelab.yaml.bundles';
const needs: BundleNeeds = { versions: ['1.18.2'], artifacts: [], errors: [], notes: [] };
const machine = {
  nodeId: 'm1',
  role: 'control-plane' as const,
  osId: 'ubuntu',
  osIdLike: ['debian'],
  osVersion: '20.04',
  arch: 'x86_64',
};

/** The store's state as the Bundle screen hands it to a panel; actions do nothing here. */
function state(over: Partial<BundleState> = {}): BundleState {
  const nothing = async (): Promise<void> => undefined;
  return {
    list: { folder: FOLDER, bundles: [], staged: ['lab-1.18.2.tar'] },
    needs,
    needsFor: [machine],
    needsLoading: false,
    status: 'idle',
    progress: EMPTY_PROGRESS,
    inspecting: false,
    loadList: nothing,
    loadNeeds: nothing,
    build: nothing,
    cancel: nothing,
    inspect: nothing,
    received: () => undefined,
    ...over,
  };
}

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

describe('BuildPanel', () => {
  it('shows the full path the typed name is written to, and the build to resume', () => {
    const html = renderToStaticMarkup(<BuildPanel state={state()} clusterName="lab" />);
    expect(html).toContain(`Written to ${FOLDER}/lab-1.18.2.tar`);
    expect(html).toContain('Build the same name again to resume');
  });

  it('puts a back-end error naming out under the name field', () => {
    const failed = state({
      status: 'failed',
      out: `${FOLDER}/lab-1.18.2.tar`,
      buildError: { field: 'out', message: 'exists; a build does not overwrite a file' },
    });
    const html = renderToStaticMarkup(<BuildPanel state={failed} clusterName="lab" />);
    expect(html).toContain('Bundle file: exists; a build does not overwrite a file');
    expect(html).toContain('aria-invalid="true"');
    expect(html).not.toContain('data-testid="bundle-build-error"');
    // Another name typed since: the error no longer describes the field.
    const other = renderToStaticMarkup(<BuildPanel state={failed} clusterName="other" />);
    expect(other).not.toContain('Bundle file: exists');
  });

  it('says the back end’s refusal of an existing file in the page’s language', async () => {
    const refused = state({
      status: 'failed',
      out: `${FOLDER}/lab-1.18.2.tar`,
      buildError: { field: 'out', code: 'bundle_exists', message: 'exists (English only)' },
    });
    const html = renderToStaticMarkup(<BuildPanel state={refused} clusterName="lab" />);
    expect(html).toContain('A bundle named lab-1.18.2.tar is already in the bundles folder');
    expect(html).not.toContain('English only');
    await i18n.changeLanguage('zh-CN');
    const zh = renderToStaticMarkup(<BuildPanel state={refused} clusterName="lab" />);
    expect(zh).toContain('离线包文件夹中已有名为 lab-1.18.2.tar 的文件');
  });

  it('says a cancel keeps the downloads, in Chinese too', async () => {
    const cancelled = state({ status: 'cancelled', out: `${FOLDER}/b.tar` });
    expect(renderToStaticMarkup(<BuildPanel state={cancelled} clusterName="lab" />)).toContain(
      `The downloads are kept in ${FOLDER}/b.tar.staging`,
    );
    await i18n.changeLanguage('zh-CN');
    expect(renderToStaticMarkup(<BuildPanel state={cancelled} clusterName="lab" />)).toContain(
      `已下载的内容保留在 ${FOLDER}/b.tar.staging`,
    );
  });
});

describe('BuildProgressView', () => {
  it('shows totals and each artifact’s bytes, speed, ETA and failed mirror', () => {
    const events: BuildEvent[] = [
      {
        kind: 'resolved',
        artifacts: 2,
        knownBytes: 4 * 1024 ** 2,
        unsized: 0,
        skipped: [],
      },
      {
        kind: 'done',
        id: 'deb/amd64/kubeadm@1.18.2',
        bytes: 1024 ** 2,
        source: { profile: 'aliyun', location: 'https://b/kubeadm.deb' },
        failures: [
          {
            source: { profile: 'plan', location: 'https://a/kubeadm.deb' },
            error: 'sha256 mismatch',
          },
        ],
      },
      {
        kind: 'progress',
        id: 'file/cni',
        url: 'https://a/kube-flannel.yml',
        bytes: 1024 ** 2,
        total: 3 * 1024 ** 2,
        speed: 1024 ** 2,
        etaSeconds: 2,
      },
    ];
    const progress = events.reduce(reduceBuildEvent, EMPTY_PROGRESS);
    const html = renderToStaticMarkup(<BuildProgressView progress={progress} status="building" />);
    expect(html).toContain('1 of 2 artifacts · 2.0 MiB of 4.0 MiB · 1.0 MiB/s · 2 s left');
    expect(html).toContain('1.0 MiB / 3.0 MiB');
    expect(html).toContain('Failed from plan (https://a/kubeadm.deb): sha256 mismatch');
  });

  it('shows nothing before a build, nor after one refused before it began', () => {
    expect(
      renderToStaticMarkup(<BuildProgressView progress={EMPTY_PROGRESS} status="idle" />),
    ).toBe('');
    expect(
      renderToStaticMarkup(<BuildProgressView progress={EMPTY_PROGRESS} status="failed" />),
    ).toBe('');
    expect(
      renderToStaticMarkup(<BuildProgressView progress={EMPTY_PROGRESS} status="building" />),
    ).toContain('0 of 0 artifacts');
  });
});

describe('ContentsPanel', () => {
  it('shows every check, the damaged entry first, and a verdict', () => {
    const inspection = {
      manifest: {
        format: 'kubelab-bundle/1',
        createdAt: '2026-12-07T19:00:00Z',
        plan: {
          clusterName: 'lab',
          kubernetesVersion: '1.18.2',
          runtime: 'docker',
          cni: 'flannel',
          mirrorProfile: 'aliyun',
        },
        versions: ['1.18.2'],
        machines: [{ family: 'deb', arch: 'amd64', release: 'ubuntu-focal' }],
        entries: [
          {
            id: 'b',
            kind: 'package',
            path: 'packages/b.deb',
            bytes: 10,
            sha256: 'b'.repeat(64),
            forVersions: ['1.18.2'],
          },
        ],
      },
      fileBytes: 2048,
      checks: [
        { id: 'a', path: 'packages/a.deb', bytes: 10, state: 'ok' },
        { id: 'b', path: 'packages/b.deb', bytes: 10, state: 'corrupt', detail: 'sha256 3f' },
      ],
      unlisted: [],
      ok: false,
    } as BundleInspection;
    const html = renderToStaticMarkup(<ContentsPanel state={state({ inspection })} />);
    expect(html).toContain('This bundle is damaged');
    expect(html).toContain('1 entry matches, 1 corrupt');
    expect(html.indexOf('packages/b.deb')).toBeLessThan(html.indexOf('packages/a.deb'));
    expect(html).toContain('Checksum differs');
    expect(html).toContain('sha256 3f');
    // The manifest's SHA-256 beside the entry it was checked for.
    expect(html).toContain(
      `<code class="bundle-sha" data-testid="bundle-check-sha">${'b'.repeat(64)}</code>`,
    );
  });
});
