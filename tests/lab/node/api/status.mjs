// metav1.Status bodies with the reasons and messages of k8s.io/apimachinery/pkg/api/errors
// (NewNotFound, NewAlreadyExists, NewConflict, NewMethodNotSupported, NewInvalid, NewBadRequest,
// NewTooManyRequests, NewInternalError) and the API conventions
// (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#response-status-kind).

export const status = (code, reason, message, details) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });

/** `pods`, `daemonsets.apps`: how errors.NewNotFound names a group resource. */
export const qualified = (r) => (r.group ? `${r.name}.${r.group}` : r.name);
const details = (r, name) => ({ name, ...(r.group ? { group: r.group } : {}), kind: r.name });

export const notFound = (r, name) => status(404, 'NotFound', `${qualified(r)} "${name}" not found`, details(r, name));
export const alreadyExists = (r, name) => status(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, details(r, name));
export const conflict = (r, name) =>
  status(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, details(r, name));
export const pathNotFound = () => status(404, 'NotFound', 'the server could not find the requested resource', {});
export const methodNotAllowed = () => status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
export const badRequest = (message) => status(400, 'BadRequest', message);
export const invalid = (r, name, field, detail, value) =>
  status(422, 'Invalid', `${r.kind} "${name}" is invalid: ${field}: ${detail}`, {
    name,
    ...(r.group ? { group: r.group } : {}),
    kind: r.kind,
    causes: [{ reason: value === undefined ? 'FieldValueRequired' : 'FieldValueInvalid', message: detail, field }],
  });
export const success = (code = 200, extra = {}) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code, ...extra });
/** errors.NewServerTimeout(qualifiedResource, operation, 2): what an unreachable etcd turns into. */
export const serverTimeout = (r, verb) => {
  const op = verb === 'watch' ? 'list' : verb === 'patch' ? 'update' : verb;
  return status(500, 'ServerTimeout', `The ${op} operation against ${qualified(r)} could not be completed at this time, please try again.`, { name: op, ...(r.group ? { group: r.group } : {}), kind: r.name, retryAfterSeconds: 2 });
};
