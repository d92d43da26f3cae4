import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { ROLES } from '../roles';
import { SCOPES } from '../scopes';

/** Request schemas of the identity API. */
const name = text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createWorkspaceBody = z.strictObject({ name: name.meta({ example: 'Acme' }) });

export const createApiKeyBody = z.strictObject({
  name: name.meta({ example: 'CI deploys' }),
  scopes: z
    .array(z.enum(SCOPES, { message: `must be one of ${SCOPES.join(', ')}` }))
    .min(1, 'must name at least one scope')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a scope')
    .meta({
      uniqueItems: true,
      description: 'What the key may do: only scopes the creating key holds itself',
      example: ['links:read', 'links:write'],
    }),
});

/** POST /internal/identity/principals: a presented API key, as another process received it. */
export const principalLookupBody = z.strictObject({ key: text().min(1).max(200).meta({ description: 'An API key or a session token' }) });

/**
 * Response schemas of the identity API: what the OpenAPI document says each
 * answer is (tested against the answers). The module's types (types.ts) are
 * inferred from them.
 */
const timestamp = z.iso.datetime({ offset: true });
const scopes = z.array(z.enum(SCOPES));

export const workspaceSchema = z
  .object({ id: z.uuid(), name: z.string().meta({ example: 'Acme' }), createdAt: timestamp })
  .meta({ id: 'Workspace', description: 'A tenant: its links, stats, webhooks and API keys are its own' });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string().meta({ example: 'CI deploys' }),
    prefix: z.string().meta({ description: 'The first 11 characters of the key, shown in lists and logs', example: 'sl_Xq3v9TzA' }),
    scopes,
    createdAt: timestamp,
    createdBy: z
      .object({ id: z.uuid(), email: z.string() })
      .nullable()
      .meta({ description: 'The person who made the key while signed in; null for a bootstrap key or one made with a key' }),
  })
  .meta({ id: 'ApiKey', description: 'An API key as listed: never the secret' });

export const createdApiKeySchema = apiKeySchema
  .extend({
    key: z.string().meta({ description: 'The key (sl_…), shown only in this answer', example: 'sl_Xq3v9TzAbLm2Rr8YkWc5NdPe0JhGu7Fs' }),
  })
  .meta({ id: 'CreatedApiKey', description: 'An API key as created: the only answer that carries the key itself' });

export const createdWorkspaceSchema = z.object({
  workspace: workspaceSchema,
  apiKey: createdApiKeySchema,
});

export const apiKeyListSchema = z.object({ data: z.array(apiKeySchema) });

export const actorSchema = z
  .object({
    kind: z.enum(['key', 'user']),
    id: z.uuid(),
    label: z.string().meta({ description: "A key's prefix, a person's email", example: 'sl_Xq3v9TzA' }),
  })
  .meta({ id: 'Actor', description: 'Who did something: an API key or a person' });

export const principalSchema = z
  .object({
    workspaceId: z.uuid(),
    scopes,
    actor: actorSchema,
    role: z.enum(ROLES).nullable().meta({ description: "A person's role in the workspace; null for an API key" }),
    expiresAt: z.number().int().nullable().meta({ description: 'When a session ends (milliseconds since the epoch); null for an API key' }),
  })
  .meta({ id: 'Principal', description: 'Who is calling: resolved from the API key or session on every authenticated request' });

/** The answer of POST /internal/identity/principals, which remote.ts reads. */
export const principalLookupSchema = z.object({
  principal: principalSchema.nullable().meta({ description: 'null for an unknown, revoked or expired credential' }),
});
