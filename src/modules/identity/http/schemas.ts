import { z } from 'zod';
import { text } from '../../../shared/http/validate';
import { SCOPES } from '../scopes';

const name = text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const createWorkspaceBody = z.strictObject({ name });

export const createApiKeyBody = z.strictObject({
  name,
  scopes: z
    .array(z.enum(SCOPES, { message: `must be one of ${SCOPES.join(', ')}` }))
    .min(1, 'must name at least one scope')
    .refine((list) => new Set(list).size === list.length, 'must not repeat a scope'),
});

/** POST /internal/identity/principals: a presented API key, as another process received it. */
export const principalLookupBody = z.strictObject({ key: text().min(1).max(200) });
