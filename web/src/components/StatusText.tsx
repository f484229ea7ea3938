import type { ConcernStatus } from '../api.js';
import { STATUS_LABEL } from '../labels.js';

export function StatusText({ status }: { status: ConcernStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABEL[status]}</span>;
}
