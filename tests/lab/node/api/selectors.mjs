// labelSelector and fieldSelector query parameters, as k8s.io/apimachinery/pkg/labels and
// pkg/fields parse them: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`
// (labels); `path=value`, `path==value`, `path!=value` over the object's fields (fields).
// A selector that cannot be parsed throws a 400 with the upstream wording.

const bad = (message) => Object.assign(new Error(message), { code: 400, reason: 'BadRequest' });

function splitTop(s) {
  const out = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((x) => x.trim()).filter(Boolean);
}

/** A predicate over labels for `labelSelector`. */
export function labelSelector(sel) {
  if (!sel) return () => true;
  const tests = splitTop(sel).map((term) => {
    let m;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term))) {
      const vals = m[3].split(',').map((x) => x.trim());
      return (l) => (m[2] === 'in' ? vals.includes(l[m[1]]) : !vals.includes(l[m[1]]));
    }
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term))) return (l) => (m[2] === '!=' ? l[m[1]] !== m[3] : l[m[1]] === m[3]);
    if ((m = /^!([\w./-]+)$/.exec(term))) return (l) => !Object.hasOwn(l, m[1]);
    if ((m = /^([\w./-]+)$/.exec(term))) return (l) => Object.hasOwn(l, m[1]);
    throw bad(`unable to parse requirement: found '${term}', expected: in, notin, =, ==, !=, gt, lt`);
  });
  return (labels) => tests.every((t) => t(labels ?? {}));
}

/** A predicate over objects for `fieldSelector` (dotted paths, e.g. spec.nodeName, metadata.name). */
export function fieldSelector(sel) {
  if (!sel) return () => true;
  const tests = splitTop(sel).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw bad(`invalid selector: '${sel}'; can't understand '${term}'`);
    const read = (o) => {
      const v = m[1].split('.').reduce((x, k) => x?.[k], o);
      return v === undefined || v === null ? '' : String(v);
    };
    return (o) => (m[2] === '!=' ? read(o) !== m[3] : read(o) === m[3]);
  });
  return (o) => tests.every((t) => t(o));
}

/** A metav1.LabelSelector (matchLabels, matchExpressions) as a predicate. */
export function matchesLabelSelector(ls, labels = {}) {
  if (!ls) return false;
  const ok = Object.entries(ls.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    ok &&
    (ls.matchExpressions ?? []).every((e) => {
      if (e.operator === 'In') return e.values.includes(labels[e.key]);
      if (e.operator === 'NotIn') return !e.values.includes(labels[e.key]);
      if (e.operator === 'Exists') return Object.hasOwn(labels, e.key);
      return !Object.hasOwn(labels, e.key);
    })
  );
}
