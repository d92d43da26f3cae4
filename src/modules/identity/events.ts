import { z } from 'zod';
import { defineEvent } from '../../shared/events';
import { ROLES } from './roles';
import { SCOPES } from './scopes';

/**
 * The domain events identity publishes about a workspace's keys and people,
 * each in the transaction of the change it reports. None carries a secret:
 * no key, token, password or hash — a key is named by its prefix, an
 * invitation by its id.
 */
const role = z.enum(ROLES);
const apiKey = z.object({ id: z.uuid(), name: z.string(), prefix: z.string() });
const member = z.object({ userId: z.uuid(), email: z.string() });
const invitation = z.object({ id: z.uuid(), email: z.string().nullable(), role });

/** A key made with the API, or a new workspace's bootstrap key. */
export const apiKeyCreated = defineEvent('api_key.created', 1, z.object({ apiKey: apiKey.extend({ scopes: z.array(z.enum(SCOPES)) }) }));

export const apiKeyRevoked = defineEvent('api_key.revoked', 1, z.object({ apiKey }));

/** `via`: an accepted invitation, or an account made for the workspace (the CLI's user:create). */
export const memberAdded = defineEvent('member.added', 1, z.object({ member, role, via: z.enum(['invitation', 'account']) }));

export const memberRoleChanged = defineEvent('member.role_changed', 1, z.object({ member, from: role, to: role }));

export const memberRemoved = defineEvent('member.removed', 1, z.object({ member, role }));

export const invitationCreated = defineEvent('invitation.created', 1, z.object({ invitation: invitation.extend({ expiresAt: z.string() }) }));

export const invitationRevoked = defineEvent('invitation.revoked', 1, z.object({ invitation }));
