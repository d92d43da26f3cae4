import { subscription } from '../../shared/events';
import { linkDeleted } from '../links';

/** The domain events analytics reacts to (its handler is built in module.ts). */
export const forgetDeletedLink = subscription('forget-deleted-link', linkDeleted);
