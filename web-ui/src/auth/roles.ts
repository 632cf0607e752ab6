/** The roles of API tokens and what the dashboard offers each; the server decides (AccessPolicy), this only hides. */
export type Role = 'VIEWER' | 'OPERATOR' | 'ADMIN' | 'RUNTIME';

/** What a person can do from the dashboard, by the lowest role the API allows it to. */
export type Action = 'read' | 'changeTraffic' | 'readAuditLog' | 'editRules' | 'acknowledgeAlerts' | 'runDrills'
  | 'scheduleDrills' | 'requestChanges' | 'decideChanges' | 'manageFreezes' | 'protectEnvironments' | 'overrideFreeze';

/** The README's role table (access/domain/AccessPolicy.java on the server). */
const LOWEST: Record<Action, Role> = {
  read: 'VIEWER',
  changeTraffic: 'OPERATOR',
  readAuditLog: 'OPERATOR',
  editRules: 'OPERATOR',
  acknowledgeAlerts: 'OPERATOR',
  runDrills: 'OPERATOR',
  scheduleDrills: 'ADMIN',
  requestChanges: 'OPERATOR',
  /** approveChange and rejectChange: never of one's own request ({@link mayDecide}). */
  decideChanges: 'OPERATOR',
  manageFreezes: 'ADMIN',
  protectEnvironments: 'ADMIN',
  overrideFreeze: 'ADMIN',
};

const RANK: Record<Role, number> = { VIEWER: 1, OPERATOR: 2, ADMIN: 3, RUNTIME: 0 };

/** Whether the role may do the action: people's roles include the lower ones; RUNTIME tokens may do nothing here. */
export function can(role: Role | null | undefined, action: Action): boolean {
  if (!role || role === 'RUNTIME') return false;
  return RANK[role] >= RANK[LOWEST[action]];
}
