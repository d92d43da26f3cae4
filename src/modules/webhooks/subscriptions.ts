import { subscription } from '../../shared/events';
import { linkClicked } from '../analytics';
import { linkCreated, linkDeleted, linkUpdated } from '../links';

/** The domain events webhooks turns into deliveries (their handlers are in fan-out.ts). */
export const deliverLinkCreated = subscription('deliver-link-created', linkCreated);
export const deliverLinkUpdated = subscription('deliver-link-updated', linkUpdated);
export const deliverLinkDeleted = subscription('deliver-link-deleted', linkDeleted);
export const deliverLinkClicked = subscription('deliver-link-clicked', linkClicked);
