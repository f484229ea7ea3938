/**
 * Who may do what, in one place. Responses carry the computed abilities, so the staff app never
 * re-implements a rule. Administration manages accounts but reads no social data (data minimisation).
 */
import { AppError } from '../errors.js';
import type { Role } from './roles.js';

export const ACTIONS = [
  'concern.read',
  'concern.create',
  'concern.work',
  'concern.reclassify',
  'concern.backdate',
  'worklist.view',
  'worklist.viewAll',
  'dashboard.view',
  'admin.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, readonly Action[]> = {
  sachbearbeitung: [
    'concern.read',
    'concern.create',
    'concern.work',
    'concern.reclassify',
    'concern.backdate',
    'worklist.view',
  ],
  teamleitung: [
    'concern.read',
    'concern.create',
    'concern.work',
    'concern.reclassify',
    'concern.backdate',
    'worklist.view',
    'worklist.viewAll',
    'dashboard.view',
  ],
  administration: ['admin.manage'],
};

export function can(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

export function authorize(role: Role, action: Action): void {
  if (!can(role, action)) throw new AppError('FORBIDDEN', { message: `${role} may not ${action}` });
}

export function abilities(role: Role): Record<Action, boolean> {
  return Object.fromEntries(ACTIONS.map((a) => [a, can(role, a)])) as Record<Action, boolean>;
}
