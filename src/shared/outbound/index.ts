export { AddressPolicy } from './address-policy';
export { destinationRefusal, guardedLookup, OutboundRefused } from './guarded-lookup';
export { OutboundTimeout, OutboundTooLarge, type OutboundRequest, type OutboundResponse } from './http-call';
export { OutboundClient, OutboundUnavailable, type OutboundSettings } from './client';
export { createOutboundClient } from './create';
export { answer, internalCall, type InternalTarget } from './internal-call';
