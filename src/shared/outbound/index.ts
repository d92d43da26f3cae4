export { AddressPolicy } from './address-policy';
export { guardedLookup, OutboundRefused } from './guarded-lookup';
