import type { NodeSpec } from '../model/node';
import type { FieldError } from '../model/plan';

/**
 * What an export needs of every node beyond the project schema: Ansible must be able to log in
 * without kubelab. A key login needs its key file's path (the key itself is never copied), and
 * the cluster needs a control plane to run kubeadm init on. Each problem names its field.
 */
export function exportFieldErrors(nodes: readonly NodeSpec[]): FieldError[] {
  const errors: FieldError[] = [];
  if (nodes.length === 0) {
    errors.push({
      field: 'nodes',
      message: 'the project has no nodes to export',
      messageZh: '项目中没有可导出的节点',
    });
  } else if (!nodes.some((n) => n.role === 'control-plane')) {
    errors.push({
      field: 'nodes',
      message: 'no node has the control-plane role',
      messageZh: '没有节点的角色是 control-plane',
    });
  }
  nodes.forEach((n, i) => {
    const missing = (field: keyof NodeSpec, en: string, zh: string): void => {
      errors.push({
        field: `nodes.${i}.${field}`,
        message: `${n.name}: ${en}`,
        messageZh: `${n.name}：${zh}`,
      });
    };
    if (n.address.trim() === '') missing('address', 'has no address', '没有地址');
    if (n.user.trim() === '') missing('user', 'has no login user', '没有登录用户');
    if (n.auth === 'key' && !n.keyPath?.trim())
      missing(
        'keyPath',
        'logs in with a key but names no key file (Ansible needs its path)',
        '使用密钥登录但没有指定密钥文件（Ansible 需要它的路径）',
      );
  });
  return errors;
}
