import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { ROLES } from '../roles';
import { SCOPES } from '../scopes';

/** Request and response schemas of people: sessions, members, invitations, passwords. */

const timestamp = z.iso.datetime({ offset: true });
const role = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });

const email = text().trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address')).meta({ example: 'ada@example.com' });

/** ASVS 2.1: at least 12 characters, spaces and any script allowed, no composition rules; 256 bounds the hashing work. */
export const newPassword = text()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters')
  .meta({ description: 'At least 12 characters' });

/** A password being checked: its length is not revealed as a rule, only bounded. */
const password = text().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

const personName = text()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')
  .meta({ example: 'Ada Lovelace' });

const secretToken = text().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const signInBody = z.strictObject({ email, password });
export const switchWorkspaceBody = z.strictObject({ workspaceId: z.uuid('must be a workspace id') });
export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword });
export const updateMemberBody = z.strictObject({ role });
export const createInvitationBody = z.strictObject({
  role,
  email: email.optional().meta({ description: 'Only this address may accept it; mailed to it when SMTP_URL is set' }),
});
export const invitationTokenBody = z.strictObject({ token: secretToken });
export const acceptInvitationBody = z.strictObject({
  token: secretToken,
  name: personName,
  email,
  password: newPassword.meta({ description: "A new account's password, or the existing account's own" }),
});
export const passwordResetBody = z.strictObject({ email });
export const completePasswordResetBody = z.strictObject({ token: secretToken, newPassword });

export const userSchema = z
  .object({ id: z.uuid(), email: z.string().meta({ example: 'ada@example.com' }), name: z.string().meta({ example: 'Ada Lovelace' }) })
  .meta({ id: 'User', description: 'A person with an account' });

const workspaceRef = z.object({ id: z.uuid(), name: z.string() });

export const membershipSchema = z
  .object({ workspace: workspaceRef, role })
  .meta({ id: 'Membership', description: 'A workspace the person belongs to, and their role in it' });

export const sessionSchema = z
  .object({
    user: userSchema,
    workspace: workspaceRef.meta({ description: 'The workspace the session acts in' }),
    role,
    scopes: z.array(z.enum(SCOPES)).meta({ description: 'What the role lets the session do' }),
    memberships: z.array(membershipSchema),
    csrfToken: z.string().meta({ description: 'Send it as the X-CSRF-Token header on every write made with the session cookie' }),
    expiresAt: timestamp,
  })
  .meta({ id: 'Session', description: 'A signed-in person: who, in which workspace, with what role' });

export const memberSchema = z
  .object({ user: userSchema, role, joinedAt: timestamp })
  .meta({ id: 'Member', description: 'A person in the workspace' });
export const memberListSchema = z.object({ data: z.array(memberSchema) });

export const invitationSchema = z
  .object({
    id: z.uuid(),
    email: z.string().nullable().meta({ description: 'The only address that may accept it; null for anyone with the link' }),
    role,
    createdAt: timestamp,
    expiresAt: timestamp,
  })
  .meta({ id: 'Invitation', description: 'A pending invitation: never its token' });
export const invitationListSchema = z.object({ data: z.array(invitationSchema) });

export const createdInvitationSchema = invitationSchema
  .extend({
    url: z.string().meta({ description: 'The link to open, shown only in this answer; its token is in the fragment, so no server logs it' }),
  })
  .meta({ id: 'CreatedInvitation', description: 'An invitation as created: the only answer that carries its link' });

export const invitationPreviewSchema = z
  .object({ workspace: z.object({ name: z.string() }), role, email: z.string().nullable(), expiresAt: timestamp })
  .meta({ id: 'InvitationPreview', description: 'What an invitation offers, for the page that accepts it' });
