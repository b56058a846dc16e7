// The layer rule as an allowlist (design §1, VS Code's `code-import-patterns` idea): every source
// file belongs to the first layer whose `files` glob matches it, and each of its imports must be
// named by that layer's `allow` list — a folder glob for relative imports, a package name (or
// `pkg/*`, `node:*`) for bare ones. Anything not listed fails, so a new forbidden import fails by
// default instead of waiting for someone to add it to a denylist.
import path from 'node:path';

const EXTENSIONS = /\.(tsx?|mjs|cjs|js|json)$/;

/** A folder glob as a regular expression: `**` spans folders, `*` stays inside one. */
function globToRegExp(glob) {
  // `folder/**` also matches `folder` itself (an import of the folder's index).
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\/\*\*$/, '\u0000');
  const pattern = escaped.replace(/\*\*\/?|\*/g, (star) =>
    star === '*' ? '[^/]*' : star.length === 3 ? '(?:.*/)?' : '.*',
  );
  return new RegExp(`^${pattern.replace('\u0000', '(?:/.*)?')}$`);
}

const compiled = new Map();
function minimatch(file, glob) {
  if (!compiled.has(glob)) compiled.set(glob, globToRegExp(glob));
  return compiled.get(glob).test(file);
}

/** The repository path an import points at, without extension, or null for a package. */
function targetPath(source, filename, cwd) {
  if (!source.startsWith('.')) return null;
  const absolute = path.resolve(path.dirname(filename), source);
  return path.relative(cwd, absolute).split(path.sep).join('/').replace(EXTENSIONS, '');
}

/** `@scope/name/sub` → `@scope/name/sub`; kept whole so `pkg/*` patterns can allow subpaths. */
function matchesPackage(source, pattern) {
  if (pattern.endsWith('/*'))
    return source.startsWith(pattern.slice(0, -1)) || source === pattern.slice(0, -2);
  if (pattern.endsWith(':*')) return source.startsWith(pattern.slice(0, -1));
  return source === pattern;
}

function layerOf(layers, file) {
  return layers.find((layer) => layer.files.some((glob) => minimatch(file, glob)));
}

/** @type {import('eslint').Rule.RuleModule} */
export const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer may import only what its allowlist names.' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: {
      folder: '{{layer}} may not import {{target}}: {{why}}',
      package: '{{layer}} may not import the package "{{source}}": {{why}}',
    },
  },
  create(context) {
    const { layers, testing } = context.options[0];
    const cwd = context.cwd;
    const file = path.relative(cwd, context.filename).split(path.sep).join('/');
    const own = layerOf(layers, file);
    if (!own) return {};
    // Tests and test harnesses (`testing/` folders) may also use the fakes and Vitest.
    const isTestSupport = /\.test\.tsx?$/.test(file) || file.includes('/testing/');
    const layer = isTestSupport
      ? {
          ...own,
          folders: [...own.folders, ...testing.folders],
          packages: [...own.packages, ...testing.packages],
        }
      : own;
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = targetPath(source, context.filename, cwd);
      if (target !== null) {
        const allowed = layer.folders.some((glob) => minimatch(target, glob));
        if (!allowed) {
          context.report({
            node,
            messageId: 'folder',
            data: { layer: layer.name, target, why: layer.why },
          });
        }
        return;
      }
      if (!layer.packages.some((pattern) => matchesPackage(source, pattern))) {
        context.report({
          node,
          messageId: 'package',
          data: { layer: layer.name, source, why: layer.why },
        });
      }
    };
    const fromSource = (node) => {
      if (node.source) check(node, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
    };
  },
};

export const layerPlugin = { rules: { 'layer-imports': layerImports } };
