import type { DiagnoseResult, Diagnosis } from '../model/diagnosis';
import { renderFix } from './fixes';
import type { Signature } from './signature';
import { SIGNATURES } from './signatures';

/** Longest evidence line kept; longer lines are cut around the match. */
const MAX_EVIDENCE = 400;
/** Stay responsive on a pasted multi-megabyte journal: classify the last lines, where failures are. */
export const MAX_LINES = 200_000;

// Colour codes from kubeadm/crictl output and the CR of CRLF pastes.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

interface Hit {
  patternIndex: number;
  line: number;
  text: string;
  groups: Record<string, string>;
}

/**
 * What is matched: the line with colour codes removed, and with the `\"` of JSON-escaped output
 * (Ansible, kubectl -o json) unescaped so the same patterns match it.
 */
function normalise(line: string): string {
  return display(line).replace(/\\"/g, '"').replace(/#011/g, '\t');
}

/** The line as shown to the user: as written, minus colour codes and the CR of CRLF. */
function display(line: string): string {
  return line.replace(ANSI, '').replace(/\r$/, '');
}

/** Short lines are shown as written; long ones are cut around the match. */
function excerpt(raw: string, matched: string, index: number): string {
  const shown = display(raw).trim();
  if (shown.length <= MAX_EVIDENCE) return shown;
  const start = Math.max(0, Math.min(index - 100, matched.length - MAX_EVIDENCE));
  return `…${matched.slice(start, start + MAX_EVIDENCE).trim()}…`;
}

function findHits(
  signature: Signature,
  raw: readonly string[],
  lines: readonly string[],
  offset: number,
): Hit[] {
  const hits: Hit[] = [];
  lines.forEach((line, i) => {
    for (let p = 0; p < signature.patterns.length; p++) {
      const m = signature.patterns[p]?.exec(line);
      if (m) {
        hits.push({
          patternIndex: p,
          line: offset + i + 1,
          text: excerpt(raw[i] ?? line, line, m.index),
          groups: { ...m.groups },
        });
        return;
      }
    }
  });
  return hits;
}

function toDiagnosis(signature: Signature, hits: Hit[]): Diagnosis {
  // Strongest pattern first, then the earliest line with it.
  const best = [...hits].sort((a, b) => a.patternIndex - b.patternIndex || a.line - b.line)[0];
  if (!best) throw new Error(`no hit for ${signature.id}`);
  const fixId = signature.fix.id;
  const diagnosis: Diagnosis = {
    signatureId: signature.id,
    category: signature.category,
    kind: signature.kind,
    // Causes beat symptoms; a stronger pattern and corroborating lines add a little.
    score:
      signature.weight +
      (signature.kind === 'cause' ? 100 : 0) -
      best.patternIndex * 2 +
      Math.min(hits.length, 5),
    title: signature.title,
    explanation: signature.explanation,
    evidence: { line: best.line, text: best.text },
    matchedLines: hits.length,
    fix: { text: signature.fix.text },
    references: [...signature.references],
  };
  if (fixId) {
    // An optional named group that did not take part is undefined: it fills nothing.
    const captured = Object.entries(best.groups).filter(([, v]) => typeof v === 'string');
    const params = { ...signature.fix.params, ...Object.fromEntries(captured) };
    diagnosis.fix.preview = renderFix(fixId, params);
    if (Object.keys(params).length > 0) diagnosis.fix.params = params;
  }
  return diagnosis;
}

const NO_MATCH = {
  en: 'No known failure signature in this output. kubelab knows the common kubeadm, kubelet, container runtime and package manager failures; this one is not among them, so read the last error lines (or the kubelet journal: journalctl -u kubelet) yourself.',
  zh: '这段输出中没有已知的故障特征。kubelab 能识别常见的 kubeadm、kubelet、容器运行时和包管理器故障，但这一个不在其中，请查看最后的错误行（或 kubelet 日志：journalctl -u kubelet）。',
};

/**
 * Classifies any kubeadm / kubelet / kubectl / apt / dnf / containerd / docker / crictl output:
 * every signature that matches, best first, each with its evidence line and fix. Pure: no I/O.
 */
export function classify(
  text: string,
  signatures: readonly Signature[] = SIGNATURES,
): DiagnoseResult {
  let lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const offset = Math.max(0, lines.length - MAX_LINES);
  lines = lines.slice(offset);
  const normalised = lines.map(normalise);
  const diagnoses = signatures
    .map((s) => ({ s, hits: findHits(s, lines, normalised, offset) }))
    .filter(({ hits }) => hits.length > 0)
    .map(({ s, hits }) => toDiagnosis(s, hits))
    .sort((a, b) => b.score - a.score || a.evidence.line - b.evidence.line);
  const top = diagnoses[0];
  if (!top) {
    return { known: false, linesScanned: lines.length, summary: NO_MATCH, diagnoses: [] };
  }
  const more = diagnoses.length - 1;
  return {
    known: true,
    linesScanned: lines.length,
    summary: {
      en: `${top.title.en} (line ${top.evidence.line})${more > 0 ? `, and ${more} more finding${more > 1 ? 's' : ''}` : ''}.`,
      zh: `${top.title.zh}（第 ${top.evidence.line} 行）${more > 0 ? `，另有 ${more} 项发现` : ''}。`,
    },
    diagnoses,
  };
}
