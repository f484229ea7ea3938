export const ROLES = ['sachbearbeitung', 'teamleitung', 'administration'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  sachbearbeitung: 'Sachbearbeitung',
  teamleitung: 'Teamleitung',
  administration: 'Administration',
};
