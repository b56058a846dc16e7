import { NodeInputSchema, type NodeInput } from '../../../../common/contracts/nodes';
import type { NodeSpec } from '../../../../common/model/node';
import { fieldProblems, type FieldProblems } from '../../components/ui/fieldErrors';

/** The dialog's draft: what the inputs hold, port as typed (may be empty while editing). */
export interface NodeDraft {
  name: string;
  address: string;
  port: number | undefined;
  user: string;
  auth: NodeSpec['auth'];
  keyPath: string;
  role: NodeSpec['role'];
  jumpHost: string;
  /** Never stored in the project: sent once to the keychain with nodes.setSecret. */
  password: string;
}

export function emptyDraft(): NodeDraft {
  return {
    name: '',
    address: '',
    port: 22,
    user: 'root',
    auth: 'password',
    keyPath: '',
    role: 'worker',
    jumpHost: '',
    password: '',
  };
}

export function draftFromNode(node: NodeSpec): NodeDraft {
  return {
    name: node.name,
    address: node.address,
    port: node.port,
    user: node.user,
    auth: node.auth,
    keyPath: node.keyPath ?? '',
    role: node.role,
    jumpHost: node.jumpHost ?? '',
    password: '',
  };
}

/** The contract payload for a draft (empty optionals left out). */
export function inputFromDraft(draft: NodeDraft): NodeInput {
  return {
    name: draft.name,
    address: draft.address,
    port: draft.port ?? Number.NaN,
    user: draft.user,
    auth: draft.auth,
    keyPath: draft.auth === 'key' && draft.keyPath.trim() ? draft.keyPath : undefined,
    role: draft.role,
    jumpHost: draft.jumpHost || undefined,
  };
}

/** Problems per field, from the very schema nodes.add validates with. */
export function nodeProblems(draft: NodeDraft): FieldProblems {
  return fieldProblems(NodeInputSchema, inputFromDraft(draft));
}
