import type { PriorityClass } from '../api.js';
import { CLASS_LABEL } from '../labels.js';

/** The priority class as text and colour: "P1" plus its meaning, never colour alone. */
export function ClassBadge({ value, compact = false }: { value: PriorityClass; compact?: boolean }) {
  return (
    <span className={`badge badge-${value}`} title={`Klasse ${value}: ${CLASS_LABEL[value]}`}>
      <span className="badge__code">{value}</span>
      {compact ? (
        <span className="visually-hidden">{CLASS_LABEL[value]}</span>
      ) : (
        <span>{CLASS_LABEL[value]}</span>
      )}
    </span>
  );
}
