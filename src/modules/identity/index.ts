// The identity module's public API: what other modules may use.
export { recordAudit, ensureMember, presentUser } from './identity.service.ts';
export { identityRoutes } from './identity.routes.ts';
export { hashPassword } from '../../platform/passwords.ts';
export { getUserByPhone, insertUser } from './identity.repository.ts';
